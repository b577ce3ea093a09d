// A tenant of 100,000 guests over 10 shards (10,000 files): validate and plan of every shard in one run,
// each in a fresh process with its peak memory, beside a bare `yaml.parseDocument` of the same files
// measured in the same run. The plan's head differs in 1% of the files and moves 10 files (100 guests)
// from the first shard to the second.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LineCounter, parseDocument } from "yaml";
import { writeTree } from "../helpers/write-tree";
import type { BenchSection } from "./run";
import { mib, ms, ratio } from "./measure";
import { syntheticRepo, syntheticStack } from "./synthetic";

const GUESTS = 100_000;
const SHARDS = 10;
const FILES = 10_000;
const AS_OF = "2026-12-01";
const RUNS = 3;
const ROOT = join(__dirname, "..", "..");
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@contoso.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@contoso.com" };

/** The synthetic repository's files, dealt to shards by file index; `moved` files sit in shard 1 instead of 0. */
function shardedRepo(opts: { mutate?: (f: number) => boolean; moved?: (f: number) => boolean } = {}): Record<string, string> {
  const flat = syntheticRepo({ guests: GUESTS, files: FILES, ...(opts.mutate && { mutate: opts.mutate }) });
  const files: Record<string, string> = { "tenants/bench.yaml": syntheticStack() };
  for (let s = 0; s < SHARDS; s++) files[`stacks/bench-${s}.yaml`] = `tenant: bench\nguestFiles: ["guests/shard-${s}/**/*.yaml"]\n`;
  for (const [path, text] of Object.entries(flat)) {
    const f = Number(/partner-(\d+)\.yaml$/.exec(path)?.[1] ?? -1);
    if (f < 0) continue;
    const shard = opts.moved?.(f) ? 1 : f % SHARDS;
    files[`guests/shard-${shard}/partner-${String(f).padStart(5, "0")}.yaml`] = text;
  }
  return files;
}

/** Runs `guestops <args>` in a fresh process through the CLI's own main; its time and peak RSS. */
function cli(root: string, args: string[]): { ms: number; rss: number } {
  const script = `require("tsx/cjs");
    const { main } = require(${JSON.stringify(join(ROOT, "src/cli/main.ts"))});
    const ctx = { cwd: ${JSON.stringify(root)}, env: {}, color: false, stdout: { write() {} }, stderr: { write: (t) => process.stderr.write(t) } };
    const start = performance.now();
    main(${JSON.stringify(args)}, ctx).then((code) => {
      if (code !== 0) { console.error("exit " + code); process.exit(1); }
      console.log(JSON.stringify({ ms: performance.now() - start, rss: process.resourceUsage().maxRSS * 1024 }));
    });`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 }).trim()) as { ms: number; rss: number };
}

/** A bare parse of every file, in a fresh process too, so that its peak memory compares. */
function bareParse(root: string, paths: string[]): { ms: number; rss: number } {
  const script = `const { readFileSync } = require("node:fs"); const { join } = require("node:path"); const { LineCounter, parseDocument } = require("yaml");
    const paths = JSON.parse(readFileSync(0, "utf8")); const start = performance.now();
    for (const p of paths) parseDocument(readFileSync(join(${JSON.stringify(root)}, p), "utf8"), { lineCounter: new LineCounter() });
    console.log(JSON.stringify({ ms: performance.now() - start, rss: process.resourceUsage().maxRSS * 1024 }));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", input: JSON.stringify(paths) }).trim()) as { ms: number; rss: number };
}

function inProcessParse(root: string, paths: string[]): number {
  const start = performance.now();
  for (const p of paths) parseDocument(readFileSync(join(root, p), "utf8"), { lineCounter: new LineCounter() });
  return performance.now() - start;
}

function median<T>(xs: T[], by: (x: T) => number): number {
  return xs.map(by).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

const section: BenchSection = {
  title: `shards (${GUESTS.toLocaleString("en")} guests in ${FILES.toLocaleString("en")} files over ${SHARDS} shards of one tenant; whole runs of every shard, each in a fresh process, vs bare yaml.parseDocument of the same files)`,
  async run() {
    const root = mkdtempSync(join(tmpdir(), "guestops-bench-shards-"));
    try {
      const base = shardedRepo();
      writeTree(root, base);
      execFileSync("git", ["init", "-q", "-b", "main"], { cwd: root });
      execFileSync("git", ["add", "-A"], { cwd: root });
      execFileSync("git", ["commit", "-q", "-m", "base"], { cwd: root, env: GIT_ENV });
      const moved = (f: number) => f % SHARDS === 0 && f < 100;
      const head = shardedRepo({ mutate: (f) => f % 100 === 1, moved });
      for (const path of Object.keys(base)) if (!(path in head)) rmSync(join(root, path));
      writeTree(root, head);
      const paths = Object.keys(head);

      const times = { validate: [] as { ms: number; rss: number }[], plan: [] as { ms: number; rss: number }[], parse: [] as { ms: number; rss: number }[], inProcess: [] as number[] };
      // Interleaved, so that a noisy moment on a shared machine falls on every path alike.
      for (let i = 0; i < RUNS; i++) {
        times.validate.push(cli(root, ["validate", "--tenant", "bench", "--as-of", AS_OF]));
        times.plan.push(cli(root, ["plan", "--tenant", "bench", "--as-of", AS_OF, "--format", "json"]));
        times.parse.push(bareParse(root, paths));
        times.inProcess.push(inProcessParse(root, paths));
      }
      const parse = median(times.parse, (t) => t.ms);
      console.log("| run | time (median of 3) | vs bare parse | peak RSS | bare parse's peak RSS |");
      console.log("|---|---:|---:|---:|---:|");
      const parseRss = median(times.parse, (t) => t.rss);
      for (const [name, list] of [["validate --tenant (every shard)", times.validate], ["plan --tenant (1% of files changed, 100 guests moved)", times.plan]] as const) {
        const t = median(list, (x) => x.ms);
        console.log(`| ${name} | ${ms(t)} | ${ratio(t, parse)} | ${mib(median(list, (x) => x.rss))} | ${mib(parseRss)} |`);
      }
      console.log(`| bare parseDocument of the ${paths.length.toLocaleString("en")} files | ${ms(parse)} | 1.00x | ${mib(parseRss)} | |`);
      console.log(`\nTimes are measured inside each fresh process, from the command's call (or the first parse) to its end, so start-up is not in them; a warm bare parse in this process takes ${ms(median(times.inProcess, (x) => x))}.`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default section;
