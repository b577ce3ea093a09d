// The first-parent history of a branch, streamed from ONE `git log --raw -z` process, oldest first:
// what reached the branch, when, and which files each commit changed against its first parent.
import { spawn } from "node:child_process";
import { LOG_FORMAT, LOG_FORMAT_SIGNED, LogParser, type LogCommit } from "./parse-history";
import { GIT_FLAGS, GitError, gitEnv, gitOutput, runGit } from "./run-git";

export const APPROVALS_NOTES_REF = "refs/notes/guestops-approvals";

export interface HistoryStart {
  root: string;
  /** The folder of `cwd` inside the repository, with a trailing slash, or "". */
  prefix: string;
  /** The commit `rev` names. */
  head: string;
}

/** Finds the repository and the commit; refuses a shallow clone, whose history would look shorter than it is. */
export async function openHistory(cwd: string, rev: string): Promise<HistoryStart> {
  if (rev === "" || rev.startsWith("-") || /[\0-\x1f\x7f]/.test(rev)) throw new GitError(`--rev ${JSON.stringify(rev)} is not a Git revision`, "pass a branch, tag or commit, for example --rev origin/main");
  const r = await runGit(cwd, ["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "--verify", "--quiet", `${rev}^{commit}`]);
  const [root = "", prefix = "", shallow = "", head = ""] = r.stdout.toString("utf8").split("\n");
  if (root === "") throw new GitError(`${cwd} is not inside a Git repository; the audit reads the repository's Git history`, "run guestops in a clone of the repository");
  if (shallow === "true") {
    throw new GitError(
      "this is a shallow clone: its history is cut off, so the audit would miss every change before the cut",
      "run git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0; in Azure Pipelines: fetchDepth: 0)",
    );
  }
  if (r.code !== 0 || !/^[0-9a-f]{40,64}$/.test(head)) throw new GitError(`--rev ${JSON.stringify(rev)} is not a commit in this repository`, "check it with git log --oneline; the default is HEAD");
  return { root, prefix, head };
}

/**
 * Each first-parent commit of `head`, oldest first, with the files it changed; with `signatures`, git's
 * verdict on each one's signature too (only then: checking signatures costs a gpg or ssh-keygen run per
 * signed commit, inside git).
 */
export async function* readHistory(root: string, head: string, options: { signatures?: boolean } = {}): AsyncGenerator<LogCommit> {
  const format = options.signatures ? LOG_FORMAT_SIGNED : LOG_FORMAT;
  const args = ["log", "--first-parent", "--diff-merges=first-parent", "--root", "--reverse", "--raw", "-z", "--no-renames", "--no-abbrev", "--no-show-signature", `--format=${format}`, head, "--"];
  const child = spawn("git", [...GIT_FLAGS, ...args], { cwd: root, env: gitEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const ready: LogCommit[] = [];
  const parser = new LogParser((c) => ready.push(c), { signed: options.signatures === true });
  try {
    for await (const chunk of child.stdout) {
      parser.push(chunk as Buffer);
      while (ready.length > 0) yield ready.shift()!;
    }
    const code = await closed;
    if (code !== 0) throw new Error(`git log failed (exit ${code}): ${stderr.trim().split("\n")[0] ?? ""}`);
    parser.end();
    while (ready.length > 0) yield ready.shift()!;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/** Commit id to note blob id, for every note under the approvals ref; empty when there is none. */
export async function readNoteIndex(root: string): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  const ref = await runGit(root, ["rev-parse", "--verify", "--quiet", APPROVALS_NOTES_REF]);
  if (ref.code !== 0) return index;
  const out = await gitOutput(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "list"]);
  for (const line of out.toString("latin1").split("\n")) {
    const [blob, commit] = line.split(" ");
    if (blob && commit && /^[0-9a-f]{40,64}$/.test(blob) && /^[0-9a-f]{40,64}$/.test(commit)) index.set(commit, blob);
  }
  return index;
}
