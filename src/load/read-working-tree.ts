// The working tree as a FileSource.
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { blobIdOf, type FileSource, type ListedFile, type ReadFile } from "./file-source";

const SKIP = new Set(["node_modules", ".git"]);

export function workingTree(root: string): FileSource {
  return {
    label: "working tree",
    async list(dirs) {
      const found: ListedFile[] = [];
      for (const dir of dirs) await walk(root, join(root, dir), found);
      return dedupe(found);
    },
    async read(files) {
      return Promise.all(
        files.map(async ({ path }): Promise<ReadFile> => {
          try {
            // A link could point anywhere on the runner, and its target would be echoed in error messages.
            if ((await lstat(join(root, path))).isSymbolicLink()) {
              return { path, error: "is a symbolic link; guest and stack files must be regular files", blobId: "" };
            }
            const bytes = await readFile(join(root, path));
            return { path, bytes, blobId: blobIdOf(bytes) };
          } catch (err) {
            return { path, error: describeIoError(err), blobId: "" };
          }
        }),
      );
    },
  };
}

async function walk(root: string, dir: string, out: ListedFile[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return;
    throw err;
  }
  for (const entry of entries) {
    if (SKIP.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, out);
    else if (entry.isFile() || entry.isSymbolicLink()) out.push({ path: relative(root, full).split(sep).join("/") });
  }
}

function dedupe(files: ListedFile[]): ListedFile[] {
  const seen = new Map(files.map((f) => [f.path, f]));
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function describeIoError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "file not found";
  if (code === "EISDIR") return "is a folder, not a file";
  return (err as Error).message;
}
