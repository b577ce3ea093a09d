// The editing commands at 10,000 guests in 1,000 files, committed in a temporary Git repository: add
// and renew (each a dry run: edit, validate the whole repository, plan against HEAD) and due (every
// guest due), beside the baseline of `guestops plan` of the unchanged tree, which an edit cannot beat:
// it validates and plans the same repository, plus the edit.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, type CommandContext } from "../../src/cli/main";
import { writeTree } from "../helpers/write-tree";
import type { BenchSection } from "./run";
import { interleaved, ms, ratio } from "./measure";
import { syntheticRepo } from "./synthetic";

const GUESTS = 10_000;
const FILES = 1_000;
const AS_OF = "2026-12-01";
const RUNS = 5;
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@contoso.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@contoso.com" };

async function run(root: string, args: string[]): Promise<void> {
  let err = "";
  const ctx: CommandContext = { cwd: root, env: {}, color: false, stdout: { write: () => true }, stderr: { write: (t: string) => ((err += t), true) } };
  const code = await main(args, ctx);
  if (code !== 0) throw new Error(`guestops ${args.join(" ")} exited ${code}: ${err}`);
}

const section: BenchSection = {
  title: `editing commands at ${GUESTS.toLocaleString("en-US")} guests in ${FILES.toLocaleString("en-US")} files (in process, median of ${RUNS}), vs guestops plan of the same tree`,
  async run() {
    const root = mkdtempSync(join(tmpdir(), "guestops-bench-edit-"));
    try {
      writeTree(root, syntheticRepo({ guests: GUESTS, files: FILES }));
      execFileSync("git", ["init", "-q", "-b", "main"], { cwd: root });
      execFileSync("git", ["add", "-A"], { cwd: root });
      execFileSync("git", ["commit", "-q", "-m", "base"], { cwd: root, env: GIT_ENV });
      const common = ["--stack", "bench", "--as-of", AS_OF];
      const times = await interleaved(RUNS, {
        plan: () => run(root, ["plan", ...common, "--base", "HEAD", "--format", "json"]),
        add: () => run(root, ["add", "new.person@partner500.example", "--name", "New Person (Partner 500)", "--expires", "2027-03-31", "--justification", "CHG-1 bench", "--group", "group-3", "--dry-run", ...common]),
        renew: () => run(root, ["renew", "person.5000@partner500.example", "--until", "2027-06-30", "--dry-run", ...common]),
        due: () => run(root, ["due", "--within", "200", "--format", "json", ...common]),
      });
      console.log("| command | median | vs plan |");
      console.log("|---|---:|---:|");
      console.log(`| plan (baseline: validate and plan the unchanged tree) | ${ms(times.plan)} | 1.00x |`);
      console.log(`| add --dry-run (one guest into a 10-guest file) | ${ms(times.add)} | ${ratio(times.add, times.plan)} |`);
      console.log(`| renew --dry-run (one guest) | ${ms(times.renew)} | ${ratio(times.renew, times.plan)} |`);
      console.log(`| due --within 200 (all ${GUESTS.toLocaleString("en-US")} due, JSON) | ${ms(times.due)} | ${ratio(times.due, times.plan)} |`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default section;
