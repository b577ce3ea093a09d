// guestops record-deploy: after `pulumi up`, leave the deployment's record in Git as an annotated tag
// that is never moved. plan's default base is the newest of them that can be trusted; --latest prints it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { writeDeployRecord, DEPLOY_TAG_PREFIX, type DeployRecord } from "../../git/deploy-records";
import { readDeployRecords } from "../../git/read-deploy-records";
import { GitError } from "../../git/run-git";
import { resolveCommit } from "../../git/write-notes";
import { workingTree } from "../../load/read-working-tree";
import { EXIT, UsageError } from "../errors";
import { noTrustedRecord } from "../plan-scope";
import type { CommandContext } from "../context";
import { selectStack, repositoryRoot, parseFlags } from "../options";

export const help = `Usage: guestops record-deploy --commit SHA [--stack NAME] [--run-url URL] [--plan FILE] [--at TIME]
       guestops record-deploy --latest [--stack NAME]

Records a deployment in Git as an annotated tag, ${DEPLOY_TAG_PREFIX}/<stack>/<UTC time>,
for example ${DEPLOY_TAG_PREFIX}/prod/20261201T063000Z. Its message holds the commit, the
time, the run's URL and the resource summary, as JSON after a subject line. Tags are
never moved: every deployment adds one, so Git keeps the history of deployments, and
guestops plan uses the newest that can be trusted as its default base. Push it with
  git push origin refs/tags/${DEPLOY_TAG_PREFIX}/<stack>/<time>   (never --force)

Anyone who can push can create a tag, so a record counts only when it proves itself:
an annotated tag, made under its own name, whose message is the record written here,
of this stack and of the commit the tag points at, named for the time it records,
dated no later than now (and tagged after it), with its commit on HEAD's first-parent
history. Any other tag under ${DEPLOY_TAG_PREFIX}/<stack>/ is passed over: plan says so in
a note, audit lists it as a record-unreadable event, and neither ever uses it.

Options:
  --commit SHA     The commit that was deployed.
  --stack NAME     As for guestops plan.
  --run-url URL    The pipeline run that deployed it (https://...).
  --plan FILE      The plan's JSON (guestops plan --format json); its summary is recorded.
  --at TIME        The deployment time, ISO-8601 UTC. Default: now.
  --latest         Record nothing; print the newest record of the stack that can be
                   trusted, the base a deploy plans against. Prints nothing when
                   the stack has no record at all (its first deployment); fails with
                   exit 2 when it has records and none can be trusted.
  -h, --help       Show this help.

Exit codes: 0 recorded (the tag's name is printed), 2 usage error (or, with --latest,
records and none to trust), 70 internal error.

Example:
  guestops record-deploy --stack prod --commit "$GITHUB_SHA" --plan plan.json \\
    --run-url "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
`;

export const RECORD_DEPLOY_OPTIONS = {
  commit: { type: "string" },
  stack: { type: "string" },
  "run-url": { type: "string" },
  plan: { type: "string" },
  at: { type: "string" },
  latest: { type: "boolean" },
} as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, RECORD_DEPLOY_OPTIONS);
  if (values.latest === true) {
    const extra = (["commit", "run-url", "plan", "at"] as const).find((k) => values[k] !== undefined);
    if (extra !== undefined) throw new UsageError(`--latest records nothing, so --${extra} has no meaning with it`, "run record-deploy --latest --stack NAME on its own");
    return printLatest(ctx, await selectStack(workingTree(repositoryRoot(ctx.cwd)), values.stack, ctx.env));
  }
  if (values.commit === undefined) throw new UsageError("record-deploy needs --commit SHA", 'pass the deployed commit, for example --commit "$GITHUB_SHA"');
  const runUrl = values["run-url"];
  if (runUrl !== undefined && !/^https:\/\/[^\s"<>]+$/.test(runUrl)) throw new UsageError(`--run-url ${JSON.stringify(runUrl)} is not an https URL`, "pass the run's address, https://...");
  const at = parseTime(values.at);
  const stack = await selectStack(workingTree(repositoryRoot(ctx.cwd)), values.stack, ctx.env);
  try {
    const commit = await resolveCommit(ctx.cwd, values.commit);
    const record: DeployRecord = { stack, commit, at, ...(runUrl ? { runUrl } : {}), ...(values.plan !== undefined ? { summary: readSummary(ctx.cwd, values.plan) } : {}) };
    const tag = await writeDeployRecord(ctx.cwd, record);
    ctx.stdout.write(`${tag}\n`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof GitError) throw new UsageError(err.message, err.hint);
    throw err;
  }
}

/** The newest trusted record's tag; nothing for a stack never deployed; exit 2 when records exist and none can be trusted. */
async function printLatest(ctx: CommandContext, stack: string): Promise<number> {
  const records = await readDeployRecords(repositoryRoot(ctx.cwd), stack, { head: "HEAD" });
  const newest = records.trusted[0];
  if (newest !== undefined) {
    ctx.stdout.write(`${newest.tag}\n`);
    return EXIT.ok;
  }
  if (records.passedOver.length === 0) return EXIT.ok;
  throw noTrustedRecord(stack, records);
}

function parseTime(value: string | undefined): string {
  if (value === undefined) return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--at ${JSON.stringify(value)} is not a UTC time`, "use YYYY-MM-DDTHH:MM:SSZ, for example 2026-12-01T06:30:00Z");
  return value;
}

/** The resource summary of a plan's JSON: counts only, so nothing else from the file reaches the tag. */
function readSummary(cwd: string, file: string): Record<string, number> {
  let plan: { summary?: Record<string, unknown> };
  try {
    plan = JSON.parse(readFileSync(resolve(cwd, file), "utf8")) as typeof plan;
  } catch (err) {
    throw new UsageError(`--plan ${JSON.stringify(file)} cannot be read as JSON: ${(err as Error).message}`, "pass the output of guestops plan --format json");
  }
  const summary: Record<string, number> = {};
  for (const op of ["create", "update", "replace", "delete"]) {
    const n = plan?.summary?.[op];
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new UsageError(`--plan ${JSON.stringify(file)} has no summary.${op} count`, "pass the output of guestops plan --format json");
    summary[op] = n;
  }
  return summary;
}

export const options = RECORD_DEPLOY_OPTIONS;
