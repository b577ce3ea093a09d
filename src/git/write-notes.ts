// Writes and reads Git notes and annotated tags: the records that approvals and deployments leave in Git.
// Argument arrays only, messages through a file, never a shell.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommitObject } from "./parse-history";
import { GitError, runGit } from "./run-git";

function withMessageFile<T>(text: string, use: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "guestops-msg-"));
  const path = join(dir, "message");
  writeFileSync(path, text);
  return use(path).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** The full id of a commit, or a GitError naming the revision. */
export async function resolveCommit(cwd: string, rev: string): Promise<string> {
  const r = await runGit(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
  if (r.code !== 0) throw new GitError(`${JSON.stringify(rev)} is not a commit in this repository`, "pass a commit id or branch; in CI fetch it first (actions/checkout with fetch-depth: 0)");
  return r.stdout.toString("utf8").trim();
}

/** A commit's whole message, read from its object as the audit reads it (parseCommitObject). */
export async function readCommitMessage(cwd: string, commit: string): Promise<string> {
  const r = await runGit(cwd, ["cat-file", "commit", commit]);
  if (r.code !== 0) throw new GitError(`could not read commit ${commit}: ${r.stderr.trim().split("\n")[0] ?? ""}`, "pass a commit of this repository; in CI fetch it first (actions/checkout with fetch-depth: 0)");
  return parseCommitObject(r.stdout).message;
}

/** Adds (or replaces: re-running the merge job must not fail) the note on `commit` under `ref`. */
export async function writeNote(cwd: string, ref: string, commit: string, text: string): Promise<void> {
  await withMessageFile(text, async (file) => {
    const r = await runGit(cwd, ["notes", `--ref=${ref}`, "add", "--force", "--file", file, commit]);
    if (r.code !== 0) throw new GitError(`could not write the note on ${commit}: ${r.stderr.trim().split("\n")[0] ?? ""}`, "check that the repository is writable and that user.name and user.email are set");
  });
}

/** The note on `commit` under `ref`, or undefined when it has none. */
export async function readNote(cwd: string, ref: string, commit: string): Promise<string | undefined> {
  const r = await runGit(cwd, ["notes", `--ref=${ref}`, "show", commit]);
  return r.code === 0 ? r.stdout.toString("utf8") : undefined;
}

/** Creates an annotated tag; an existing tag of the same name is an error, never moved. */
export async function createAnnotatedTag(cwd: string, name: string, commit: string, message: string): Promise<void> {
  await withMessageFile(message, async (file) => {
    const r = await runGit(cwd, ["tag", "--annotate", "--file", file, "--end-of-options", name, commit]);
    if (r.code !== 0) throw new GitError(`could not create tag ${name}: ${r.stderr.trim().split("\n")[0] ?? ""}`, "tags are never moved: each deployment gets a new one; check user.name and user.email are set");
  });
}
