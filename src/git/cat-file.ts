// One long-lived `git cat-file --batch` process that answers many requests in turn: an audit reads the
// blobs and commit objects of thousands of commits, and a process per commit would cost more than the
// parsing itself.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { BatchParser, type BatchObject } from "./parse-git-output";
import { GIT_FLAGS, GitError, gitEnv } from "./run-git";

interface Pending {
  ids: string[];
  found: Map<string, BatchObject>;
  resolve(found: Map<string, BatchObject>): void;
  reject(err: Error): void;
}

export class CatFile {
  private readonly child: ChildProcessWithoutNullStreams;
  /** Requests in the order they were written; git answers in the same order. */
  private readonly queue: Pending[] = [];
  private failure?: Error;
  private stderr = "";

  constructor(cwd: string, maxBytes = Number.POSITIVE_INFINITY) {
    this.child = spawn("git", [...GIT_FLAGS, "cat-file", "--batch"], { cwd, env: gitEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const parser = new BatchParser((object) => this.deliver(object), maxBytes);
    this.child.stdout.on("data", (chunk: Buffer) => {
      if (this.failure) return;
      try {
        parser.push(chunk);
      } catch (err) {
        this.fail(err as Error);
      }
    });
    this.child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString("utf8")));
    this.child.on("error", (err: NodeJS.ErrnoException) => this.fail(err.code === "ENOENT" ? new GitError("git is not installed or not on PATH; the audit reads history with git", "install git, or run guestops where git is available") : err));
    this.child.on("close", (code) => {
      if (this.queue.length > 0) this.fail(new Error(`git cat-file --batch stopped (exit ${code}): ${this.stderr.trim().split("\n")[0] ?? ""}`));
    });
    this.child.stdin.on("error", (err) => this.fail(err));
  }

  /** The objects, by id, in one round trip. Missing objects come back with `problem` set. */
  read(ids: readonly string[]): Promise<Map<string, BatchObject>> {
    if (this.failure) return Promise.reject(this.failure);
    const unique = [...new Set(ids)];
    if (unique.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.queue.push({ ids: unique, found: new Map(), resolve, reject });
      this.child.stdin.write(unique.join("\n") + "\n");
    });
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }

  private deliver(object: BatchObject): void {
    const head = this.queue[0];
    if (!head) {
      this.fail(new Error(`git cat-file answered ${object.id}, which nobody asked for`));
      return;
    }
    head.found.set(head.ids[head.found.size]!, object);
    if (head.found.size === head.ids.length) {
      this.queue.shift();
      head.resolve(head.found);
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const p of this.queue.splice(0)) p.reject(err);
    this.child.kill();
  }
}
