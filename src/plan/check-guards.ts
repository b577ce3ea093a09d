// The safety guards: the decision to refuse a plan, kept apart from computing and rendering it. Each
// guard is a small named function with its reason; the list runs in order. Pure: the plan's parts in,
// refusals out. The CLI turns refusals into exit code 3.
import { statusOf } from "../model/build-desired-state";
import { daysBetween } from "../model/dates";
import type { DesiredGuest, DesiredState } from "../model/desired-state";
import type { ResourceSpec } from "../model/resources-for";
import { typeInfo } from "../model/resource-types";
import { typeLabel } from "./diff-resources";
import { count } from "../model/words";
import type { GuardName, Guards, PlanGuest, Refusal, RemovalStats, RemovedStack, ResourceChange } from "./plan-types";

export interface GuardInput {
  base: DesiredState;
  head: DesiredState;
  baseSpecs: readonly ResourceSpec[];
  changes: readonly ResourceChange[];
  guests: readonly PlanGuest[];
  /** No stack file at the base: nothing was deployed from it. */
  baseEmpty?: boolean;
  /** Stack files deleted by the change; the planned stack itself when its own file is gone. */
  removedStacks?: readonly RemovedStack[];
}

export interface GuardOptions {
  /** Lifts the mass-removal guard only: never the empty-head or account-deletion guards. */
  allowMassRemoval?: boolean;
  /** Lifts the stack-removal guard only. */
  allowStackRemoval?: boolean;
}

/** A guard returns its refusals; none means the plan passes it. */
export type Guard = (input: GuardContext) => Refusal[];

/** The input, with look-ups the guards share. */
export interface GuardContext extends GuardInput {
  removal: RemovalStats;
  baseGuest(key: string): DesiredGuest | undefined;
  headGuest(key: string): DesiredGuest | undefined;
}

const isGrant = (type: string) => typeInfo(type).grant;
const holdsAccount = (type: string) => typeInfo(type).holdsAccount;

// peribolos' --maximum-removal-delta: a typo, a bad merge or a deleted file must not empty the tenant.
// Replaced grants count too: each replacement deletes the access first.
export const massRemoval: Guard = ({ removal: r, ...input }) => {
  if (ownStackRemoved(input)) return [];
  const over: string[] = [];
  if (r.guests.share > r.limit) over.push(`removes ${r.guests.removed} of ${r.guests.managed} managed guests (${percent(r.guests.share)})`);
  if (r.grants.share > r.limit) over.push(`deletes or replaces ${r.grants.deleted} of ${r.grants.total} memberships and app role assignments (${percent(r.grants.share)})`);
  if (over.length === 0) return [];
  if (r.guests.ending) over.push(`(counting ${r.guests.ending} guest(s) whose expires this change moves to within policy.removalHorizonDays, ${r.guests.horizon} days)`);
  return [
    refusal(
      "massRemoval",
      `this plan ${over.join(" and ")}, more than policy.maxRemovalShare ${r.limit} (${percent(r.limit)}) allows; ` +
        `check that no guest file was deleted or emptied by mistake, or pass --allow-mass-removal if the removal is intended`,
    ),
  ];
};

// An empty, missing or unreadable guests/ never means "remove everyone"; no flag lifts this.
export const emptyHead: Guard = (ctx) =>
  ctx.head.guests.length === 0 && ctx.removal.guests.managed > 0 && !ownStackRemoved(ctx)
    ? [
        refusal(
          "emptyHead",
          `the head declares no guests, but the base has ${ctx.removal.guests.managed} with access or an account; an empty or missing guests/ never means "remove everyone". ` +
            `Restore the guest files. To end everyone's access on purpose, keep the entries and set their expires dates, then plan with --allow-mass-removal`,
        ),
      ]
    : [];

// A new tenantId replaces the provider, and with it every invitation, membership and assignment, even
// when every guest is adopted: the objects of one tenant mean nothing in another.
export const tenantUnchanged: Guard = ({ base, head, baseEmpty }) =>
  !baseEmpty && base.tenantId !== "" && base.tenantId !== head.tenantId
    ? [
        refusal(
          "tenantChange",
          `tenantId changes from ${base.tenantId} to ${head.tenantId || "(none)"}: Pulumi would replace the provider and every resource it manages. ` +
            `A deployed stack's tenant never changes: declare the other tenant as a new stack (stacks/<new>.yaml), and retire this one by ending its guests' access`,
        ),
      ]
    : [];

