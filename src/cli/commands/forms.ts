// guestops forms: writes the issue form's choices (groups, apps and roles, the last day's limits) from
// the stack's catalog and policy, or checks that they agree. Only those values change: every other byte
// of the form is the team's own wording.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tenantPathOf } from "../../load/join-tenant";
import { loadRepo, readStackTenants } from "../../load/load-repo";
import { workingTree } from "../../load/read-working-tree";
import { terminal } from "../../output/escape";
import { buildFormChoices, compareFormChoices, FORM_PATH, writeFormChoices } from "../../requests/issue-form";
import type { CommandContext } from "../context";
import { EXIT, UsageError } from "../errors";
import { parseFlags, repositoryRoot } from "../options";
import { selectScope } from "../select-scope";
import { packageRoot } from "../package-files";

export const help = `Usage: guestops forms [--check] [--stack NAME]

Writes the choices of the guest access issue form, ${FORM_PATH},
from the stack's catalog and policy: the groups that allow guests, each app's roles as app/Role,
and the limits on the last day of access. Nothing else in the form changes. A repository without
the form gets the guestops package's, with its choices written.

Options:
  --check       Change nothing; exit 1 when the form and the catalog disagree (CI runs this).
  --stack NAME  The stack whose catalog the form offers (default: PULUMI_STACK, the only stack,
                or the tenant file's catalog when every stack is a shard of one tenant).
  -h, --help    Show this help.

Exit codes: 0 written or up to date; 1 out of date (--check); 2 usage error (no form, no stack,
a form whose choices cannot be edited); 70 internal error.
`;

export const options = {
  check: { type: "boolean" },
  stack: { type: "string" },
} as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const root = repositoryRoot(ctx.cwd);
  const source = workingTree(root);
  // A sharded tenant's shards share one catalog, the tenant file's: any shard of it offers the same.
  const scope = await selectScope(source, { ...(values.stack !== undefined && { stack: values.stack }) }, ctx.env);
  const stackName = scope.stack ?? [...(await readStackTenants(source))].filter(([, t]) => t === scope.tenant).map(([name]) => name).sort()[0]!;
  const load = await loadRepo(source, stackName);
  const stack = load.stack?.value;
  // Where the catalog is written: the tenant file, for shards.
  const catalogPath = scope.tenant !== undefined ? tenantPathOf(scope.tenant) : load.stackPath;
  if (!stack) throw new UsageError(`${load.stackPath} does not load`, "run guestops validate and fix it first");
  const choices = buildFormChoices(stack);
  const current = readText(join(root, FORM_PATH));
  if (current === undefined && values.check) {
    ctx.stderr.write(`guestops: ${FORM_PATH} is missing; run guestops forms and commit it\n`);
    return EXIT.invalid;
  }
  const text = current ?? readText(join(packageRoot(), FORM_PATH));
  if (text === undefined) throw new UsageError(`${FORM_PATH} is missing, and the guestops package has none to start from`, "reinstall guestops (npm ci), or write the form by hand with the field ids of docs/requesters.md");
  if (values.check) {
    const differences = compareFormChoices(text, choices);
    if (differences.length === 0) return EXIT.ok;
    ctx.stderr.write(`guestops: ${FORM_PATH} disagrees with ${catalogPath}:\n${differences.map((d) => `  ${terminal(d)}\n`).join("")}run guestops forms and commit ${FORM_PATH}\n`);
    return EXIT.invalid;
  }
  const written = writeFormChoices(text, choices);
  if ("error" in written) throw new UsageError(written.error, `fix ${FORM_PATH} by hand, then run guestops forms again`);
  if (written.text === current) {
    ctx.stdout.write(`${FORM_PATH} is up to date with ${catalogPath}\n`);
    return EXIT.ok;
  }
  mkdirSync(dirname(join(root, FORM_PATH)), { recursive: true });
  writeFileSync(join(root, FORM_PATH), written.text);
  ctx.stdout.write(`${current === undefined ? "wrote" : "wrote the choices of"} ${FORM_PATH} from ${catalogPath}\n`);
  return EXIT.ok;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
