// Parses and checks many files, on two cores when there are enough of them: a worker thread takes a share
// of the files while this thread parses the rest. Parsing is most of validate's and plan's time at
// thousands of files (test/bench). A small repository never waits for a worker: below PARALLEL_MIN_BYTES
// everything stays on this thread, and the worker is not even started; nor on a busy machine.
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { checkFile, type CheckedFile } from "./check-file";
import { withPositions, type PortablePositions } from "./parse-yaml";
import type { SchemaName } from "./schema-validators";

export interface CheckJob {
  bytes: Uint8Array;
  schema: SchemaName;
}

/** A checked file as it crosses threads: the result's plain parts and its positions. */
export interface PortableCheck {
  checked: CheckedFile;
  positions?: PortablePositions;
}

/**
 * Below this many bytes, one thread is faster: starting a worker and copying results back costs about as
 * much as parsing this much YAML (measured in test/bench/validate.bench.ts: about 2,000 guests).
 */
export const PARALLEL_MIN_BYTES = 512 * 1024;
/** The worker's share of the bytes: less than half, since this thread also copies its results in. */
const WORKER_SHARE = 0.45;
/** 1 always uses the worker for large repositories, 0 never; unset, it is used when it pays (`workerPays`). */
export const WORKERS_ENV = "GUESTOPS_PARSE_WORKER";

declare const __GUESTOPS_CHECK_WORKER__: string | undefined;

/**
 * Whether a second thread can help here. Under tsx (development, tests) the worker spends about a second
 * loading TypeScript, more than it saves, so only the compiled CLI uses it. And it needs a core that is
 * not busy already: on a saturated machine the two threads only take turns (measured on a shared 2-vCPU
 * machine at load 9-11: 1.2x slower). GUESTOPS_PARSE_WORKER=1 forces it, =0 forbids it.
 */
function workerPays(env: NodeJS.ProcessEnv): boolean {
  if (env[WORKERS_ENV] === "0") return false;
  if (env[WORKERS_ENV] === "1") return true;
  const cores = availableParallelism();
  return typeof __GUESTOPS_CHECK_WORKER__ === "string" && cores >= 2 && loadavg()[0]! <= cores - 1;
}

export async function checkFiles(jobs: readonly CheckJob[], opts: { minBytes?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CheckedFile[]> {
  const total = jobs.reduce((n, j) => n + j.bytes.length, 0);
  if (jobs.length < 2 || total < (opts.minBytes ?? PARALLEL_MIN_BYTES) || !workerPays(opts.env ?? process.env)) return jobs.map((j) => checkFile(j.bytes, j.schema));

  // The worker takes the files at the end, until it holds its share of the bytes.
  let split = jobs.length;
  for (let bytes = 0; split > 1 && bytes < total * WORKER_SHARE; ) bytes += jobs[--split]!.bytes.length;
  // A worker that cannot even start rejects here like one that crashes later.
  const theirs = (async () => runOnWorker(jobs.slice(split)))();
  theirs.catch(() => undefined); // handled below, after this thread's share
  const ours = jobs.slice(0, split).map((j) => checkFile(j.bytes, j.schema));
  let rest: CheckedFile[];
  try {
    rest = (await theirs).map(({ checked, positions }) => ({ ...checked, parsed: withPositions(checked.parsed, positions) }));
  } catch {
    // A worker that failed to start or crashed costs time, never results.
    rest = jobs.slice(split).map((j) => checkFile(j.bytes, j.schema));
  }
  return [...ours, ...rest];
}

let worker: { thread: Worker; queue: { resolve(r: PortableCheck[]): void; reject(e: unknown): void }[] } | undefined;

/** One long-lived worker per process, started on first use. */
function runOnWorker(jobs: readonly CheckJob[]): Promise<PortableCheck[]> {
  if (!worker) {
    const thread = startWorker();
    const w = { thread, queue: [] as { resolve(r: PortableCheck[]): void; reject(e: unknown): void }[] };
    thread.on("message", (results: PortableCheck[]) => {
      w.queue.shift()?.resolve(results);
      if (w.queue.length === 0) thread.unref();
    });
    const fail = (err: unknown) => {
      if (worker === w) worker = undefined;
      for (const waiting of w.queue.splice(0)) waiting.reject(err);
    };
    thread.on("error", fail);
    thread.on("exit", (code) => fail(new Error(`parse worker exited with code ${code}`)));
    worker = w;
  }
  const w = worker;
  return new Promise((resolve, reject) => {
    w.queue.push({ resolve, reject });
    // Referenced while it has work, so that the process waits for the answer; idle, it never keeps it alive.
    w.thread.ref();
    w.thread.postMessage(jobs);
  });
}

function startWorker(): Worker {
  // The compiled CLI bundles the worker beside itself (src/cli/build-cli.js); under tsx it runs the source.
  if (typeof __GUESTOPS_CHECK_WORKER__ === "string") return new Worker(join(__dirname, __GUESTOPS_CHECK_WORKER__));
  return new Worker(`require("tsx/cjs"); require(${JSON.stringify(join(__dirname, "check-files-worker.ts"))});`, { eval: true });
}
