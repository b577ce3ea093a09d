// guestops plan at 10,000 guests in 1,000 files: the base committed in a temporary Git repository, the
// head in its working tree. Timed for a head that differs in 1% of files and in every file, beside the
// baseline of one bare `yaml.parseDocument` of the head's files.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { main, type CommandContext } from "../../src/cli/main";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { validateRepo } from "../../src/rules/validate-repo";
import { writeTree } from "../helpers/write-tree";
import type { BenchSection } from "./run";
import { interleavedWithCpu, ms, ratio } from "./measure";
import { syntheticRepo } from "./synthetic";

const GUESTS = 10_000;
const FILES = 1_000;
const AS_OF = "2026-12-01";
const RUNS = 7;
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@contoso.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@contoso.com" };

/** The head: in the changed files every guest gets a new expiry and swaps one group, so resources change too. */
function headFiles(changed: (fileIndex: number) => boolean): Record<string, string> {
  const files = syntheticRepo({ guests: GUESTS, files: FILES, mutate: changed });
  for (const [path, text] of Object.entries(files)) {
    const index = Number(/partner-(\d+)\.yaml$/.exec(path)?.[1] ?? -1);
    if (index >= 0 && changed(index)) files[path] = text.replace(/groups: \[(group-\d+), group-(\d+)\]/g, (_, first: string, n: string) => `groups: [${first}, group-${(Number(n) + 1) % 20}]`);
  }
  return files;
}

async function planOnce(root: string): Promise<number> {
  let out = 0;
  const ctx: CommandContext = { cwd: root, env: {}, color: false, stdout: { write: (t: string) => (out += t.length) }, stderr: { write: (t: string) => process.stderr.write(t) } };
  // --allow-mass-removal: the every-file head swaps a third of all memberships, which the guard would refuse.
  const code = await main(["plan", "--stack", "bench", "--as-of", AS_OF, "--format", "markdown", "--allow-mass-removal"], ctx);
  if (code !== 0) throw new Error(`guestops plan exited ${code}`);
  return out;
}

/** What any plan must do before diffing: load and validate the head. Shown so the plan's own share is visible. */
async function validateOnly(root: string): Promise<void> {
  validateRepo(await loadRepo(workingTree(root), "bench"), AS_OF);
}

function parseOnly(root: string, paths: string[]): void {
  for (const p of paths) parseDocument(readFileSync(join(root, p), "utf8"), { lineCounter: new LineCounter() });
}

const section: BenchSection = {
  title: `plan (${GUESTS.toLocaleString("en")} guests in ${FILES.toLocaleString("en")} files; base in Git, head in the working tree; vs bare yaml.parseDocument of the head)`,
  async run() {
    console.log("| head differs in | files changed | plan | yaml parse only | ratio | target | validate of the head alone | plan / validate | CPU: plan / parse |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    const cases = [
      { name: "1% of files", changed: (f: number) => f % 100 === 0, target: "≤ 1.25x" },
      { name: "every file", changed: () => true, target: "≤ 2.5x" },
    ];
    for (const c of cases) {
      const root = mkdtempSync(join(tmpdir(), "guestops-bench-plan-"));
      try {
        const base = syntheticRepo({ guests: GUESTS, files: FILES });
        writeTree(root, base);
        execFileSync("git", ["init", "-q", "-b", "main"], { cwd: root });
        execFileSync("git", ["add", "-A"], { cwd: root });
        execFileSync("git", ["commit", "-q", "-m", "base"], { cwd: root, env: GIT_ENV });
        const head = headFiles(c.changed);
        const changed = Object.keys(head).filter((p) => head[p] !== base[p]);
        writeTree(root, head);
        const paths = Object.keys(head);
        const { wall, cpu } = await interleavedWithCpu(RUNS, { plan: () => planOnce(root), parse: () => parseOnly(root, paths), validate: () => validateOnly(root) });
        const { plan, parse, validate } = wall;
        console.log(`| ${c.name} | ${changed.length} | ${ms(plan)} | ${ms(parse)} | ${ratio(plan, parse)} | ${c.target} | ${ms(validate)} | ${ratio(plan, validate)} | ${ratio(cpu.plan, cpu.parse)} |`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  },
};

export default section;