// Replacing an invitation invites the guest again (their redemption resets) and destroys the old one,
// which deletes the account unless it was retained.
export const invitationNotReplaced: Guard = ({ changes, base, head, baseEmpty }) => {
  // Exempt only what tenantUnchanged refuses already: a base with no tenantId is no exemption.
  const tenantMoved = !baseEmpty && base.tenantId !== "" && base.tenantId !== head.tenantId;
  return changes
    .filter((c) => holdsAccount(c.type) && c.op === "replace" && !(tenantMoved && c.reason.includes("provider")))
    .map((c) =>
      refusal(
        "accountDeletion",
        `${typeLabel(c.type)} "${c.name}" would be replaced (${c.reason}); a replacement invites the guest again, which resets their redemption${
          c.retained === false ? ", and destroys the old invitation, which DELETES their account" : ""
        }. Undo that change`,
        c.guest,
      ),
    );
};

// A GuestLifecycle's delete under onRemoval: delete deletes the account (and so does destroying an
// invitation of a stack deployed before GuestLifecycle): never while the guest is still declared, and
// never before the grace period, judged by the LONGER of base's and head's, has passed, from the LATER of
// base's and head's expires. A change that shrinks expiredGraceDays, or moves an expired guest's date into
// the past, must not delete anyone it would have kept.
export const accountDeletedOnlyAfterGrace: Guard = (ctx) => {
  const refusals: Refusal[] = [];
  const grace = Math.max(ctx.base.policy.expiredGraceDays, ctx.head.policy.expiredGraceDays);
  for (const c of ctx.changes) {
    if (!holdsAccount(c.type) || c.op !== "delete" || c.retained !== false || c.guest === undefined) continue;
    const what = `${typeLabel(c.type)} "${c.name}"`;
    const h = ctx.headGuest(c.guest);
    const b = ctx.baseGuest(c.guest);
    if (h && h.status !== "gone") {
      refusals.push(
        refusal(
          "accountDeletion",
          `${what} would be destroyed, deleting the account, while ${h.file} still declares the guest${h.objectId ? ` (now by objectId ${h.objectId})` : ""}; ` +
            `the last deploy had policy.onRemoval: delete. Deploy policy.onRemoval: retain first, then make this change`,
          c.guest,
        ),
      );
      continue;
    }
    const lastDay = b && b.expires > (h?.expires ?? "") ? b.expires : h?.expires;
    const pastLongerGrace = h !== undefined && statusOf(lastDay, ctx.head.asOf, grace) === "gone";
    if (b?.status === "expired" && pastLongerGrace) continue;
    const why = !h
      ? " (its entry was removed)"
      : b && b.expires > h.expires && statusOf(h.expires, ctx.head.asOf, grace) === "gone"
        ? ` (this change moves its expires from ${b.expires} to ${h.expires}; the grace period runs from the later date)`
        : !pastLongerGrace
          ? ` (policy.expiredGraceDays shrinks from ${ctx.base.policy.expiredGraceDays} to ${ctx.head.policy.expiredGraceDays} in this change; the longer period applies until it has passed)`
          : " (its expires date is already past the grace period; check the date)";
    refusals.push(
      refusal(
        "accountDeletion",
        `${what} would be destroyed, DELETING the account, without the ${grace}-day grace period of policy.onRemoval: delete${why}. ` +
          `To end access, keep the entry and set expires to the last day of access: access ends then, and the account is deleted when the grace period is over`,
        c.guest,
      ),
    );
  }
  return refusals;
};

// An invited guest's account is the invitation's. An objectId cannot be checked offline, and a wrong one
// would move every grant to another person's account: adoption is for accounts this stack did not invite.
export const invitedNotAdopted: Guard = ({ base, head, baseEmpty, baseGuest }) => {
  if (baseEmpty) return [];
  const refusals: Refusal[] = [];
  for (const h of head.guests) {
    const b = baseGuest(h.key);
    if (!h.objectId || !b || b.objectId || b.status === "gone" || base.tenantId !== head.tenantId) continue;
    refusals.push(
      refusal(
        "adoptionOfInvited",
        `${h.email} was invited by this stack, so its account is the invitation's; adding objectId ${h.objectId} would move its grants to whatever account that id names, which cannot be checked offline. ` +
          `Remove objectId from ${h.file}`,
        h.key,
      ),
    );
  }
  return refusals;
};

