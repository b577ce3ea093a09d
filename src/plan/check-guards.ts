// The safety guards: the decision to refuse a plan, kept apart from computing and rendering it.
// Pure: the plan's parts in, refusals out. The CLI turns refusals into exit code 3.
import type { DesiredState, GuestStatus } from "../model/desired-state";
import { APP_ROLE_ASSIGNMENT, GROUP_MEMBER, INVITATION, type ResourceSpec } from "../model/resources-for";
import { typeLabel } from "./diff-resources";
import type { Guards, PlanGuest, Refusal, RemovalStats, ResourceChange } from "./plan-types";

export interface GuardInput {
  base: DesiredState;
  head: DesiredState;
  baseSpecs: readonly ResourceSpec[];
  changes: readonly ResourceChange[];
  guests: readonly PlanGuest[];
}

export interface GuardOptions {
  /** Lifts the mass-removal guard only: never the empty-head or account-deletion guards. */
  allowMassRemoval?: boolean;
}

const isGrant = (type: string) => type === GROUP_MEMBER || type === APP_ROLE_ASSIGNMENT;

export function checkGuards(input: GuardInput, options: GuardOptions = {}): Guards {
  const removal = removalStats(input);
  const refusals: Refusal[] = [];
  const overridden: Refusal[] = [];

  // peribolos' --maximum-removal-delta: a typo, a bad merge or a deleted file must not empty the tenant.
  const mass = massRemoval(removal);
  if (mass) (options.allowMassRemoval ? overridden : refusals).push(mass);

  // An empty, missing or unreadable guests/ never means "remove everyone"; no flag lifts this.
  if (input.head.guests.length === 0 && removal.guests.managed > 0) {
    refusals.push({
      guard: "emptyHead",
      message:
        `the head declares no guests, but the base has ${removal.guests.managed} with access or an account; an empty or missing guests/ never means "remove everyone". ` +
        `Restore the guest files. To end everyone's access on purpose, keep the entries and set their expires dates, then plan with --allow-mass-removal`,
    });
  }

  const statuses = new Map<DesiredState, Map<string, GuestStatus>>();
  const statusIn = (state: DesiredState, key: string) => {
    let byKey = statuses.get(state);
    if (!byKey) statuses.set(state, (byKey = new Map(state.guests.map((g) => [g.key, g.status]))));
    return byKey.get(key);
  };
  /** Whether the guest spent the grace period without access in the base, and is past it in the head. */
  const afterGracePeriod = (key: string) => statusIn(input.base, key) === "expired" && statusIn(input.head, key) === "gone";

  // Destroying an invitation deletes the person's account: never as a side effect of a change.
  let declared: Map<string, DesiredState["guests"][number]> | undefined;
  const stillDeclared = (key: string) => (declared ??= new Map(input.head.guests.filter((g) => g.status !== "gone").map((g) => [g.key, g]))).get(key);
  for (const c of input.changes) {
    if (c.type !== INVITATION) continue;
    if (c.op === "replace") {
      refusals.push({
        guard: "accountDeletion",
        guest: c.guest,
        message: `invitation "${c.name}" would be replaced (${c.reason}); a replacement invites the guest again, which resets their redemption${
          c.retained === false ? ", and destroys the old invitation, which DELETES their account" : ""
        }. ${c.reason.includes("provider") ? "A deployed stack's tenantId must not change: declare the other tenant as a new stack" : "Undo that change"}`,
      });
    } else if (c.op === "delete" && c.retained === false && stillDeclared(c.name)) {
      const g = stillDeclared(c.name)!;
      refusals.push({
        guard: "accountDeletion",
        guest: c.guest,
        message:
          `invitation "${c.name}" would be destroyed, deleting the account, while ${g.file} still declares the guest${g.objectId ? ` (now by objectId ${g.objectId})` : ""}; ` +
          `the last deploy had policy.onRemoval: delete. Deploy policy.onRemoval: retain first, then make this change`,
      });
    } else if (c.op === "delete" && c.retained === false && !afterGracePeriod(c.name)) {
      // The lifecycle deletes an account only once its access has ended and the grace period has passed:
      // a deleted line, or a mistyped past date, must not skip straight to deleting the person.
      const declaredGone = statusIn(input.head, c.name) === "gone";
      refusals.push({
        guard: "accountDeletion",
        guest: c.guest,
        message:
          `invitation "${c.name}" would be destroyed, DELETING the account, without the ${input.head.policy.expiredGraceDays}-day grace period of policy.onRemoval: delete` +
          (declaredGone ? ` (its expires date is already past the grace period; check the date)` : ` (its entry was removed)`) +
          `. To end access, keep the entry and set expires to the last day of access: access ends then, and the account is deleted when the grace period is over`,
      });
    }
  }

  // A grant deleted under one name and created under another is the same membership: Pulumi creates
  // before it deletes, and Graph refuses the duplicate, so the deploy would fail. Usually a catalog key
  // was renamed.
  const deleted = new Map<string, string>();
  for (const c of input.changes) if (c.op === "delete" && isGrant(c.type)) deleted.set(grantIdentity(c.type, c.before), c.name);
  for (const c of input.changes) {
    const old = c.op === "create" && isGrant(c.type) ? deleted.get(grantIdentity(c.type, c.after)) : undefined;
    if (old === undefined) continue;
    refusals.push({
      guard: "renamedGrant",
      guest: c.guest,
      message:
        `${typeLabel(c.type)} "${old}" would be deleted and the same access created again as "${c.name}"; Graph refuses the new one while the old one exists, so the deploy would fail. ` +
        `A catalog key was probably renamed: keep the old key (change only its displayName)`,
    });
  }

  const flagged = input.changes
    .filter((c) => c.op === "replace" && isGrant(c.type))
    .map((c) => `${typeLabel(c.type)} ${c.name} is replaced (${c.reason}): the access is removed and granted again during the deploy`);

  return { refusals, overridden, flagged, removal };
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
  const removed = guests.filter((g) => (g.action === "remove" || g.action === "expire") && managed.has(g.key)).length;
  const deleted = changes.filter((c) => c.op === "delete" && isGrant(c.type)).length;
  return {
    // The stricter of the two: a PR must not raise the limit and use the raise in the same change.
    limit: Math.min(base.policy.maxRemovalShare, head.policy.maxRemovalShare),
    guests: { removed, managed: managed.size, share: managed.size > 0 ? removed / managed.size : 0 },
    grants: { deleted, total, share: total > 0 ? deleted / total : 0 },
  };
}

function massRemoval(r: RemovalStats): Refusal | undefined {
  const over: string[] = [];
  if (r.guests.share > r.limit) over.push(`removes ${r.guests.removed} of ${r.guests.managed} managed guests (${percent(r.guests.share)})`);
  if (r.grants.share > r.limit) over.push(`deletes ${r.grants.deleted} of ${r.grants.total} memberships and app role assignments (${percent(r.grants.share)})`);
  if (over.length === 0) return undefined;
  return {
    guard: "massRemoval",
    message:
      `this plan ${over.join(" and ")}, more than policy.maxRemovalShare ${r.limit} (${percent(r.limit)}) allows; ` +
      `check that no guest file was deleted or emptied by mistake, or pass --allow-mass-removal if the removal is intended`,
  };
}

export function percent(share: number): string {
  const p = share * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}
