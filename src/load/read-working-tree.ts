// The working tree as a FileSource.
import { lstatSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, posix, relative, sep } from "node:path";
import { blobIdOf, type FileSource, type ListedFile, type ReadFile } from "./file-source";
import { MAX_FILE_BYTES } from "./parse-yaml";

const SKIP = new Set(["node_modules", ".git"]);

export function workingTree(root: string): FileSource {
  return {
    label: "working tree",
    async list(dirs) {
      const found: ListedFile[] = [];
      const links = linkedFolders(root);
      for (const dir of dirs) {
        // A folder that is, or lies below, a link would list files from wherever the link points.
        const link = links(dir === "." ? "" : posix.normalize(dir));
        if (link === OUTSIDE) continue;
        if (link !== undefined) found.push({ path: link, kind: "symlink" });
        else await walk(root, join(root, dir), found);
      }
      return dedupe(found);
    },
    // Synchronous reads: a thousand small files read faster one after another than through the thread pool.
    async read(files) {
      const links = linkedFolders(root);
      return files.map(({ path }): ReadFile => {
        try {
          const link = links(posix.dirname(posix.normalize(path)));
          if (link === OUTSIDE) return { path, error: "is outside the repository", blobId: "" };
          if (link !== undefined) return { path, error: `is in ${link}, a symbolic link; guest and stack files must be regular files in this repository`, blobId: "" };
          const stat = lstatSync(join(root, path));
          // A link could point anywhere on the runner, and its target would be echoed in error messages.
          if (stat.isSymbolicLink()) return { path, error: "is a symbolic link; guest and stack files must be regular files", blobId: "" };
          // Refused unread, so a huge file never reaches memory.
          if (stat.size > MAX_FILE_BYTES) return { path, tooLarge: stat.size, blobId: "" };
          const bytes = readFileSync(join(root, path));
          return { path, bytes, blobId: blobIdOf(bytes) };
        } catch (err) {
          return { path, error: describeIoError(err), blobId: "" };
        }
      });
    },
  };
}

const OUTSIDE = "\0outside";

/**
 * For a folder path relative to `root`: the first of its folders that is a symbolic link, OUTSIDE when
 * the path leaves `root`, or undefined when every folder on the way is a real one. Answers are cached.
 */
function linkedFolders(root: string): (dir: string) => string | undefined {
  const known = new Map<string, string | undefined>();
  const check = (dir: string): string | undefined => {
    if (dir === "" || dir === ".") return undefined;
    if (dir === ".." || dir.startsWith("../") || posix.isAbsolute(dir)) return OUTSIDE;
    if (known.has(dir)) return known.get(dir);
    let found = check(posix.dirname(dir));
    if (found === undefined) {
      try {
        if (lstatSync(join(root, dir)).isSymbolicLink()) found = dir;
      } catch {
        // A missing folder holds nothing to follow; the caller finds that out itself.
      }
    }
    known.set(dir, found);
    return found;
  };
  return check;
}

async function walk(root: string, dir: string, out: ListedFile[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return;
    throw err;
  }
  const rel = (full: string) => relative(root, full).split(sep).join("/");
  // A folder with its own .git is a submodule or a nested clone: Git revisions hold only a pointer to
  // it, so its files must not count here either.
  if (dir !== root && entries.some((e) => e.name === ".git")) {
    out.push({ path: rel(dir), kind: "submodule" });
    return;
  }
  for (const entry of entries) {
    if (SKIP.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, out);
    else if (entry.isFile()) out.push({ path: rel(full) });
    // Listed, never followed: a link could point anywhere on the runner.
    else if (entry.isSymbolicLink()) out.push({ path: rel(full), kind: "symlink" });
    else out.push({ path: rel(full), kind: "other" });
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