// A grant deleted under one name and created under another is the same membership: Pulumi creates
// before it deletes, and Graph refuses the duplicate, so the deploy would fail. Usually a catalog key
// was renamed.
export const grantNotRenamed: Guard = ({ changes }) => {
  const deleted = new Map<string, string>();
  for (const c of changes) if (c.op === "delete" && isGrant(c.type)) deleted.set(grantIdentity(c.type, c.before), c.name);
  const refusals: Refusal[] = [];
  for (const c of changes) {
    const old = c.op === "create" && isGrant(c.type) ? deleted.get(grantIdentity(c.type, c.after)) : undefined;
    if (old === undefined) continue;
    refusals.push(
      refusal(
        "renamedGrant",
        `${typeLabel(c.type)} "${old}" would be deleted and the same access created again as "${c.name}"; Graph refuses the new one while the old one exists, so the deploy would fail. ` +
          `A catalog key was probably renamed: keep the old key (change only its displayName)`,
        c.guest,
      ),
    );
  }
  return refusals;
};

// A deleted stack file leaves its Pulumi stack behind with every guest in it: nothing plans or deploys
// that stack any more, so their access would stay in the tenant and never expire. A shard's is its
// tenant's guard (shardNotDropped); this one covers every other stack, the planned one included.
export const stackNotRemoved: Guard = ({ removedStacks }) => stackRemovals(removedStacks);

function stackRemovals(removedStacks: readonly RemovedStack[] | undefined): Refusal[] {
  return (removedStacks ?? [])
    .filter((s) => s.guests > 0)
    .map((s) =>
      refusal(
        "stackRemoval",
        `stacks/${s.stack}.yaml is deleted, but stack "${s.stack}" still manages ${count(s.guests, "guest")}; a deleted stack file never means "remove everyone in it": ` +
          `nothing would plan or deploy that stack again, so their access would stay in the tenant and never expire. ` +
          `Retire the guests first (let them expire, or remove their entries, and deploy), then delete the file; or pass --allow-stack-removal if leaving them is intended`,
      ),
    );
}

export const GUARDS: readonly Guard[] = [stackNotRemoved, massRemoval, emptyHead, tenantUnchanged, invitationNotReplaced, accountDeletedOnlyAfterGrace, invitedNotAdopted, grantNotRenamed];

/** Guards that a flag may lift, and the flag. */
export const LIFTED_BY: Partial<Record<GuardName, string>> = { massRemoval: "--allow-mass-removal", stackRemoval: "--allow-stack-removal" };

function lifted(guard: GuardName, options: GuardOptions): boolean {
  return (guard === "massRemoval" && options.allowMassRemoval === true) || (guard === "stackRemoval" && options.allowStackRemoval === true);
}

/** The plan's own stack file is deleted: stackNotRemoved speaks for it, not the removal guards. */
function ownStackRemoved({ removedStacks, head }: Pick<GuardInput, "removedStacks" | "head">): boolean {
  return removedStacks?.some((s) => s.stack === head.stack) === true;
}

export function checkGuards(input: GuardInput, options: GuardOptions = {}): Guards {
  const baseByKey = new Map(input.base.guests.map((g) => [g.key, g]));
  const headByKey = new Map(input.head.guests.map((g) => [g.key, g]));
  const ctx: GuardContext = { ...input, removal: removalStats(input), baseGuest: (k) => baseByKey.get(k), headGuest: (k) => headByKey.get(k) };
  const refusals: Refusal[] = [];
  const overridden: Refusal[] = [];
  for (const guard of GUARDS) {
    for (const r of guard(ctx)) (lifted(r.guard, options) ? overridden : refusals).push(r);
  }
  const flagged = input.changes
    .filter((c) => c.op === "replace" && isGrant(c.type))
    .map((c) => `${typeLabel(c.type)} ${c.name} is replaced (${c.reason}): the access is removed and granted again during the deploy`);
  return { refusals, overridden, flagged, removal: ctx.removal };
}

/** The tenant over all its shards: each shard's removal counts summed, and the shards that are gone from the head. */
export interface TenantView {
  tenant: string;
  shards: number;
  removal: RemovalStats;
  /** Shards the base has and the head no longer has, with the guests still in them (none moved elsewhere). */
  dropped: { shard: string; guests: number }[];
  /** Other stack files the change deletes (not shards of this tenant). */
  removedStacks?: readonly RemovedStack[];
}

/** Guards over the whole tenant; they run beside each shard's own. */
export type TenantGuard = (tenant: TenantView) => Refusal[];

