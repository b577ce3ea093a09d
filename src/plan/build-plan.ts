// Assembles the plan from two desired states: resources through the one shared mapping, then the
// guest view, then the guards. Pure: no Git, files or terminal here.
import { isDeepStrictEqual } from "node:util";
import type { DesiredState } from "../model/desired-state";
import { resourcesFor } from "../model/resources-for";
import { checkGuards, percent } from "./check-guards";
import { APPROVAL_RULE, APPROVAL_RULE_WITHOUT_SPONSOR, buildApprovals } from "./build-approvals";
import { diffGuests } from "./diff-guests";
import { diffPolicy, stackOwners, type PolicyView } from "./diff-policy";
import { diffResources } from "./diff-resources";
import { GUEST_ACTIONS, type RemovedStack, type BaseInfo, type GuestAction, type Plan, type PlanGuest, type PlanWarning, type ResourceOp } from "./plan-types";

export interface PlanInput {
  base: DesiredState;
  head: DesiredState;
  /** Where the base came from; `empty` when it has no stack file, so nothing was deployed from it. */
  baseInfo: BaseInfo;
  headLabel?: string;
  /** The head's validation warnings, shown to reviewers. */
  warnings?: readonly PlanWarning[];
  notices?: readonly string[];
  allowMassRemoval?: boolean;
  allowStackRemoval?: boolean;
  /** Stack files the change deletes, with the guests their stacks still hold. */
  removedStacks?: readonly RemovedStack[];
  /**
   * The files' policy, catalog, partner domains and Pulumi config, for the policy changes. `base` is
   * absent when nothing was deployed and no tenant file gives the policy it followed.
   */
  policy?: { base?: PolicyView; head: PolicyView };
  /** Guests that leave another shard of the tenant for this one: key to that shard's stack name. */
  moved?: ReadonlyMap<string, string>;
}

const ACTION_ORDER: Record<GuestAction, number> = { invite: 0, adopt: 1, move: 2, change: 3, renew: 4, review: 5, shorten: 6, expire: 7, remove: 8, unchanged: 9 };

export function buildPlan(input: PlanInput): Plan {
  const { base, head } = input;
  const baseSpecs = input.baseInfo.empty ? [] : resourcesFor(base);
  const changed = changedGuests(base, head);
  const { changes, ignored } = changed
    ? diffResources(baseSpecs.filter((s) => s.guest === undefined || changed.has(s.guest)), resourcesFor({ ...head, guests: head.guests.filter((g) => changed.has(g.key)) }))
    : diffResources(baseSpecs, resourcesFor(head));
  const all = diffGuests(base, head, changes, input.moved);
  const guards = checkGuards(
    { base, head, baseSpecs, changes, guests: all, baseEmpty: input.baseInfo.empty, ...(input.removedStacks && { removedStacks: input.removedStacks }) },
    { allowMassRemoval: input.allowMassRemoval, allowStackRemoval: input.allowStackRemoval },
  );
  const policyChanges = input.policy ? diffPolicy(input.policy.base, input.policy.head) : [];
  const owners = input.policy ? stackOwners(input.policy.base, input.policy.head) : [];
  // A change cannot turn off the sponsor's approval for itself: either side requiring it requires it.
  const sponsor = !input.policy || [input.policy.base, input.policy.head].some((v) => v !== undefined && !v.repositoryOnly && v.effective?.approvals?.sponsor !== "notRequired");

  const summary: Record<ResourceOp, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) summary[c.op]++;
  const guestSummary = Object.fromEntries(GUEST_ACTIONS.map((a) => [a, 0])) as Record<GuestAction, number>;
  for (const g of all) guestSummary[g.action]++;

  return {
    stack: head.stack,
    base: input.baseInfo,
    head: { label: input.headLabel ?? "working tree" },
    asOf: head.asOf,
    baseAsOf: base.asOf,
    summary,
    guestSummary,
    changes,
    ignored,
    guests: all.filter((g) => g.action !== "unchanged" || g.notes.length > 0).sort(byPartnerAction),
    refused: guards.refusals.length > 0 ? guards.refusals.map((r) => r.message).join("; ") : null,
    guards,
    warnings: [...(input.warnings ?? [])],
    notices: [...policyNotices(input), ...(input.notices ?? [])],
    policyChanges,
    approvals: buildApprovals(all, policyChanges, owners, { sponsor }),
    approvalRule: sponsor ? APPROVAL_RULE : APPROVAL_RULE_WITHOUT_SPONSOR,
  };
}

