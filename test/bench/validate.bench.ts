// Validation at 1,000 and 10,000 guests, beside the bare `yaml` parse of the same files.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LineCounter, parseDocument } from "yaml";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { validateRepo } from "../../src/rules/validate-repo";
import { writeTree } from "../helpers/write-tree";
import type { BenchSection } from "./run";
import { interleaved, interleavedWithCpu, mib, ms, ratio } from "./measure";
import { syntheticRepo } from "./synthetic";

const SIZES = [
  { guests: 1_000, files: 100 },
  { guests: 2_000, files: 200 },
  { guests: 10_000, files: 1_000 },
];
const AS_OF = "2026-12-01";
const BIN = join(__dirname, "..", "..", "bin", "guestops");

async function validateOnce(root: string): Promise<number> {
  const load = await loadRepo(workingTree(root), "bench");
  const { errors } = validateRepo(load, AS_OF);
  if (errors.length > 0) throw new Error(`synthetic repo is invalid: ${errors[0]!.message}`);
  return load.guestFiles.length;
}

function parseOnly(root: string, paths: string[]): void {
  for (const p of paths) {
    const lineCounter = new LineCounter();
    parseDocument(readFileSync(join(root, p), "utf8"), { lineCounter });
  }
}

/** Peak RSS of a fresh process that loads and validates once. */
function peakRss(root: string): number {
  const script = `require("tsx/cjs");
    const { loadRepo } = require(${JSON.stringify(join(__dirname, "../../src/load/load-repo.ts"))});
    const { workingTree } = require(${JSON.stringify(join(__dirname, "../../src/load/read-working-tree.ts"))});
    const { validateRepo } = require(${JSON.stringify(join(__dirname, "../../src/rules/validate-repo.ts"))});
    loadRepo(workingTree(${JSON.stringify(root)}), "bench").then((l) => { validateRepo(l, "${AS_OF}"); console.log(process.resourceUsage().maxRSS * 1024); });`;
  return Number(execFileSync(process.execPath, ["-e", script], { cwd: join(__dirname, "..", ".."), encoding: "utf8" }).trim());
}

/** The compiled CLI as a user runs it; `worker` forces the parse worker on (1) or off (0). */
function wholeProcess(root: string, worker: "0" | "1"): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, "validate", "--as-of", AS_OF], { cwd: root, encoding: "utf8", env: { ...process.env, GUESTOPS_TYPESCRIPT: "", GUESTOPS_PARSE_WORKER: worker } });
  if (r.status !== 0) throw new Error(`bin/guestops validate exited ${r.status}: ${r.stdout}${r.stderr}`);
  return performance.now() - start;
}

const section: BenchSection = {
  title: "validate (in-process load + schema + rules, vs bare yaml.parseDocument of the same files)",
  async run() {
    console.log("| guests | files | validate | yaml parse only | ratio | target | CPU ratio | peak RSS | bin/guestops validate, one thread | with the parse worker | worker / one thread |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const size of SIZES) {
      const root = mkdtempSync(join(tmpdir(), "guestops-bench-"));
      try {
        const files = syntheticRepo(size);
        writeTree(root, files);
        const paths = Object.keys(files);
        const runs = size.guests >= 10_000 ? 5 : 15;
        const { wall, cpu } = await interleavedWithCpu(runs, { validate: () => validateOnce(root), parse: () => parseOnly(root, paths) });
        const { validate, parse } = wall;
        const whole = await interleaved(3, { one: () => wholeProcess(root, "0"), two: () => wholeProcess(root, "1") });
        console.log(`| ${size.guests} | ${size.files} | ${ms(validate)} | ${ms(parse)} | ${ratio(validate, parse)} | ${size.guests >= 10_000 ? "≤ 1.1x" : ""} | ${ratio(cpu.validate, cpu.parse)} | ${mib(peakRss(root))} | ${ms(whole.one)} | ${ms(whole.two)} | ${ratio(whole.two, whole.one)} |`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  },
};

export default section;
