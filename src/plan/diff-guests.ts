// The guest-level view of a plan, for people: per guest one action (invite, change, expire, remove,
// adopt), what is granted and revoked, whose approval the grants need, and what becomes of the account.
// Pure: two desired states and the resource changes in, a list out.
import { isDeepStrictEqual } from "node:util";
import type { CatalogEntry, DesiredGuest, DesiredState } from "../model/desired-state";
import { INVITATION } from "../model/resources-for";
import { GUEST_LIFECYCLE, typeInfo } from "../model/resource-types";
import { typeLabel } from "./diff-resources";
import type { Grant, GuestAction, PlanGuest, ResourceChange } from "./plan-types";

/** Every guest declared in base or head, with its action; `unchanged` ones included. */
export function diffGuests(base: DesiredState, head: DesiredState, changes: readonly ResourceChange[], moved: ReadonlyMap<string, string> = NO_MOVES): PlanGuest[] {
  const byGuest = new Map<string, ResourceChange[]>();
  for (const c of changes) {
    if (c.guest === undefined) continue;
    const list = byGuest.get(c.guest);
    if (list) list.push(c);
    else byGuest.set(c.guest, [c]);
  }
  const baseGuests = new Map(base.guests.map((g) => [g.key, g]));
  const headGuests = new Map(head.guests.map((g) => [g.key, g]));
  const keys = [...new Set([...baseGuests.keys(), ...headGuests.keys()])].sort();

  return keys.map((key) => {
    const b = baseGuests.get(key);
    const h = headGuests.get(key);
    const own = byGuest.get(key) ?? NO_CHANGES;
    const from = h ? moved.get(key) : undefined;
    const shortcut = b && h && own.length === 0 && sameAccess(b, h);
    if (shortcut && !renewalOf(b, h) && !reviewOf(b, h) && !shorteningOf(b, h)) return from === undefined ? unchanged(b, h) : { ...unchanged(b, h), action: "move", movedFrom: from, notes: [moveNote(from), ...notesOf(b, h, own)] };
    const before = shortcut ? NO_GRANTS : grantsOf(base, b);
    const after = grantsOf(head, h, base);
    const granted = [...after.entries()].filter(([k]) => !before.has(k) && !shortcut).map(([, g]) => g);
    const revoked = [...before.entries()].filter(([k]) => !after.has(k)).map(([, g]) => g);
    const shown = (h ?? b)!;
    const renewed = renewalOf(b, h);
    // Extending access is granting it: every grant the guest keeps past its old end date needs its owners again.
    const extended = renewed ? [...after.entries()].filter(([k]) => shortcut || before.has(k)).map(([, g]) => g) : [];
    const reviewed = reviewOf(b, h);
    const found = actionOf(b, h, granted.length + revoked.length + own.length > 0);
    const kept = found === "change" || found === "unchanged";
    const shortened = shorteningOf(b, h);
    const action: GuestAction = from !== undefined && kept ? "move" : kept && renewed ? "renew" : found === "unchanged" && reviewed ? "review" : found === "unchanged" && shortened ? "shorten" : found;
    const notes = notesOf(b, h, own);
    if (action === "move") notes.unshift(moveNote(from!));
    // GroupMember create fails with "already exists" when the account is already a member.
    if (action === "adopt" && granted.length > 0) notes.unshift(`existing account ${h!.objectId}: access it already has must be imported first, or the deploy fails with "already exists"`);
    // A new or changed objectId names the account every grant goes to: a stack owner approves it.
    const objectId = present(h) && h.objectId && h.objectId !== b?.objectId ? h.objectId : undefined;
    if (objectId && b?.objectId) notes.unshift(`objectId changes from ${b.objectId} to ${objectId}: every grant moves to that account`);
    const invitation = shownOverrides(b, h, action);
    return {
      action,
      key,
      email: shown.email,
      displayName: shown.displayName,
      justification: shown.justification,
      partner: shown.partner,
      ...((h?.sponsor ?? b?.sponsor) && { sponsor: h?.sponsor ?? b?.sponsor }),
      expires: shown.expires,
      granted,
      revoked,
      extended,
      ...(renewed && { renewed }),
      ...(shortened && { shortened }),
      ...(b && h && b.sponsor !== h.sponsor && b.sponsor !== undefined && { sponsorBefore: b.sponsor }),
      ...(b && h && b.justification !== h.justification && { justificationBefore: b.justification }),
      ...(reviewed && { reviewed }),
      approvers: [...new Set([...granted, ...extended].flatMap((g) => g.owners))].sort(),
      account: deletesAccount(own) ? "deleted" : "kept",
      ...(lifecycleWords(own).length > 0 && { lifecycle: lifecycleWords(own) }),
      ...(invitation && { invitation }),
      ...(objectId && { objectId }),
      ...(action === "move" && { movedFrom: from }),
      notes,
    };
  });
}