/**
 * Keys of the guests whose desired entries differ between base and head, or undefined when the tenant,
 * policy or catalog differ (then every guest's resources may). resourcesFor is pure in the guest and
 * those, so an equal guest has equal resources and the diff can skip it: at 10,000 guests, a change to
 * 1% of them diffs about 100 guests' resources instead of 10,000's.
 */
function changedGuests(base: DesiredState, head: DesiredState): Set<string> | undefined {
  const context = (s: DesiredState) => ({ tenantId: s.tenantId, policy: s.policy, lifecycle: s.lifecycle, legacy: s.invitationsDeleteAccounts, catalog: s.catalog });
  if (!isDeepStrictEqual(context(base), context(head))) return undefined;
  const before = new Map(base.guests.map((g) => [g.key, g]));
  const changed = new Set<string>();
  for (const g of head.guests) {
    const b = before.get(g.key);
    before.delete(g.key);
    if (!b || !isDeepStrictEqual(b, g)) changed.add(g.key);
  }
  for (const key of before.keys()) changed.add(key);
  return changed;
}

/** Policy edits change what later plans do, or what this one allows: reviewers must see them. */
function policyNotices({ base, head, baseInfo }: PlanInput): string[] {
  if (baseInfo.empty) return [];
  const notices: string[] = [];
  const [b, h] = [base.policy, head.policy];
  if (b.onRemoval !== h.onRemoval) {
    notices.push(
      h.onRemoval === "delete"
        ? "policy.onRemoval changes from retain to delete: once deployed, removing a guest DELETES their account"
        : "policy.onRemoval changes from delete to retain: once deployed, removing a guest keeps their account",
    );
  }
  if (b.maxRemovalShare !== h.maxRemovalShare) {
    notices.push(`policy.maxRemovalShare changes from ${b.maxRemovalShare} (${percent(b.maxRemovalShare)}) to ${h.maxRemovalShare} (${percent(h.maxRemovalShare)}); this plan is judged by the stricter of the two`);
  }
  if (b.expiredGraceDays !== h.expiredGraceDays) notices.push(`policy.expiredGraceDays changes from ${b.expiredGraceDays} to ${h.expiredGraceDays}`);
  // A stack deployed before GuestLifecycle under onRemoval: delete: its invitations are stored with
  // retainOnDelete off until the deploy of this change rewrites them (docs/lifecycle.md, migration).
  if (base.invitationsDeleteAccounts && !head.invitationsDeleteAccounts) {
    const invitations = base.guests.filter((g) => g.status !== "gone" && !g.objectId).length;
    notices.push(
      `migration to GuestLifecycle: the last deploy stored ${invitations} invitation${invitations === 1 ? "" : "s"} with retainOnDelete off, so destroying one deleted the account. ` +
        `This deploy stores retainOnDelete on every invitation and creates a GuestLifecycle per guest with an account; from then on only GuestLifecycle deletes accounts, after the grace period. ` +
        `An invitation destroyed by this same deploy still deletes its account: merge the migration with no guest removed`,
    );
  }
  return notices;
}

function byPartnerAction(a: PlanGuest, b: PlanGuest): number {
  if (a.partner !== b.partner) return a.partner < b.partner ? -1 : 1;
  return ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || (a.key < b.key ? -1 : 1);
}