// peribolos' --maximum-removal-delta over the whole tenant: a plan narrowed to one shard (one job of a CI
// matrix) must still refuse when the change as a whole removes too much, even if this shard loses little.
export const tenantMassRemoval: TenantGuard = ({ tenant, shards, removal: r }) => {
  const over: string[] = [];
  if (r.guests.share > r.limit) over.push(`removes ${r.guests.removed} of the ${r.guests.managed} managed guests of tenant "${tenant}" over its ${shards} shards (${percent(r.guests.share)})`);
  if (r.grants.share > r.limit) over.push(`deletes or replaces ${r.grants.deleted} of its ${r.grants.total} memberships and app role assignments (${percent(r.grants.share)})`);
  if (over.length === 0) return [];
  return [refusal("massRemoval", `this change ${over.join(" and ")}, more than policy.maxRemovalShare ${r.limit} (${percent(r.limit)}) allows; guests moved between shards do not count. Check that no guest file or shard was deleted by mistake, or pass --allow-mass-removal if the removal is intended`)];
};

// A stack file deleted from stacks/ leaves its Pulumi stack behind with every guest in it; no flag lifts this.
export const shardNotDropped: TenantGuard = ({ dropped }) =>
  dropped
    .filter((d) => d.guests > 0)
    .map((d) =>
      refusal(
        "emptyHead",
        `shard "${d.shard}" is gone from the head but still manages ${d.guests} guest(s); a deleted stack file never means "remove everyone in it". ` +
          `Move its guest files to other shards first (their plan shows moves, not removals), deploy, then retire the empty stack`,
      ),
    );

// stackNotRemoved, for the stacks beside the tenant: judged once for the tenant, not once per shard.
export const otherStackNotRemoved: TenantGuard = ({ removedStacks }) => stackRemovals(removedStacks);

export const TENANT_GUARDS: readonly TenantGuard[] = [tenantMassRemoval, shardNotDropped, otherStackNotRemoved];

/** The tenant guards' refusals, split as checkGuards splits them by --allow-mass-removal and --allow-stack-removal. */
export function checkTenantGuards(tenant: TenantView, options: GuardOptions = {}): Pick<Guards, "refusals" | "overridden"> {
  const refusals: Refusal[] = [];
  const overridden: Refusal[] = [];
  for (const guard of TENANT_GUARDS) for (const r of guard(tenant)) (lifted(r.guard, options) ? overridden : refusals).push(r);
  return { refusals, overridden };
}

function refusal(guard: GuardName, message: string, guest?: string): Refusal {
  return guest === undefined ? { guard, message } : { guard, message, guest };
}

/** What a grant is in the tenant, whatever its logical name: its type and inputs. */
function grantIdentity(type: string, inputs: unknown): string {
  return `${type} ${JSON.stringify(inputs)}`;
}

function removalStats({ base, head, baseSpecs, changes, guests }: GuardInput): RemovalStats {
  const managed = new Set<string>();
  let total = 0;
  for (const s of baseSpecs) {
    if (s.guest !== undefined) managed.add(s.guest);
    if (isGrant(s.type)) total++;
  }
  // Access a change ends within the horizon counts as removed now: shortening most guests' expires to
  // tomorrow ends their access the day after the merge, with no deploy-time plan left to refuse it.
  const horizon = Math.max(base.policy.removalHorizonDays, head.policy.removalHorizonDays);
  const ending = new Set(guests.filter((g) => g.shortened && daysBetween(head.asOf, g.shortened.to) <= horizon).map((g) => g.key));
  const removed = guests.filter((g) => (g.action === "remove" || g.action === "expire" || ending.has(g.key)) && managed.has(g.key)).length;
  const deletedNow = changes.filter((c) => (c.op === "delete" || c.op === "replace") && isGrant(c.type));
  const gone = new Set(deletedNow.map((c) => `${c.type} ${c.name}`));
  const endingGrants = ending.size === 0 ? 0 : baseSpecs.filter((s) => s.guest !== undefined && ending.has(s.guest) && isGrant(s.type) && !gone.has(`${s.type} ${s.name}`)).length;
  const deleted = deletedNow.length + endingGrants;
  return {
    // The stricter of the two: a PR must not raise the limit and use the raise in the same change.
    limit: Math.min(base.policy.maxRemovalShare, head.policy.maxRemovalShare),
    guests: { removed, managed: managed.size, share: managed.size > 0 ? removed / managed.size : 0, ...(ending.size > 0 && { ending: ending.size, horizon }) },
    grants: { deleted, total, share: total > 0 ? deleted / total : 0 },
  };
}

export function percent(share: number): string {
  const p = share * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}
