// Where the repository's stacks and guests are, seen from the folder a command runs in: that folder or
// the nearest one above it that holds stacks/, so `cd guests && guestops validate` works. The search
// stops at the top of the Git repository, so it never picks up an unrelated folder outside it.
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { STACKS_DIR } from "./load-repo";

export type RootSearch = { root: string } | { root?: undefined; looked: string[] };

export function findRepositoryRoot(start: string): RootSearch {
  const looked: string[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    looked.push(dir);
    if (isDirectory(join(dir, STACKS_DIR))) return { root: dir };
    // The top of a Git repository (a .git folder, or a .git file in a worktree or submodule).
    if (exists(join(dir, ".git")) || dirname(dir) === dir) return { looked };
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
