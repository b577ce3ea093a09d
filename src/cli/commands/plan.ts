// guestops plan: what a change does to the tenant, offline, for reviewers and for the pipeline.
// Thin edge: reads the working tree and a Git revision, then hands pure data to the plan core.
import { appendFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { openRevision, type GitRevisionSource } from "../../git/read-git-revision";
import { GitError } from "../../git/run-git";
import { loadRepo, type LoadResult, type ParseCache } from "../../load/load-repo";
import { workingTree } from "../../load/read-working-tree";
import { buildDesiredState } from "../../model/build-desired-state";
import type { DesiredState } from "../../model/desired-state";
import { buildPlan } from "../../plan/build-plan";
import { locateGuests } from "../../plan/locate-guests";
import type { Plan } from "../../plan/plan-types";
import { renderPlanGithub, renderPlanJson } from "../../plan/render-plan-machine";
import { renderPlanMarkdown } from "../../plan/render-plan-markdown";
import { renderPlanText } from "../../plan/render-plan-text";
import { validateRepo, type Validation } from "../../rules/validate-repo";
import { EXIT, UsageError } from "../errors";
import type { CommandContext } from "../context";
import { parseAsOf, parseFormat, repositoryRoot, selectStack } from "../options";
import { printValidation, reportOf } from "./validate";

export const PLAN_FORMATS = ["text", "markdown", "json", "github"] as const;
type PlanFormat = (typeof PLAN_FORMATS)[number];

export const help = `Usage: guestops plan [--stack NAME] [--base REF] [--as-of DATE] [--base-as-of DATE]
                     [--format text|markdown|json|github] [--allow-mass-removal]

Shows what deploying the working tree (head) would do to the tenant, compared with
the desired state at a Git revision (base). It reads the base from Git objects, with
no checkout and no credentials, so it also runs on pull requests from forks.

One computation, two levels:
  guests     invite, change (groups and apps granted or revoked), expire, remove
             (account kept, or deleted if the policy says so) or adopt; each grant
             with the owners whose approval it needs, from the stack's catalog.
  resources  create, update, replace or delete of each Pulumi resource, from the
             same mapping the Pulumi program registers.

Options:
  --stack NAME          Stack to plan: stacks/NAME.yaml, which must exist in the working
                        tree. Defaults to $PULUMI_STACK, or to the only stack.
  --base REF            What is deployed now: a branch, tag, commit, or ":/REGEX" (the
                        newest commit whose message matches). Default: HEAD, so a plain
                        "guestops plan" shows your uncommitted edits. In a PR: origin/main.
                        A base without the stack file, or without guests, is empty.
  --as-of DATE          The day access is judged on (YYYY-MM-DD), for head and base.
                        Default: today (UTC). Guests past "expires" lose their access.
  --base-as-of DATE     Judge the base on another day, such as the day of the last deploy,
                        so that the plan shows what has expired since.
  --format FORMAT       text (default, coloured on a terminal), markdown (a PR comment),
                        json (a stable contract: summary, changes, guests, refused), or
                        github (annotations on the guests' lines, plus the Markdown
                        appended to $GITHUB_STEP_SUMMARY).
  --allow-mass-removal  Let a plan remove more than policy.maxRemovalShare. The output
                        says so loudly. It lifts no other guard.
  -h, --help            Show this help.

Guards (exit 3, with the reason and the fix):
  - more than policy.maxRemovalShare of the base's managed guests, or of its group
    memberships and app role assignments, would be removed (--allow-mass-removal);
  - the head declares no guests while the base has some: an empty or missing guests/
    never means "remove everyone" (nothing lifts this);
  - an invitation would be replaced, or destroyed while its guest is still declared,
    or (under policy.onRemoval: delete) before its grace period has passed: each
    deletes a person's account (nothing lifts this);
  - a membership or assignment would be deleted and created again under a new name,
    which Graph refuses (a renamed catalog key: keep the old key).

Exit codes: 0 plan shown, 1 validation errors in the working tree (printed as
guestops validate prints them), 2 usage error, 3 refused by a guard, 70 internal error.

Examples:
  guestops plan
  guestops plan --base origin/main --format markdown > plan.md
  guestops plan --base ':/^example: base state' --as-of 2026-12-01
  guestops plan --base-as-of 2027-01-31 --as-of 2027-02-01
`;

/** The options, shared with main.ts so it can tell a value such as "-h" from a request for help. */
export const options = {
  stack: { type: "string" },
  base: { type: "string" },
  "as-of": { type: "string" },
  "base-as-of": { type: "string" },
  format: { type: "string" },
  "allow-mass-removal": { type: "boolean" },
} as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options,
    strict: true,
    allowPositionals: false,
  });
  const format = parseFormat(values.format, PLAN_FORMATS, "text");
  const asOf = parseAsOf(values["as-of"]);
  const baseAsOf = values["base-as-of"] === undefined ? asOf : parseAsOf(values["base-as-of"], "--base-as-of");
  const root = repositoryRoot(ctx.cwd);
  const head = workingTree(root);
  const stack = await selectStack(head, values.stack, ctx.env);
  // Git starts before the head is parsed: a usage error (unknown --base) comes first, git's processes
  // start while this one is small (starting a process costs more as the heap grows), and it lists the
  // base's tree while the working tree is parsed.
  const base = await openBase(root, values.base ?? "HEAD");

  // One cache for both sides: a file with the same bytes in head and base is parsed and checked once.
  const cache: ParseCache = new Map();
  const headLoad = await loadRepo(head, stack, cache);
  // The base first, so validation reports what this change adds (a duplicate's new copy, a new entry
  // that has already expired) rather than what it inherits.
  const baseLoad = await loadRepo(base, stack, cache);
  const validation = validateRepo(headLoad, asOf, { base: baseLoad });
  if (validation.errors.length > 0) {
    // Exactly as guestops validate prints them, in the same format.
    await printValidation(format, reportOf(headLoad, validation, asOf), ctx);
    return EXIT.invalid;
  }

  const plan = locateGuests(planOf(base, baseLoad, buildDesiredState(baseLoad, baseAsOf), buildDesiredState(headLoad, asOf), validation, values["allow-mass-removal"] === true), headLoad, baseLoad);
  await printPlan(format, plan, ctx);
  return plan.refused !== null ? EXIT.refused : EXIT.ok;
}

