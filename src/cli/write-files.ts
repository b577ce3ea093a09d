// Writing several files as one change: all of them or none, so that a failure (a full disk, a folder
// that cannot be created) never leaves a tenant repository half written.
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Writes every file or none: on a failure half-way, what was written is removed and what was overwritten
 * is put back, so a folder is never left half a tenant repository.
 */
export function writeAll(dir: string, files: Readonly<Record<string, string>>, write: (path: string, text: string) => void = writeFileSync): void {
  const createdDirs: string[] = [];
  const done: { path: string; before?: Buffer }[] = [];
  const makeDir = (path: string) => {
    if (existsSync(path)) return;
    makeDir(dirname(path));
    mkdirSync(path);
    createdDirs.push(path);
  };
  try {
    for (const [rel, text] of Object.entries(files)) {
      const path = join(dir, ...rel.split("/"));
      makeDir(dirname(path));
      const before = existsSync(path) ? readFileSync(path) : undefined;
      done.push({ path, ...(before && { before }) });
      write(path, text);
    }
  } catch (err) {
    for (const { path, before } of done.reverse()) {
      try {
        if (before) writeFileSync(path, before);
        else rmSync(path, { force: true });
      } catch {
        // Best effort: the original error is the one to report.
      }
    }
    for (const d of createdDirs.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // Not empty: something else was put there meanwhile; leave it.
      }
    }
    throw err;
  }
}
