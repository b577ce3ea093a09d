// Runs git as a child process: argument arrays only (never a shell, so a ref or path from a PR cannot
// inject a command), quotePath off so non-ASCII paths come back as UTF-8, and literal pathspecs so a
// `*` in a folder name is a character, not a glob.
import { execFile } from "node:child_process";

/** A failure the user can fix (not a Git repository, unknown revision, git missing), with a hint. */
export class GitError extends Error {
  override name = "GitError";
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Flags in front of every git command. */
export const GIT_FLAGS = ["-c", "core.quotePath=false", "--literal-pathspecs", "--no-pager"];

/** Output of ls-tree for 10,000 files is well under this; it bounds what a hostile tree can make us buffer. */
const MAX_BUFFER = 256 * 1024 * 1024;

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  /** Exit code; 0 on success. */
  code: number;
}

/** Runs `git ARGS` in `cwd`. Resolves with the exit code rather than throwing, so callers word their own errors. */
export function runGit(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile("git", [...GIT_FLAGS, ...args], { cwd, encoding: "buffer", maxBuffer: MAX_BUFFER, env: gitEnv() }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === "ENOENT") {
        reject(new GitError("git is not installed or not on PATH; plan reads the base revision with git", "install git, or run guestops where git is available"));
        return;
      }
      if (err && typeof (err as { code?: unknown }).code !== "number") {
        reject(err);
        return;
      }
      resolve({ stdout, stderr: stderr.toString("utf8"), code: err ? Number((err as { code: number }).code) : 0 });
    });
  });
}

/** Like runGit, but a non-zero exit is an error naming the command. */
export async function gitOutput(cwd: string, args: readonly string[]): Promise<Buffer> {
  const r = await runGit(cwd, args);
  if (r.code !== 0) throw new Error(`git ${args[0]} failed (exit ${r.code}): ${r.stderr.trim().split("\n")[0] ?? ""}`);
  return r.stdout;
}

/** The environment for git: no prompts, no pager, and messages in English so that they read the same everywhere. */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", LC_ALL: "C", LANG: "C" };
}
