// guestops codeowners: writes or checks CODEOWNERS from the stack files and people.yaml.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCodeowners, type StackOwners } from "../../codeowners/build-codeowners";
import { listStacks, loadPeople, loadRepo } from "../../load/load-repo";
import { workingTree } from "../../load/read-working-tree";
import type { Person } from "../../model/people-schema";
import { terminal } from "../../output/escape";
import { EXIT, UsageError } from "../errors";
import type { CommandContext } from "../context";
import { repositoryRoot, parseFlags } from "../options";

export const CODEOWNERS_PATH = "CODEOWNERS";

export const help = `Usage: guestops codeowners [--write | --check]

Generates CODEOWNERS from stacks/*.yaml and people.yaml: the stack files, people.yaml,
Pulumi.*.yaml, the pipelines and the code they run are owned by the stack owners
(their GitHub logins). With branch protection's "Require review from Code Owners",
no one changes what steers a deployment without a stack owner's review.
Per-group and per-app approvals are guestops approvals' job.

Options:
  --write       Write CODEOWNERS at the repository root.
  --check       Exit 1 when CODEOWNERS differs from what would be generated.
  -h, --help    Show this help.
With neither, print it.

Exit codes: 0 written, printed or up to date; 1 out of date (--check); 2 usage error
(no people.yaml, or an owner with no GitHub login); 70 internal error.
`;

export const CODEOWNERS_OPTIONS = {
  write: { type: "boolean" },
  check: { type: "boolean" },
} as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, CODEOWNERS_OPTIONS);
  if (values.write && values.check) throw new UsageError("--write and --check exclude each other", "pass one of them");
  const text = await generateCodeowners(repositoryRoot(ctx.cwd));
  const path = join(repositoryRoot(ctx.cwd), CODEOWNERS_PATH);
  if (values.check) {
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {
      // A missing file is out of date.
    }
    if (current === text) return EXIT.ok;
    ctx.stderr.write(`guestops: ${CODEOWNERS_PATH} is out of date; run guestops codeowners --write and commit it\n`);
    return EXIT.invalid;
  }
  if (values.write) {
    writeFileSync(path, text);
    ctx.stdout.write(`wrote ${CODEOWNERS_PATH}\n`);
  } else ctx.stdout.write(text);
  return EXIT.ok;
}

/** CODEOWNERS as it should be for the working tree; a usage error when people.yaml cannot name everyone. */
export async function generateCodeowners(cwd: string): Promise<string> {
  const source = workingTree(cwd);
  const people = await loadPeople(source);
  if (!people?.value) throw new UsageError("people.yaml is missing or invalid, so owners have no GitHub logins", "create people.yaml (see schemas/people.schema.json) and run guestops validate");
  const stacks: StackOwners[] = [];
  for (const name of await listStacks(source)) {
    const owners: unknown = (await loadRepo(source, name)).stack?.value?.owners;
    stacks.push({ name, owners: Array.isArray(owners) ? owners.filter((o): o is string => typeof o === "string") : [] });
  }
  const list: unknown = people.value.people;
  const built = buildCodeowners(stacks, Array.isArray(list) ? (list as Partial<Person>[]) : []);
  if (built.unmapped.length > 0) throw new UsageError(`no GitHub login in people.yaml for ${built.unmapped.map(terminal).join(", ")}`, "add github: LOGIN to their entries in people.yaml");
  return built.text;
}

export const options = CODEOWNERS_OPTIONS;
