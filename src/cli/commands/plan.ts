// guestops plan: what a change does to the tenant, offline, for reviewers and for the pipeline.
// Thin edge: reads the working tree and a Git revision, then hands pure data to the plan core.
import { printFormatted } from "../print-formatted";
import { openRevision, type GitRevisionSource } from "../../git/read-git-revision";
import { latestDeployRecord } from "../../git/deploy-records";
import { GitError } from "../../git/run-git";
import { loadRepo, type LoadResult, type ParseCache } from "../../load/load-repo";
import { workingTree } from "../../load/read-working-tree";
import type { Plan } from "../../plan/plan-types";
import { renderPlanAzure } from "../../plan/render-plan-azure";
import { renderPlanGithub, renderPlanJson } from "../../plan/render-plan-machine";
import { renderPlanMarkdown } from "../../plan/render-plan-markdown";
import { renderPlanText } from "../../plan/render-plan-text";
import { loadStack } from "../../rules/load-stack";
import { planStacks } from "../../plan/plan-stacks";
import { EXIT, UsageError } from "../errors";
import type { CommandContext } from "../context";
import { parseDateOption, parseFormat, repositoryRoot, selectStack, parseFlags } from "../options";
import { planTenant } from "../plan-tenant";
import { selectScope } from "../select-scope";
import type { ValidationReport } from "../render-problems";
import { printValidation, reportOf } from "./validate";

export const PLAN_FORMATS = ["text", "markdown", "json", "github", "azure"] as const;
type PlanFormat = (typeof PLAN_FORMATS)[number];

export const help = `Usage: guestops plan [--stack NAME | --tenant NAME] [--base REF] [--as-of DATE] [--base-as-of DATE]
                     [--format text|markdown|json|github|azure] [--allow-mass-removal]

Shows what deploying the working tree (head) would do to the tenant, compared with
the desired state at a Git revision (base). It reads the base from Git objects, with
no checkout and no credentials, so it also runs on pull requests from forks.

One computation, two levels:
  guests     invite, change (groups and apps granted or revoked), expire, remove
             (account kept, or deleted if the policy says so) or adopt; each grant
             with the owners whose approval it needs, from the stack's catalog;
             each guest's justification and invitation overrides.
  policy     every change to what the stack allows, marked LOOSENS when it widens
             what guests can get; each needs a stack owner's approval.
  resources  create, update, replace or delete of each Pulumi resource, from the
             same mapping the Pulumi program registers.

Options:
  --stack NAME          Stack to plan: stacks/NAME.yaml, which must exist in the working
                        tree. Defaults to $PULUMI_STACK, or to the only stack. For a
                        shard, the plan of that one stack, with its siblings still
                        read: guests moving in or out, and the tenant-wide guards.
  --tenant NAME         Every shard of tenants/NAME.yaml in one run: each shard's plan,
                        the moves between shards (JSON "moves": the pulumi state move
                        to run before the shards deploy), and the guards over the whole
                        tenant. The default when its shards are all the stacks there are.
                        For shards, --base defaults to HEAD and --format azure prints
                        text.
  --base REF            What is deployed now: a branch, tag, commit, or ":/REGEX" (the
                        newest commit whose message matches). Default: the newest
                        deployment record (tag guestops/deploy/STACK/...), judged on its
                        day unless --base-as-of says otherwise; with no record, HEAD, so
                        a plain "guestops plan" shows your uncommitted edits. In a PR:
                        origin/main. A base without the stack file, or without guests,
                        is empty.
  --as-of DATE          The day access is judged on (YYYY-MM-DD), for head and base.
                        Default: today (UTC). Guests past "expires" lose their access.
                        A guestops:asOf in Pulumi.<stack>.yaml wins, as in the program.
  --base-as-of DATE     Judge the base on another day, such as the day of the last deploy,
                        so that the plan shows what has expired since.
  --format FORMAT       text (default, coloured on a terminal), markdown (a PR comment
                        within 48,000 bytes of one comment: real changes first, and
                        what is left out is named), json (a stable contract:
                        summary, changes, guests, refused, policyChanges, approvals),
                        github (annotations on the guests' lines and the changed
                        policy files, plus the Markdown appended to
                        $GITHUB_STEP_SUMMARY), or azure (Azure Pipelines
                        ##vso[task.logissue] lines for refusals and removals, plus the
                        Markdown attached with ##vso[task.uploadsummary]).
  --allow-mass-removal  Let a plan remove more than policy.maxRemovalShare. The output
                        says so loudly. It lifts no other guard.
  -h, --help            Show this help.

Policy changes: every change to the stack file's tenant, domains, guestFiles, owners,
invitation defaults, policy and catalog, to a partner file's domains, and to
Pulumi.<stack>.yaml, marked LOOSENS when it widens what guests can get. Each needs a
stack owner (the base's stack owners: never owners the same change sets).

Approvals (JSON "approvals"): one approval from any owner of each granted group or app
(the base's owners of it), plus a stack owner for each policy change and each adoption.

Guards (exit 3, with the reason and the fix):
  - more than policy.maxRemovalShare of the base's managed guests, or of its group
    memberships and app role assignments (deleted or replaced), would be removed
    (--allow-mass-removal lifts this one only);
  - the head declares no guests while the base has some: an empty or missing guests/
    never means "remove everyone";
  - the tenantId changes: declare the other tenant as a new stack;
  - an invitation would be replaced, or destroyed while its guest is still declared,
    or (under policy.onRemoval: delete) before its grace period, judged by the longer
    of the base's and the head's expiredGraceDays, has passed;
  - a guest this stack invited is given an objectId: its account is the invitation's;
  - a membership or assignment would be deleted and created again under a new name,
    which Graph refuses (a renamed catalog key: keep the old key).

Shards (docs/shards.md): a guest moved from one shard's files to another's is a move,
not a removal and an invitation: its invitation, memberships and assignments are handed
from one stack's state to the other's by pulumi state move, before either deploys.
The mass-removal share is judged over the whole tenant as well as each shard; a shard
whose stack file is deleted while it still holds guests is refused.

Exit codes: 0 plan shown, 1 validation errors in the working tree (printed as
guestops validate prints them), 2 usage error, 3 refused by a guard, 70 internal error.

Examples:
  guestops plan
  guestops plan --base origin/main --format markdown > plan.md
  guestops plan --base ':/^example: base state' --as-of 2026-12-01
  guestops plan --base-as-of 2027-01-31 --as-of 2027-02-01
  guestops plan --tenant contoso --base origin/main --format json > plan.json
`;

