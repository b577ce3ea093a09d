// Real temporary Git repositories for tests. CI has no Git identity, so commits name a fixed author and
// date through the environment; nothing reads the user's git config.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { testdir, writeTree } from "../helpers/testdir";

const IDENTITY = {
  GIT_AUTHOR_NAME: "Guestops Test",
  GIT_AUTHOR_EMAIL: "test@contoso.com",
  GIT_COMMITTER_NAME: "Guestops Test",
  GIT_COMMITTER_EMAIL: "test@contoso.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

export function git(root: string, args: string[], date = "2026-11-30T09:00:00+00:00"): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", env: { ...process.env, ...IDENTITY, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
}

/** A new repository on branch main; each entry of `commits` is applied (null deletes a path) and committed. */
export function gitRepo(commits: { message: string; files: Record<string, string | Uint8Array | null>; date?: string }[]): string {
  const root = testdir({});
  git(root, ["init", "-q", "-b", "main"]);
  for (const c of commits) commit(root, c.files, c.message, c.date);
  return root;
}

export function commit(root: string, files: Record<string, string | Uint8Array | null>, message: string, date?: string): void {
  applyFiles(root, files);
  git(root, ["add", "-A"]);
  git(root, ["commit", "-q", "--allow-empty", "-m", message], date);
}

/** Changes the working tree only: the head of a plan. */
export function applyFiles(root: string, files: Record<string, string | Uint8Array | null>): void {
  const write: Record<string, string | Uint8Array> = {};
  for (const [path, content] of Object.entries(files)) {
    if (content === null) rmSync(join(root, path), { recursive: true, force: true });
    else write[path] = content;
  }
  writeTree(root, write);
}
