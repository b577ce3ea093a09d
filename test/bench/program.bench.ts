// The Pulumi program under mocks at 1,000 and 10,000 guests (two groups and one app role each: four
// resources per guest), beside as many plain `CustomResource`s registered with the SDK's default
// settings, each run in a process of its own (program-child.js) so that its peak memory is its own.
// The program's time includes loading, validating and mapping the files; it starts as
// src/pulumi/main.js does (SDKs before tsx, source maps off) and registers with stack traces off.
// Set BENCH_PROGRAM_SIZES=1000 to skip the 10,000-guest runs, which take a minute or more each.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTree } from "../helpers/write-tree";
import type { BenchSection } from "./run";
import { mib, ms, ratio } from "./measure";
import { syntheticRepo } from "./synthetic";

const CHILD = join(__dirname, "program-child.js");
const SIZES = (process.env.BENCH_PROGRAM_SIZES ?? "1000,10000").split(",").map(Number);

interface ChildResult {
  ms: number;
  resources: number;
  peakRss: number;
}

function child(args: string[], env: NodeJS.ProcessEnv = {}): ChildResult {
  const out = execFileSync(process.execPath, ["--max-old-space-size=8192", CHILD, ...args], { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as ChildResult;
}

function median(xs: ChildResult[]): ChildResult {
  return [...xs].sort((a, b) => a.ms - b.ms)[Math.floor(xs.length / 2)]!;
}

const section: BenchSection = {
  title: "Pulumi program under mocks (load + validate + map + register, one process per run) vs as many plain CustomResources with SDK defaults",
  async run() {
    console.log("| guests | resources | program | peak RSS | plain CustomResources | peak RSS | program / plain | target | program with GUESTOPS_STACK_TRACES=1 | peak RSS |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const guests of SIZES) {
      const root = mkdtempSync(join(tmpdir(), "guestops-bench-program-"));
      try {
        writeTree(root, syntheticRepo({ guests, files: Math.max(1, guests / 10) }));
        const runs = guests >= 10_000 ? 1 : 3;
        const program: ChildResult[] = [];
        const plain: ChildResult[] = [];
        const traced: ChildResult[] = [];
        // Interleaved, so a noisy moment on a shared machine falls on every path alike.
        for (let i = 0; i < runs; i++) {
          const p = child(["program", root]);
          program.push(p);
          plain.push(child(["plain", String(p.resources)]));
          traced.push(child(["program", root], { GUESTOPS_STACK_TRACES: "1" }));
        }
        const [p, b, t] = [median(program), median(plain), median(traced)];
        console.log(`| ${guests} | ${p.resources} | ${ms(p.ms)} | ${mib(p.peakRss)} | ${ms(b.ms)} | ${mib(b.peakRss)} | ${ratio(p.ms, b.ms)} | ≤ 1.5x | ${ms(t.ms)} | ${mib(t.peakRss)} |`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  },
};

export default section;
