// Reads a stack's deploy tags from Git and keeps only those that prove themselves (judgeDeployTag), with
// their commit on the first-parent history of the head. One for-each-ref, one cat-file --batch, and at
// most one first-parent walk, stopped as soon as every candidate's commit is found.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { CatFile } from "./cat-file";
import { candidateCommits, DEPLOY_TAG_PREFIX, parseTagObject, sortDeployTags, type DeployTag, type PassedOver, type TrustedRecord } from "./deploy-records";
import { GIT_FLAGS, gitEnv, runGit } from "./run-git";

/** A tag object is a few hundred bytes; a bigger one is no record, and is never buffered. */
const MAX_TAG_BYTES = 64 * 1024;

export interface DeployRecords {
  /** The records that count, newest first. */
  trusted: TrustedRecord[];
  /** Every other tag under the stack's prefix, newest first, with why it does not count. */
  passedOver: PassedOver[];
}

export interface ReadDeployRecordsOptions {
  /** The commit whose first-parent history a record's commit must be on. */
  head: string;
  /** How the head is shown in a reason, e.g. HEAD. */
  headLabel?: string;
  /** ISO time: records dated after it are refused. Default: now. */
  notAfter?: string;
  /** ISO time: the clock. Default: now. */
  now?: string;
  /** The head's first-parent commits, when the caller has them already (the audit). */
  firstParent?: readonly string[];
}

export async function readDeployRecords(cwd: string, stack: string, opts: ReadDeployRecordsOptions): Promise<DeployRecords> {
  const tags = await readDeployTags(cwd, stack);
  if (tags.length === 0) return { trusted: [], passedOver: [] };
  const now = opts.now ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const ctx = { stack, now, notAfter: opts.notAfter !== undefined && opts.notAfter < now ? opts.notAfter : now, head: opts.headLabel ?? opts.head };
  const wanted = candidateCommits(tags, ctx);
  const onChain = opts.firstParent ? new Set(opts.firstParent.filter((c) => wanted.includes(c))) : await findOnFirstParent(cwd, opts.head, wanted);
  return sortDeployTags(tags, ctx, onChain);
}

/** Every tag under guestops/deploy/<stack>/, with its tag object when it has one. */
export async function readDeployTags(cwd: string, stack: string): Promise<DeployTag[]> {
  const r = await runGit(cwd, ["for-each-ref", "--format=%(objectname) %(objecttype) %(refname:strip=2)", `refs/tags/${DEPLOY_TAG_PREFIX}/${stack}/`]).catch(() => undefined);
  if (r === undefined || r.code !== 0) return [];
  const listed = r.stdout
    .toString("utf8")
    .split("\n")
    .flatMap((line) => {
      const m = /^([0-9a-f]{40,64}) (\S+) (.+)$/.exec(line);
      return m ? [{ id: m[1]!, type: m[2]!, name: m[3]! }] : [];
    });
  const annotated = listed.filter((t) => t.type === "tag").map((t) => t.id);
  if (annotated.length === 0) return listed.map(({ name, type }) => ({ name, type }));
  const cat = new CatFile(cwd, MAX_TAG_BYTES);
  try {
    const objects = await cat.read(annotated);
    return listed.map(({ id, name, type }) => {
      const bytes = type === "tag" ? objects.get(id)?.bytes : undefined;
      return bytes ? { name, type, object: parseTagObject(bytes) } : { name, type };
    });
  } finally {
    cat.close();
  }
}

/** Which of `commits` are on the first-parent history of `head`: one rev-list, stopped once all are found. */
export async function findOnFirstParent(cwd: string, head: string, commits: readonly string[]): Promise<Set<string>> {
  const wanted = new Set(commits);
  const found = new Set<string>();
  if (wanted.size === 0) return found;
  const child = spawn("git", [...GIT_FLAGS, "rev-list", "--first-parent", head, "--"], { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "ignore"] });
  const closed = new Promise<void>((resolve) => {
    child.on("error", () => resolve());
    child.on("close", () => resolve());
  });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (wanted.has(line)) found.add(line);
    if (found.size === wanted.size) break;
  }
  lines.close();
  if (child.exitCode === null) child.kill();
  await closed;
  return found;
}
