// guestops plan: what a change does to the tenant, offline, for reviewers and for the pipeline.
// Thin edge: the plan of the scope (plan-scope.ts, which the approval gate shares), in the format asked for.
import { printFormatted } from "../print-formatted";
import type { Plan } from "../../plan/plan-types";
import { renderPlanAzure } from "../../plan/render-plan-azure";
import { renderPlanGithub, renderPlanJson } from "../../plan/render-plan-machine";
import { renderPlanMarkdown } from "../../plan/render-plan-markdown";
import { renderPlanText } from "../../plan/render-plan-text";
import { EXIT, UsageError } from "../errors";
import type { CommandContext } from "../context";
import { parseFormat, parseFlags } from "../options";
import { computeScopePlan } from "../plan-scope";
import { printTenantPlan } from "../plan-tenant";
import { ONLINE_HELP, preflightPlan } from "../plan-preflight";
import { printValidation } from "./validate";
import { APPROVAL_RULE } from "../../plan/build-approvals";
import { wrap } from "../../model/words";

export const PLAN_FORMATS = ["text", "markdown", "json", "github", "azure"] as const;
type PlanFormat = (typeof PLAN_FORMATS)[number];

export const help = `Usage: guestops plan [--stack NAME | --tenant NAME] [--base REF | --base-from-record] [--as-of DATE] [--base-as-of DATE]
                     [--format text|markdown|json|github|azure] [--allow-mass-removal]
                     [--allow-stack-removal] [--online [--graph-url URL] [--credential KIND]]

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
                        tree or, when this change deletes it, in the base. Defaults to
                        $PULUMI_STACK, or to the only stack. For a shard, the plan of
                        that one stack, with its siblings still read: guests moving in
                        or out, and the tenant-wide guards.
  --tenant NAME         Every shard of tenants/NAME.yaml in one run: each shard's plan,
                        the moves between shards (JSON "moves": the pulumi state move
                        to run before the shards deploy), the guards over the whole
                        tenant, and JSON "approvals": every shard's in one list, exactly
                        what guestops approvals checks. The default when its shards are
                        all the stacks there are. A new shard's stack owners are those
                        of the base's tenant file.
                        For shards, --base defaults to HEAD and --format azure prints
                        text.
  --base REF            What is deployed now: a branch, tag, commit, or ":/REGEX" (the
                        newest commit whose message matches). Default: the newest
                        deployment record (tag guestops/deploy/STACK/...), judged on its
                        day unless --base-as-of says otherwise; with no record, HEAD, so
                        a plain "guestops plan" shows your uncommitted edits. In a PR:
                        origin/main. A base without the stack file, or without guests,
                        is empty.
  --base-from-record    The base is the newest deployment record that can be trusted,
                        as by default, but with none it fails (exit 2) instead of using
                        HEAD: what a deploy passes. A record counts only when it is an
                        annotated tag whose message is the record that guestops
                        record-deploy writes, of this stack and of the commit it points
                        at, dated no later than the day judged (--as-of) or now, and on
                        HEAD's first-parent history; any other is passed over, with a
                        note in the plan saying why. For shards: the newest commit that
                        every shard has deployed, the oldest of their newest records.
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
  --allow-stack-removal Let a change delete a stack file whose stack still holds guests,
                        leaving their access in the tenant with nothing to expire it.
                        The output says so loudly. It lifts no other guard.
${ONLINE_HELP}
  --graph-url URL       With --online: the Graph to read (as guestops status --help says).
  --credential KIND     With --online: how to sign in (as guestops status --help says).
  -h, --help            Show this help.

Policy changes: every change to the stack file's tenant, domains, guestFiles, owners,
invitation defaults, policy and catalog, to a partner file's domains, and to
Pulumi.<stack>.yaml, marked LOOSENS when it widens what guests can get. Each needs a
stack owner (the base's stack owners: never owners the same change sets).

Approvals (JSON "approvals"; the rule in "approvalRule"), owners from the base's catalog:
${wrap(`${APPROVAL_RULE}.`)}

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
    which Graph refuses (a renamed catalog key: keep the old key);
  - a stack file (this one or another) is deleted while its stack still holds guests:
    retire them first, let them expire or remove them and deploy
    (--allow-stack-removal lifts this one only).

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
  "base-from-record": { type: "boolean" },
  "as-of": { type: "string" },
  "base-as-of": { type: "string" },
  format: { type: "string" },
  "allow-mass-removal": { type: "boolean" },
  "allow-stack-removal": { type: "boolean" },
  online: { type: "boolean" },
  "graph-url": { type: "string" },
  credential: { type: "string" },
} as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, PLAN_OPTIONS);
  const format = parseFormat(values.format, PLAN_FORMATS, "text");
  const online = values.online === true;
  if (!online && (values["graph-url"] !== undefined || values.credential !== undefined)) throw new UsageError("--graph-url and --credential take effect only with --online", "add --online to read the tenant, or drop them: the plan is offline by default");
  const computed = await computeScopePlan(ctx, values);
  // The tenant's plan has no Azure Pipelines rendering yet: its text, as the azure format ends in.
  const shown = computed.scope.tenant !== undefined && format === "azure" ? "text" : format;
  if ("invalid" in computed) {
    // Exactly as guestops validate prints them, in the same format.
    await printValidation(shown, computed.invalid, ctx);
    return EXIT.invalid;
  }
  if (computed.kind === "tenant") {
    if (online) throw new UsageError("--online reads the tenant for one stack's plan", "pass --stack NAME with --online");
    await printTenantPlan(shown as Exclude<PlanFormat, "azure">, computed.plan, ctx);
  } else await printPlan(format, online ? await preflightPlan(ctx, values, computed.plan) : computed.plan, ctx);
  return computed.plan.refused !== null ? EXIT.refused : EXIT.ok;
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
