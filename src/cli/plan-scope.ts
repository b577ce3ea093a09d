// The plan of a scope, one stack or a tenant's shards, as `guestops plan` prints it and as the approval
// gate checks it: one computation, so that the gate asks exactly what the plan shows. Thin edge: reads
// the working tree and a Git revision, then hands pure data to the plan core.
import { openHeadOrEmpty, openRevision, type GitRevisionSource } from "../git/read-git-revision";
import { dayOfTag, DEPLOY_TAG_PREFIX } from "../git/deploy-records";
import { readDeployRecords, type DeployRecords } from "../git/read-deploy-records";
import { GitError, runGit } from "../git/run-git";
import type { FileSource } from "../load/file-source";
import { listStacks, loadRepo, readStackTenants, type LoadedFile, type ParseCache } from "../load/load-repo";
import { workingTree } from "../load/read-working-tree";
import type { PeopleFile } from "../model/people-schema";
import type { TenantPlan } from "../plan/plan-shards";
import type { Plan } from "../plan/plan-types";
import { planStacks } from "../plan/plan-stacks";
import { judgeStack, loadStack } from "../rules/load-stack";
import { reportOf } from "./commands/validate";
import type { CommandContext } from "./context";
import { UsageError } from "./errors";
import { parseDateOption, repositoryRoot, selectStack, wantedStack } from "./options";
import { computeTenantPlan } from "./plan-tenant";
import { removedStacks } from "./removed-stacks";
import type { ValidationReport } from "./render-problems";
import { selectScope, type Scope } from "./select-scope";

export interface PlanRequest {
  stack?: string;
  tenant?: string;
  base?: string;
  "base-from-record"?: boolean;
  "as-of"?: string;
  "base-as-of"?: string;
  "allow-mass-removal"?: boolean;
  "allow-stack-removal"?: boolean;
}

/** A scope's plan; the base's people.yaml maps the gate's reviewers to addresses. */
export type ScopePlan =
  | { scope: Scope; invalid: ValidationReport }
  | { scope: Scope; kind: "stack"; plan: Plan; base: GitRevisionSource; people?: LoadedFile<PeopleFile> }
  | { scope: Scope; kind: "tenant"; plan: TenantPlan; base: GitRevisionSource; people?: LoadedFile<PeopleFile> };

/**
 * The scope first (--tenant, --stack, or the default: the only stack, or the tenant whose shards are all
 * the stacks), then its plan: a tenant's shards are planned together, with the moves between them.
 */
export async function computeScopePlan(ctx: CommandContext, values: PlanRequest): Promise<ScopePlan> {
  if (values["base-from-record"] === true && values.base !== undefined) throw new UsageError("--base-from-record and --base both name the base", "pass one of them: --base-from-record for the newest deployment record that can be trusted");
  const root = repositoryRoot(ctx.cwd);
  const cache: ParseCache = new Map();
  // A stack named by --stack whose file the change deletes is planned against its base (computeStackPlan).
  const named = values.tenant === undefined ? wantedStack(values.stack, ctx.env) : undefined;
  const deleted = named !== undefined && !(await listStacks(workingTree(root))).includes(named);
  const scope: Scope = deleted ? { stack: named } : await selectScope(workingTree(root), { stack: values.stack, tenant: values.tenant }, ctx.env, cache);
  if (scope.tenant === undefined) {
    const computed = await computeStackPlan(ctx, { ...values, ...(scope.stack !== undefined && { stack: scope.stack }) });
    return "invalid" in computed ? { scope, invalid: computed.invalid } : { scope, kind: "stack", ...computed };
  }
  const asOf = parseDateOption(values["as-of"]);
  // Deployment records are kept per stack, so a tenant's base is HEAD unless --base names one, or
  // --base-from-record asks for the newest commit that every shard has deployed.
  const shared = values["base-from-record"] === true ? await sharedRecordBase(root, scope.tenant, asOf, cache) : undefined;
  const baseAsOf = parseDateOption(values["base-as-of"], "--base-as-of") ?? shared?.day;
  const base = await openBase(root, values.base ?? shared?.ref);
  const run = { headSource: workingTree(root), base, cache, ...(asOf !== undefined && { asOf }), ...(baseAsOf !== undefined && { baseAsOf }), allowMassRemoval: values["allow-mass-removal"] === true, allowStackRemoval: values["allow-stack-removal"] === true };
  const computed = await computeTenantPlan({ tenant: scope.tenant, ...(scope.stack !== undefined && { stack: scope.stack }) }, run);
  return "invalid" in computed ? { scope, invalid: computed.invalid } : { scope, kind: "tenant", base, ...computed };
}