/** The entry's own invitation settings, when they matter: on an invite, or when they change. */
function shownOverrides(b: DesiredGuest | undefined, h: DesiredGuest | undefined, action: GuestAction): DesiredGuest["overrides"] {
  if (!h?.overrides) return undefined;
  if (action === "invite" || !isDeepStrictEqual(b?.overrides, h.overrides)) return h.overrides;
  return undefined;
}

const NO_CHANGES: ResourceChange[] = [];
const NO_GRANTS: ReadonlyMap<string, Grant> = new Map();

/** A later end date on a guest who has access after the change (renewing an expired guest restores it too). */
function renewalOf(b: DesiredGuest | undefined, h: DesiredGuest | undefined): { from: string; to: string } | undefined {
  if (!b || !h || h.status !== "active" || !(h.expires > b.expires)) return undefined;
  return { from: b.expires, to: h.expires };
}

/** An earlier end date on a guest who has access before and after the change: access ends sooner. */
function shorteningOf(b: DesiredGuest | undefined, h: DesiredGuest | undefined): { from: string; to: string } | undefined {
  if (!b || !h || b.status !== "active" || h.status !== "active" || !(h.expires < b.expires)) return undefined;
  return { from: b.expires, to: h.expires };
}

/** The `reviewed` date a change records: set, or moved to another day. */
function reviewOf(b: DesiredGuest | undefined, h: DesiredGuest | undefined): string | undefined {
  return b && h?.reviewed && h.reviewed !== b.reviewed && h.status === "active" ? h.reviewed : undefined;
}
const NO_MOVES: ReadonlyMap<string, string> = new Map();

// Only the state moves: the same resources, in another stack. Inviting again would reset the guest's
// redemption, and destroying the old invitation could delete the account.
function moveNote(from: string): string {
  return `moves from shard "${from}": pulumi state move hands its invitation, memberships and assignments from stack "${from}" to this one before either deploys; no one is invited again and no account is deleted`;
}

/**
 * Same status, account and grant keys, and no resource change: then the grants are the same too (a
 * catalog id change would have changed a resource). Most guests of a plan take this shortcut.
 */
function sameAccess(b: DesiredGuest, h: DesiredGuest): boolean {
  if (b.status !== h.status || b.objectId !== h.objectId || b.groups.length !== h.groups.length || b.apps.length !== h.apps.length) return false;
  for (let i = 0; i < b.groups.length; i++) if (b.groups[i] !== h.groups[i]) return false;
  for (let i = 0; i < b.apps.length; i++) if (b.apps[i]!.app !== h.apps[i]!.app || b.apps[i]!.role !== h.apps[i]!.role) return false;
  return true;
}

function unchanged(b: DesiredGuest, h: DesiredGuest): PlanGuest {
  return {
    action: "unchanged",
    key: h.key,
    email: h.email,
    displayName: h.displayName,
    justification: h.justification,
    partner: h.partner,
    ...(h.sponsor && { sponsor: h.sponsor }),
    expires: h.expires,
    granted: [],
    revoked: [],
    extended: [],
    ...(b.sponsor !== h.sponsor && b.sponsor !== undefined && { sponsorBefore: b.sponsor }),
    ...(b.justification !== h.justification && { justificationBefore: b.justification }),
    approvers: [],
    account: "kept",
    notes: notesOf(b, h, NO_CHANGES),
  };
}

/** Whether a guest has any resource: an invitation, or (adopted) memberships. */
function present(g: DesiredGuest | undefined): g is DesiredGuest {
  return g !== undefined && g.status !== "gone";
}

function actionOf(b: DesiredGuest | undefined, h: DesiredGuest | undefined, changed: boolean): GuestAction {
  if (present(h) && h.objectId && (!present(b) || !b.objectId)) return "adopt";
  // From nothing, or from an adopted account back to an invitation: either way an invitation is sent.
  if (present(h) && (!present(b) || (b.objectId && !h.objectId))) return "invite";
  if (present(b) && !present(h)) return h && b.status === "active" ? "expire" : "remove";
  if (present(b) && present(h) && b.status === "active" && h.status !== "active") return "expire";
  return changed ? "change" : "unchanged";
}

/**
 * The grants that exist in the tenant for a guest: only an active guest has any. Owners come from
 * `approving` (the base) where it has the entry: a change may not name who approves its own grants.
 */
