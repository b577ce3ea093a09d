// Whole processes on the bundled example: `bin/guestops validate` as a user runs it (the compiled CLI,
// already built), through tsx (the fallback, and what a cold cache cost before), and the first run that
// builds the compiled CLI, beside `node -e 0`, all interleaved in the same run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { BenchSection } from "./run";
import { interleaved, ms, ratio } from "./measure";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "guestops");
const RUNS = 15;

function timedProcess(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, GUESTOPS_TYPESCRIPT: "", ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stdout}${r.stderr}`);
  return performance.now() - start;
}

const validate = ["validate", "--as-of", "2026-12-01"];

const section: BenchSection = {
  title: "start-up: bin/guestops validate on the bundled example, whole processes, vs node -e 0",
  async run() {
    const cold = mkdtempSync(join(tmpdir(), "guestops-bench-cache-"));
    try {
      let builds = 0;
      const times = await interleaved(RUNS, {
        node: () => timedProcess(["-e", "0"]),
        compiled: () => timedProcess([BIN, ...validate]),
        tsx: () => timedProcess([BIN, ...validate], { GUESTOPS_TYPESCRIPT: "1" }),
        // A fresh cache folder each time: what the first run on a fresh CI runner pays.
        firstRun: () => timedProcess([BIN, ...validate], { GUESTOPS_CACHE_DIR: join(cold, String(builds++)) }),
      });
      console.log("| what | median | vs node -e 0 | target |");
      console.log("|---|---:|---:|---:|");
      console.log(`| node -e 0 | ${ms(times.node)} | 1.00x | |`);
      console.log(`| bin/guestops validate (compiled, cached) | ${ms(times.compiled)} | ${ratio(times.compiled, times.node)} | ≤ 3x |`);
      console.log(`| bin/guestops validate, first run (builds the compiled CLI) | ${ms(times.firstRun)} | ${ratio(times.firstRun, times.node)} | |`);
      console.log(`| bin/guestops validate through tsx (GUESTOPS_TYPESCRIPT=1) | ${ms(times.tsx)} | ${ratio(times.tsx, times.node)} | |`);
    } finally {
      rmSync(cold, { recursive: true, force: true });
    }
  },
};

export default section;
