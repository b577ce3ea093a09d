// guestops audit over a generated history: 1,000 guests in 100 files, 2,000 first-parent commits each
// changing 1-3 files (an expiry renewed, a group swapped, a guest replaced), written with one
// `git fast-import`. Timed and measured (peak RSS) as whole processes, interleaved, beside the baseline
// `git log -p --first-parent -- guests stacks` over the same history; then 20,000 commits, to show how
// the cost grows.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { addDays } from "../../src/model/dates";
import type { BenchSection } from "./run";
import { mib, ratio } from "./measure";
import { syntheticStack } from "./synthetic";

const GUESTS = 1_000;
const FILES = 100;
const RUNS = 3;
const BIN = resolve(__dirname, "../../bin/guestops");
const START = Date.parse("2026-01-01T00:00:00Z");

interface Guest {
  n: number;
  expires: string;
  groups: [number, number];
  app: number;
}

/** A small deterministic generator (mulberry32), so every run benchmarks the same history. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fileText(f: number, guests: readonly Guest[]): string {
  const lines = [`partner: Partner ${f}`, `domains: [partner${f}.example]`, `sponsor: sponsor${f % 50}@contoso.com`, "guests:"];
  for (const g of guests) {
    lines.push(
      `  - email: person.${g.n}@partner${f}.example`,
      `    displayName: Person ${g.n}`,
      `    expires: ${g.expires}`,
      `    justification: CHG-${10000 + g.n} project work`,
      `    groups: [group-${g.groups[0]}, group-${g.groups[1]}]`,
      `    apps:`,
      `      - { app: app-${g.app % 5}, role: ${g.app % 2 ? "Reader" : "Writer"} }`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Writes the history with one fast-import; returns the last commit's day. */
export function generate(root: string, commits: number): string {
  const rand = random(42);
  const spacing = Math.floor((300 * 86_400_000) / commits); // the history spans about 300 days
  const perFile = GUESTS / FILES;
  let next = GUESTS;
  const day = (i: number) => new Date(START + i * spacing).toISOString().slice(0, 10);
  const files: Guest[][] = [];
  for (let f = 0; f < FILES; f++) {
    files.push(Array.from({ length: perFile }, (_, i) => ({ n: f * perFile + i, expires: addDays(day(0), 120 + Math.floor(rand() * 200)), groups: [i % 20, (i + 7) % 20], app: i })));
  }
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (i: number, message: string, changes: [string, string][]) => {
    chunks.push(`commit refs/heads/main\ncommitter Bench <bench@contoso.com> ${Math.floor((START + i * spacing) / 1000)} +0000\n${data(message)}`);
    for (const [path, text] of changes) chunks.push(`M 100644 inline ${path}\n${data(text)}`);
  };
  const path = (f: number) => `guests/partner-${String(f).padStart(4, "0")}.yaml`;
  commit(0, "Initial state", [["stacks/bench.yaml", syntheticStack()], ...files.map((g, f): [string, string] => [path(f), fileText(f, g)])]);
  for (let i = 1; i < commits; i++) {
    const touched = new Set<number>();
    const count = 1 + Math.floor(rand() * 3);
    while (touched.size < count) touched.add(Math.floor(rand() * FILES));
    for (const f of touched) {
      const g = files[f]![Math.floor(rand() * perFile)]!;
      const what = rand();
      if (what < 0.5) g.expires = addDays(day(i), 90 + Math.floor(rand() * 250));
      else if (what < 0.85) {
        const second = Math.floor(rand() * 20);
        g.groups = [g.groups[0], second === g.groups[0] ? (second + 1) % 20 : second];
      }
      else Object.assign(g, { n: next++, expires: addDays(day(i), 200) });
    }
    commit(i, `Change ${i} (#${i})\n\nReviewed-by: owner${i % 20}@contoso.com\n`, [...touched].map((f): [string, string] => [path(f), fileText(f, files[f]!)]));
  }
  chunks.push("done\n");
  execFileSync("git", ["init", "-q", "-b", "main", root]);
  execFileSync("git", ["fast-import", "--quiet", "--done"], { cwd: root, input: chunks.join(""), maxBuffer: 1 << 30 });
  execFileSync("git", ["checkout", "-q", "main"], { cwd: root });
  return day(commits - 1);
}

interface Measured {
  seconds: number;
  peakBytes: number;
}

/** One run of a command as its own process: wall time and peak resident memory, from /usr/bin/time. */
function measure(cmd: string, args: string[], cwd: string): Measured {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 28 });
  const last = r.stderr.trim().split("\n").pop() ?? "";
  const [seconds, kib] = last.split(" ").map(Number);
  if (r.status !== 0 || seconds === undefined || kib === undefined) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr.slice(-400)}`);
  return { seconds, peakBytes: kib * 1024 };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function row(commits: number, runs: number, warmUp: boolean): void {
  const root = mkdtempSync(join(tmpdir(), "guestops-audit-bench-"));
  try {
    const last = generate(root, commits);
    const audit = () => measure(process.execPath, [BIN, "audit", "--stack", "bench", "--until", last, "--format", "json"], root);
    const log = () => measure("git", ["log", "-p", "--first-parent", "--", "guests", "stacks"], root);
    const results = { audit: [] as Measured[], log: [] as Measured[] };
    if (warmUp) audit(); // the file cache and tsx's compile cache
    for (let i = 0; i < runs; i++) {
      results.audit.push(audit());
      results.log.push(log());
    }
    const events = JSON.parse(execFileSync(process.execPath, [BIN, "audit", "--stack", "bench", "--until", last, "--format", "json"], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 })).events.length as number;
    const a = { s: median(results.audit.map((m) => m.seconds)), mem: median(results.audit.map((m) => m.peakBytes)) };
    const l = { s: median(results.log.map((m) => m.seconds)), mem: median(results.log.map((m) => m.peakBytes)) };
    console.log(`${commits.toLocaleString("en")} commits, ${GUESTS.toLocaleString("en")} guests, ${events.toLocaleString("en")} events (median of ${runs}, whole processes):`);
    console.log(`  guestops audit                                    ${a.s.toFixed(2)} s  peak ${mib(a.mem)}`);
    console.log(`  git log -p --first-parent -- guests stacks        ${l.s.toFixed(2)} s  peak ${mib(l.mem)}`);
    console.log(`  audit / git log                                   ${ratio(a.s, l.s)} time, ${ratio(a.mem, l.mem)} memory`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const section: BenchSection = {
  title: "audit: first-parent history, one git log and one cat-file process",
  async run() {
    row(2_000, RUNS, true);
    row(20_000, 1, false);
  },
};

export default section;