export type ComputedStackPlan = { invalid: ValidationReport } | { plan: Plan; base: GitRevisionSource; people?: LoadedFile<PeopleFile> };

/**
 * The plan of one stack's working tree against the base. `pending` replaces the working tree: an editing
 * command plans its pending files (an overlay of the working tree) before it writes them.
 */
export async function computeStackPlan(ctx: CommandContext, values: PlanRequest, pending?: FileSource, cache: ParseCache = new Map()): Promise<ComputedStackPlan> {
  const asOf = parseDateOption(values["as-of"]);
  const root = repositoryRoot(ctx.cwd);
  const headSource = pending ?? workingTree(root);
  // A stack whose file this change deletes is still planned, against its base, so that the guard refuses it.
  const named = wantedStack(values.stack, ctx.env);
  const deleted = named !== undefined && !(await listStacks(headSource)).includes(named);
  const stack = deleted ? named : await selectStack(headSource, values.stack, ctx.env);
  // What is deployed now: the newest deployment record that proves itself, judged on its own day, unless told otherwise.
  const records = values.base === undefined ? await trustedBase(root, stack, asOf, values["base-from-record"] === true) : undefined;
  const record = records?.trusted[0];
  const baseAsOf = parseDateOption(values["base-as-of"], "--base-as-of") ?? (record && dayOfTag(record.tag));
  // Git starts before the head is parsed: a usage error (unknown --base) comes first, git's processes
  // start while this one is small (starting a process costs more as the heap grows), and it lists the
  // base's tree while the working tree is parsed.
  const base = await openBase(root, values.base ?? record?.tag);

  // One cache for both sides (and for what the caller parsed already): a file with the same bytes in head
  // and base is parsed and checked once.
  // The base first, so validation reports what this change adds (a duplicate's new copy, a new entry
  // that has already expired) rather than what it inherits.
  const baseLoad = await loadRepo(base, stack, cache);
  // Named, deleted and never in the base: not a stack at all (selectStack says so).
  if (deleted && baseLoad.stack === undefined) await selectStack(headSource, values.stack, ctx.env);
  // A deleted stack is never deployed again: its tenant stays as the base left it.
  const head = deleted ? { ...judgeStack(baseLoad, asOf !== undefined ? { asOf } : {}), validation: { errors: [], warnings: [] } } : await loadStack(headSource, stack, { asOf, cache, base: baseLoad });
  if (head.validation.errors.length > 0) return { invalid: { ...reportOf(head.load, head.validation, head.asOf), command: "plan" } };
  const removed = await removedStacks({ base, head: headSource, cache, stack, stackBase: baseLoad, ...(baseAsOf !== undefined && { baseAsOf }), ...(asOf !== undefined && { asOf }) });

  const { ref, commit, short, date, subject } = base.revision;
  const plan = planStacks({
    base: baseLoad,
    baseInfo: { label: base.label, ref, commit, short, date, subject },
    ...(baseAsOf !== undefined && { baseAsOf }),
    ...(asOf !== undefined && { asOf }),
    head,
    ...(deleted && { headLabel: `working tree (stacks/${stack}.yaml deleted)` }),
    allowMassRemoval: values["allow-mass-removal"] === true,
    allowStackRemoval: values["allow-stack-removal"] === true,
    removedStacks: removed,
    ...(records && { notices: passedOverNotices(records) }),
  });
  return { plan, base, ...(baseLoad.people && { people: baseLoad.people }) };
}

/** Passed-over tags shown at most; the rest are counted. */
const MAX_PASSED_OVER = 5;

/**
 * The stack's deployment records, judged for the plan's day (--as-of, or now): a record dated later, or
 * one that does not prove itself, is passed over, never chosen. With --base-from-record, a stack that has
 * records and none to trust is a usage error (exit 2), and so is one with no record at all.
 */