function grantsOf(state: DesiredState, g: DesiredGuest | undefined, approving: DesiredState = state): Map<string, Grant> {
  const grants = new Map<string, Grant>();
  if (!g || g.status !== "active") return grants;
  for (const key of g.groups) {
    const entry = state.catalog.groups[key];
    if (!entry) continue;
    const owners = baseOwners(approving.catalog.groups, key, entry.id) ?? entry.owners;
    grants.set(`group:${key}/${entry.id}`, { kind: "group", key, displayName: entry.displayName, owners });
  }
  for (const { app, role } of g.apps) {
    const entry = state.catalog.apps[app];
    if (!entry) continue;
    // Keyed by role id too: the same role name pointing at a new id is a new grant to approve.
    const roleId = role ? entry.roles[role] : "";
    const owners = baseOwners(approving.catalog.apps, app, entry.id) ?? entry.owners;
    grants.set(`app:${app}/${role ?? ""}/${entry.id}/${roleId}`, { kind: "app", key: app, ...(role && { role }), displayName: entry.displayName, owners });
  }
  return grants;
}

/**
 * The owners the base gives the entry with this id: a catalog entry is its object id, not its key, so
 * a key renamed in the same change keeps the base's owners (whose entry may have said no to guests).
 * Only an id the base does not have falls back to the base's entry of the same key.
 */
function baseOwners(catalog: Readonly<Record<string, CatalogEntry>>, key: string, id: string): string[] | undefined {
  const same = Object.hasOwn(catalog, key) ? catalog[key] : undefined;
  if (same?.id === id) return same.owners;
  const byId = Object.values(catalog).filter((e) => e.id === id);
  if (byId.length > 0) return [...new Set(byId.flatMap((e) => e.owners))];
  return same?.owners;
}

function deletesAccount(changes: readonly ResourceChange[]): boolean {
  // GuestLifecycle's delete under onRemoval: delete; or, in a stack deployed before it, an invitation destroyed without retainOnDelete.
  return changes.some((c) => typeInfo(c.type).holdsAccount && (c.op === "replace" || c.op === "delete") && c.retained === false);
}

/** What the guest's GuestLifecycle does to the account, in the words reviewers read: "block sign-in", "sponsor changed". */
function lifecycleWords(changes: readonly ResourceChange[]): string[] {
  const words: string[] = [];
  for (const c of changes) {
    if (c.type !== GUEST_LIFECYCLE || (c.op !== "create" && c.op !== "update")) continue;
    const [b, a] = [c.before ?? {}, c.after ?? {}];
    if (a.accountEnabled === false && b.accountEnabled !== false) words.push("block sign-in");
    if (a.accountEnabled === true && b.accountEnabled === false) words.push("allow sign-in again");
    if (c.op === "update" && Array.isArray(a.sponsors) && Array.isArray(b.sponsors) && a.sponsors.join() !== b.sponsors.join()) words.push("sponsor changed");
  }
  return words;
}

function notesOf(b: DesiredGuest | undefined, h: DesiredGuest | undefined, own: readonly ResourceChange[]): string[] {
  const notes: string[] = [];
  if (b && h) {
    // A renewal shows its dates as the action itself; a shortening or a lapsed guest's new date is a note.
    if (b.expires !== h.expires && !renewalOf(b, h) && !shorteningOf(b, h)) notes.push(`expires ${b.expires} → ${h.expires}`);
    if (b.sponsor !== h.sponsor) notes.push(`sponsor ${b.sponsor ?? "(none)"} → ${h.sponsor ?? "(none)"}`);
    if (b.email !== h.email) notes.push(`email now spelled ${h.email} (was ${b.email}); the same guest`);
    if (b.displayName !== h.displayName) notes.push(`display name "${b.displayName}" → "${h.displayName}" (not sent to the tenant)`);
    if (b.partner !== h.partner) notes.push(`partner ${b.partner} → ${h.partner}`);
    if (b.justification !== h.justification) notes.push(`justification was "${b.justification}"`);
    if (h.reviewed && b.reviewed !== h.reviewed) notes.push(`reviewed on ${h.reviewed}`);
    if (!isDeepStrictEqual(b.overrides, h.overrides)) notes.push(`invitation settings change (${Object.keys({ ...b.overrides, ...h.overrides }).sort().join(", ")}); they reach the tenant only with a new invitation`);
  }
  if (b && !h && !present(b)) notes.push("entry deleted; it had no access or account left in the tenant");
  // Under retain, an account outlives the grace period outside Pulumi's state: inviting it again resets
  // its redemption, while adopting it by objectId keeps it.
  if (b?.status === "gone" && h && h.status !== "gone" && !h.objectId && own.some((c) => c.type === INVITATION && c.op === "create")) {
    notes.push("renewed after its grace period: if the account was kept (policy.onRemoval: retain), adopt it with objectId instead of inviting it again, which resets its redemption");
  }
  for (const c of own) if (c.op === "replace" && c.type !== INVITATION) notes.push(`${typeLabel(c.type)} ${c.name} is replaced: ${c.reason}`);
  return notes;
}