/** The options table, exported so that tests parse every guestops line of the pipelines with it. */
export const PLAN_OPTIONS = {
  stack: { type: "string" },
  tenant: { type: "string" },
  base: { type: "string" },
  "as-of": { type: "string" },
  "base-as-of": { type: "string" },
  format: { type: "string" },
  "allow-mass-removal": { type: "boolean" },
} as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, PLAN_OPTIONS);
  const format = parseFormat(values.format, PLAN_FORMATS, "text");
  // The scope first: the shards of a tenant are planned together, with the moves between them.
  const root = repositoryRoot(ctx.cwd);
  const cache: ParseCache = new Map();
  const scope = await selectScope(workingTree(root), { stack: values.stack, tenant: values.tenant }, ctx.env, cache);
  if (scope.tenant !== undefined) {
    const asOf = parseDateOption(values["as-of"]);
    const baseAsOf = parseDateOption(values["base-as-of"], "--base-as-of");
    // Deployment records are kept per stack, so a tenant's base is HEAD unless --base names one.
    const base = await openBase(root, values.base ?? "HEAD");
    // The tenant's plan has no Azure Pipelines rendering yet: its text, as the azure format ends in.
    const tenantFormat = format === "azure" ? "text" : format;
    const run = { headSource: workingTree(root), base, cache, format: tenantFormat, ctx, asOf, baseAsOf, allowMassRemoval: values["allow-mass-removal"] === true };
    return planTenant({ tenant: scope.tenant, ...(scope.stack !== undefined && { stack: scope.stack }) }, run);
  }
  const computed = await computePlan(ctx, values);
  if ("invalid" in computed) {
    // Exactly as guestops validate prints them, in the same format.
    await printValidation(format, computed.invalid, ctx);
    return EXIT.invalid;
  }
  await printPlan(format, computed.plan, ctx);
  return computed.plan.refused !== null ? EXIT.refused : EXIT.ok;
}

export interface PlanRequest {
  stack?: string;
  base?: string;
  "as-of"?: string;
  "base-as-of"?: string;
  "allow-mass-removal"?: boolean;
}

export type ComputedPlan = { invalid: ValidationReport } | { plan: Plan; base: GitRevisionSource; baseLoad: LoadResult };

/** The plan of the working tree against the base, as `plan` and the approval gate compute it. */
export async function computePlan(ctx: CommandContext, values: PlanRequest): Promise<ComputedPlan> {
  const asOf = parseDateOption(values["as-of"]);
  const root = repositoryRoot(ctx.cwd);
  const headSource = workingTree(root);
  const stack = await selectStack(headSource, values.stack, ctx.env);
  // What is deployed now: the newest deployment record, judged on its own day, unless told otherwise.
  const record = values.base === undefined ? await latestDeployRecord(root, stack) : undefined;
  const baseAsOf = parseDateOption(values["base-as-of"], "--base-as-of") ?? record?.day;
  // Git starts before the head is parsed: a usage error (unknown --base) comes first, git's processes
  // start while this one is small (starting a process costs more as the heap grows), and it lists the
  // base's tree while the working tree is parsed.
  const base = await openBase(root, values.base ?? record?.tag ?? "HEAD");

  // One cache for both sides: a file with the same bytes in head and base is parsed and checked once.
  const cache: ParseCache = new Map();
  // The base first, so validation reports what this change adds (a duplicate's new copy, a new entry
  // that has already expired) rather than what it inherits.
  const baseLoad = await loadRepo(base, stack, cache);
  const head = await loadStack(headSource, stack, { asOf, cache, base: baseLoad });
  if (head.validation.errors.length > 0) return { invalid: reportOf(head.load, head.validation, head.asOf) };

  const { ref, commit, short, date, subject } = base.revision;
  const plan = planStacks({
    base: baseLoad,
    baseInfo: { label: base.label, ref, commit, short, date, subject },
    ...(baseAsOf !== undefined && { baseAsOf }),
    ...(asOf !== undefined && { asOf }),
    head,
    allowMassRemoval: values["allow-mass-removal"] === true,
  });
  return { plan, base, baseLoad };
}

export async function openBase(cwd: string, ref: string): Promise<GitRevisionSource> {
  try {
    return await openRevision(cwd, ref);
  } catch (err) {
    if (err instanceof GitError) throw new UsageError(err.message, err.hint);
    throw err;
  }
}

async function printPlan(format: PlanFormat, plan: Plan, ctx: CommandContext): Promise<void> {
  await printFormatted(format, "plan", {
    json: () => renderPlanJson(plan),
    markdown: () => renderPlanMarkdown(plan),
    text: (color) => renderPlanText(plan, color),
    github: () => renderPlanGithub(plan),
    azure: () => renderPlanAzure(plan),
  }, ctx);
}

export const options = PLAN_OPTIONS;
export const formats = PLAN_FORMATS;