async function openBase(cwd: string, ref: string): Promise<GitRevisionSource> {
  try {
    return await openRevision(cwd, ref);
  } catch (err) {
    if (err instanceof GitError) throw new UsageError(err.message, err.hint);
    throw err;
  }
}

function planOf(source: GitRevisionSource, baseLoad: LoadResult, base: DesiredState, head: DesiredState, validation: Validation, allowMassRemoval: boolean): Plan {
  const { ref, commit, short, date, subject } = source.revision;
  const baseErrors = baseLoad.problems.filter((p) => p.severity === "error");
  // The base is used as it is (the desired state is total), but a broken base may not be what is deployed.
  const notices = baseErrors.length > 0 ? [`the base has ${baseErrors.length} file error(s), first ${baseErrors[0]!.file}:${baseErrors[0]!.line}: ${baseErrors[0]!.message}; it may not be what is deployed`] : [];
  return buildPlan({
    base,
    head,
    baseInfo: { label: source.label, ref, commit, short, date, subject, empty: baseLoad.stack === undefined },
    warnings: validation.warnings.map(({ file, line, column, message, rule }) => ({ file, line, column, message, rule })),
    notices,
    allowMassRemoval,
  });
}

async function printPlan(format: PlanFormat, plan: Plan, ctx: CommandContext): Promise<void> {
  if (format === "json") ctx.stdout.write(renderPlanJson(plan));
  else if (format === "markdown") ctx.stdout.write(renderPlanMarkdown(plan));
  else if (format === "github") {
    ctx.stdout.write(renderPlanGithub(plan));
    ctx.stdout.write(renderPlanText(plan, false));
    if (ctx.env.GITHUB_STEP_SUMMARY) await appendFile(ctx.env.GITHUB_STEP_SUMMARY, renderPlanMarkdown(plan));
  } else ctx.stdout.write(renderPlanText(plan, ctx.color));
}
