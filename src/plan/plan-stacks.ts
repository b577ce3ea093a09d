// A plan between two loaded revisions: the base as it was deployed, the head as it was judged by
// loadStack. The CLI, the tests and the audit call this one assembly, so they cannot disagree.
import type { LoadResult } from "../load/load-repo";
import type { DesiredState } from "../model/desired-state";
import { buildDesiredState } from "../model/build-desired-state";
import { todayUtc } from "../model/dates";
import { configuredAsOf, type LoadedStack } from "../rules/load-stack";
import { buildPlan } from "./build-plan";
import { repositoryViewOf, policyViewOf, type PolicyView } from "./diff-policy";
import { locateGuests } from "./locate-guests";
import type { BaseInfo, Plan, PlanWarning, RemovedStack } from "./plan-types";

export interface PlanStacksInput {
  base: LoadResult;
  /** Where the base came from; `empty` is worked out here. */
  baseInfo: Omit<BaseInfo, "empty">;
  /** The day the base is judged on (--base-as-of). */
  baseAsOf?: string;
  /** The day the user asked for (--as-of), if any. */
  asOf?: string;
  head: LoadedStack;
  headLabel?: string;
  allowMassRemoval?: boolean;
  allowStackRemoval?: boolean;
  /** Stack files the change deletes (not shards of a tenant the head still has), with the guests their stacks hold. */
  removedStacks?: readonly RemovedStack[];
  /**
   * The base's desired state when it is not simply the base's files: a shard's, once guests moving
   * between shards have left it or joined it (see plan-shards.ts). Never empty when given.
   */
  baseState?: DesiredState;
  /** Guests that leave another shard for this one: key to that shard's stack name. */
  moved?: ReadonlyMap<string, string>;
  /**
   * The policy the base followed when its own files hold none: a shard new in this change follows its
   * tenant's file as the base has it, so its owners approve and only what the change writes differs.
   */
  basePolicy?: PolicyView;
  /** For a shard: the partner domains its sibling shards hold, in the base and in the head (see PolicyView). */
  siblingDomains?: { base: readonly string[]; head: readonly string[] };
  /** Shown instead of the head's validation warnings. */
  warnings?: readonly PlanWarning[];
  /** Notes from the edges, e.g. the deployment records that were passed over as the base; shown escaped, as every notice. */
  notices?: readonly string[];
}

export function planStacks(input: PlanStacksInput): Plan {
  const { base, head } = input;
  const baseErrors = base.problems.filter((p) => p.severity === "error");
  const notices: string[] = [];
  if (head.asOfFrom === "config") {
    notices.push(`expiry is judged on ${head.asOf}, the guestops:asOf of ${head.load.pulumiPath}, as the program will judge it${head.overruled ? ` (not on --as-of ${head.overruled})` : ""}; a deploy refuses a date more than a day from today`);
  }
  // The base is used as it is (the desired state is total), but a broken base may not be what is deployed.
  if (baseErrors.length > 0) {
    const first = baseErrors[0]!;
    notices.push(`the base has ${baseErrors.length} file error(s), first ${first.file}:${first.line}: ${first.message}; it may not be what is deployed`);
  }
  notices.push(...(input.notices ?? []));
  const empty = input.baseState === undefined && base.stack === undefined;
  // Nothing deployed and no tenant file to follow: every setting is new, and no one in the base owns it.
  const siblings = input.siblingDomains;
  // people.yaml and Pulumi.yaml are the repository's, not the stack's: a new stack still has the base's.
  const ownBase = input.basePolicy ?? (empty ? repositoryViewOf(base) : policyViewOf(base));
  const basePolicy = ownBase && siblings ? { ...ownBase, siblingDomains: siblings.base } : ownBase;
  const headPolicy = siblings ? { ...policyViewOf(head.load), siblingDomains: siblings.head } : policyViewOf(head.load);
  const plan = buildPlan({
    // The base as it was deployed: on its own guestops:asOf if it had one, else the day asked for. Never on
    // the head's guestops:asOf, or a change of that date would show as no change at all.
    base: input.baseState ?? buildDesiredState(base, baseAsOfOf(input)),
    head: head.desired,
    baseInfo: { ...input.baseInfo, empty },
    ...(input.moved && { moved: input.moved }),
    ...(input.headLabel !== undefined && { headLabel: input.headLabel }),
    warnings: input.warnings ?? head.validation.warnings.map(({ file, line, column, message, rule }) => ({ file, line, column, message, rule })),
    notices,
    allowMassRemoval: input.allowMassRemoval === true,
    allowStackRemoval: input.allowStackRemoval === true,
    ...(input.removedStacks && { removedStacks: input.removedStacks }),
    policy: { ...(basePolicy && { base: basePolicy }), head: headPolicy },
  });
  return locateGuests(plan, head.load, base);
}

/** The day the base is judged on: --base-as-of, else its own guestops:asOf, else the day asked for. */
export function baseAsOfOf(input: Pick<PlanStacksInput, "base" | "baseAsOf" | "asOf">): string {
  return input.baseAsOf ?? configuredAsOf(input.base) ?? input.asOf ?? todayUtc();
}
