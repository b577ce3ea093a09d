// How the program scales with the guests of one stack: a whole run under mocks (load, validate, map,
// register, every resource answered) in a fresh process per size, with its peak memory; the baseline is
// the smallest size of the same run, so the per-1,000-guests columns show where growth stops being linear.
// This is the figure docs/shards.md bases its recommended shard size on. Sizes default to 1,000, 2,500
// and 5,000 guests; GUESTOPS_BENCH_PROGRAM_SIZES=1000,10000 picks others (10,000 takes minutes and GBs).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTree } from "../helpers/write-tree";
import type { BenchSection } from "./run";
import { mib, ms, ratio } from "./measure";
import { syntheticRepo } from "./synthetic";

const ROOT = join(__dirname, "..", "..");
const SIZES = (process.env.GUESTOPS_BENCH_PROGRAM_SIZES ?? "1000,2500,5000").split(",").map(Number).filter((n) => n > 0);

function child(root: string): { ms: number; resources: number; rss: number } {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(__dirname, "program-size-child.ts"), root], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split("\n").pop()!) as { ms: number; resources: number; rss: number };
}

const section: BenchSection = {
  title: "Pulumi program per stack size (a whole run under mocks in a fresh process per size; two groups and one app role per guest)",
  async run() {
    console.log("| guests in the stack | resources | program run | per 1,000 guests | peak RSS | RSS per 1,000 guests |");
    console.log("|---:|---:|---:|---:|---:|---:|");
    let first: { guests: number; ms: number } | undefined;
    let last: { guests: number; ms: number } | undefined;
    for (const guests of SIZES) {
      const root = mkdtempSync(join(tmpdir(), "guestops-bench-program-"));
      try {
        writeTree(root, syntheticRepo({ guests, files: Math.max(1, Math.round(guests / 10)) }));
        const r = child(root);
        first ??= { guests, ms: r.ms };
        last = { guests, ms: r.ms };
        console.log(`| ${guests.toLocaleString("en")} | ${r.resources.toLocaleString("en")} | ${ms(r.ms)} | ${ms((r.ms / guests) * 1000)} | ${mib(r.rss)} | ${mib((r.rss / guests) * 1000)} |`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
    if (first && last && SIZES.length > 1) console.log(`\n${last.guests.toLocaleString("en")} guests take ${ratio(last.ms, first.ms)} the time of ${first.guests.toLocaleString("en")}, for ${ratio(last.guests, first.guests)} the guests.`);
  },
};

export default section;
