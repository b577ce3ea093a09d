// Reads blobs through ONE `git cat-file --batch` process: a process per file would cost milliseconds
// each, which at a thousand changed files is most of a plan's time.
import { spawn } from "node:child_process";
import { BatchParser, type BatchObject } from "./parse-git-output";
import { GIT_FLAGS, GitError, gitEnv } from "./run-git";

export interface Blob {
  size: number;
  /** Absent when the blob is over `maxBytes`: it is never held in memory. */
  bytes?: Uint8Array;
}

/** Each requested blob, by id. Rejects if git fails or an object is missing or not a blob. */
export function readBlobs(cwd: string, ids: readonly string[], maxBytes = Number.POSITIVE_INFINITY): Promise<Map<string, Blob>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, Blob>();
  if (unique.length === 0) return Promise.resolve(found);

  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(err);
    };
    const child = spawn("git", [...GIT_FLAGS, "cat-file", "--batch"], { cwd, env: gitEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const parser = new BatchParser((object: BatchObject) => {
      if (object.problem || object.type !== "blob" || object.size === undefined) {
        // A broken or partial clone is the repository's state, not a bug in guestops: say how to repair it.
        fail(new GitError(`the repository's object ${object.id} is ${object.problem ?? `a ${object.type}, not a blob`}, so that revision cannot be read`, "fetch the revision again (git fetch), or check the clone with git fsck"));
        return;
      }
      found.set(object.id, object.bytes ? { size: object.size, bytes: object.bytes } : { size: object.size });
    }, maxBytes);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.stdout.on("data", (chunk: Buffer) => {
      if (failed) return;
      try {
        parser.push(chunk);
      } catch (err) {
        fail(err as Error);
      }
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      fail(err.code === "ENOENT" ? new GitError("git is not installed or not on PATH; plan reads the base revision with git", "install git, or run guestops where git is available") : err);
    });
    child.on("close", (code) => {
      if (failed) return;
      try {
        parser.end();
      } catch (err) {
        fail(err as Error);
        return;
      }
      if (code !== 0) fail(new Error(`git cat-file --batch failed (exit ${code}): ${stderr.trim().split("\n")[0] ?? ""}`));
      else if (found.size !== unique.length) fail(new Error(`git cat-file returned ${found.size} of ${unique.length} objects`));
      else resolve(found);
    });
    // Node buffers what the pipe cannot take yet, and stdout is drained concurrently, so this cannot deadlock.
    child.stdin.on("error", (err) => fail(err));
    child.stdin.end(unique.join("\n") + "\n");
  });
}