async function trustedBase(root: string, stack: string, asOf: string | undefined, required: boolean): Promise<DeployRecords> {
  const records = await readDeployRecords(root, stack, { head: "HEAD", ...(asOf !== undefined && { notAfter: `${asOf}T23:59:59Z` }) });
  if (required && records.trusted.length === 0) {
    if (records.passedOver.length === 0) throw new UsageError(`--base-from-record: stack ${JSON.stringify(stack)} has no deployment record (${DEPLOY_TAG_PREFIX}/${stack}/...)`, "for its first deployment pass --base instead (the previous commit, or an empty base); fetch the tags first (actions/checkout with fetch-tags: true)");
    throw noTrustedRecord(stack, records, "--base-from-record: ");
  }
  return records;
}

/**
 * The newest commit that every shard of a tenant has deployed: the oldest of the shards' newest trusted
 * records (all on HEAD's first-parent history, so one of them is the others' ancestor), judged on its day.
 * A shard whose records are all passed over is a usage error (the deploy fails closed); a shard never
 * deployed has none and is left out, so that adding a shard does not stop its siblings' deploys.
 */
async function sharedRecordBase(root: string, tenant: string, asOf: string | undefined, cache: ParseCache): Promise<{ ref: string; day: string }> {
  const shards = [...(await readStackTenants(workingTree(root), cache))].flatMap(([name, t]) => (t === tenant ? [name] : [])).sort();
  const newest = [];
  for (const shard of shards) {
    // A shard never deployed (a new one) has no record and holds nothing yet; one whose records are all
    // passed over fails closed.
    const records = await trustedBase(root, shard, asOf, false);
    if (records.trusted.length > 0) newest.push(records.trusted[0]!);
    else if (records.passedOver.length > 0) throw noTrustedRecord(shard, records, "--base-from-record: ");
  }
  if (newest.length === 0) throw new UsageError(`--base-from-record: no shard of tenant ${JSON.stringify(tenant)} has a deployment record`, "for the first deployment pass --base instead (the previous commit, or an empty base); fetch the tags first (actions/checkout with fetch-tags: true)");
  const r = await runGit(root, ["merge-base", "--octopus", ...newest.map((n) => n.commit)]);
  const commit = r.stdout.toString("utf8").trim();
  const oldest = newest.find((n) => n.commit === commit);
  if (r.code !== 0 || oldest === undefined) throw new UsageError(`--base-from-record: the newest records of tenant ${JSON.stringify(tenant)}'s shards (${newest.map((n) => n.tag).join(", ")}) are not on one line of history`, "pass --base naming what every shard has deployed");
  return { ref: oldest.tag, day: dayOfTag(oldest.tag)! };
}

/** The usage error (exit 2) of a stack that has deployment records and none that can be trusted: a deploy fails closed. */
export function noTrustedRecord(stack: string, records: DeployRecords, prefix = ""): UsageError {
  const first = records.passedOver[0]!;
  return new UsageError(
    `${prefix}none of the ${records.passedOver.length} deployment record(s) of stack ${JSON.stringify(stack)} can be trusted; the newest, ${JSON.stringify(first.tag)}, was passed over: ${first.reason}`,
    "guestops record-deploy writes records as annotated tags on main's own commits; have a repository admin delete the tags that it did not write, or pass --base naming what is deployed",
  );
}

/** One notice per tag passed over, newest first: a reviewer sees which record was not believed, and why. */
function passedOverNotices(records: DeployRecords): string[] {
  const chosen = records.trusted[0];
  const instead = chosen ? `the base is ${JSON.stringify(chosen.tag)}, the newest record that can be trusted` : "no record can be trusted, so the base is HEAD";
  const shown = records.passedOver.slice(0, MAX_PASSED_OVER).map((p) => `deployment record ${JSON.stringify(p.tag)} was passed over: ${p.reason}; ${instead}`);
  const more = records.passedOver.length - shown.length;
  return more > 0 ? [...shown, `and ${more} more deployment record(s) were passed over (git tag --list '${DEPLOY_TAG_PREFIX}/*' lists them)`] : shown;
}

/** The named base; with none named, HEAD, or an empty base before the repository's first commit. */
export async function openBase(cwd: string, ref: string | undefined): Promise<GitRevisionSource> {
  try {
    return ref === undefined ? await openHeadOrEmpty(cwd) : await openRevision(cwd, ref);
  } catch (err) {
    if (err instanceof GitError) throw new UsageError(err.message, err.hint);
    throw err;
  }
}
