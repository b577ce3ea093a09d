// The approval rule as data, so that a pipeline gate can check it: one approval from any owner of each
// group or app a change grants or extends, the guest's sponsor for each guest it lets in or keeps in, a
// stack owner for each policy change and each adoption, and a person whose login people.yaml changes. Owners come from the base wherever it has the
// entry (see diffGuests), so a change cannot name its own approvers.
import type { Approval, PlanGuest, PolicyChange } from "./plan-types";

export const APPROVAL_RULE =
  "one approval from any owner of each group or app granted or extended (a renewal extends every grant the guest keeps), " +
  "the guest's sponsor for each invitation, adoption, new grant, renewal and review (the old and the new sponsor when it changes; " +
  "a stack owner when the sponsor is the change's author), plus a stack owner for each policy change and each adoption, " +
  "and a person whose login people.yaml changes, under the login the base gives them";

/** The rule when the stack sets `approvals.sponsor: notRequired`. */
export const APPROVAL_RULE_WITHOUT_SPONSOR =
  "one approval from any owner of each group or app granted or extended (a renewal extends every grant the guest keeps), plus a stack owner for each policy change and each adoption, " +
  "and a person whose login people.yaml changes, under the login the base gives them";

export interface ApprovalOptions {
  /** `approvals.sponsor` of the stack: `required` unless base and head both say `notRequired`. */
  sponsor: boolean;
}

export function buildApprovals(guests: readonly PlanGuest[], policyChanges: readonly PolicyChange[], stackOwners: readonly string[], options: ApprovalOptions = { sponsor: true }): Approval[] {
  const byTarget = new Map<string, Approval>();
  const need = (target: string, anyOf: readonly string[], guest?: string, fallback?: readonly string[]) => {
    let approval = byTarget.get(target);
    if (!approval) {
      approval = { for: target, anyOf: [...new Set(anyOf)].sort(), ...(fallback && { fallback: [...new Set(fallback)].sort() }), ...(guest !== undefined && { guests: [] }) };
      byTarget.set(target, approval);
    }
    if (guest !== undefined && !approval.guests!.includes(guest)) approval.guests!.push(guest);
  };
  for (const g of guests) {
    for (const grant of [...g.granted, ...g.extended]) {
      const target = grant.kind === "group" ? `group:${grant.key}` : grant.role ? `app:${grant.key}/${grant.role}` : `app:${grant.key}`;
      need(target, grant.owners, g.key);
    }
    // An objectId names the account every grant goes to; it cannot be checked offline.
    if (g.objectId) need(`adopt:${g.key}`, stackOwners, g.key);
    if (options.sponsor) for (const sponsor of sponsorsToAsk(g)) need(`sponsor:${sponsor.toLowerCase()}`, [sponsor.toLowerCase()], g.key, stackOwners);
  }
  if (policyChanges.length > 0) need("policy", stackOwners);
  // A person's login changed: that person, through the base's mapping (their old login), agrees; a stack
  // owner stands in when they opened the change themselves, as the old login's author.
  for (const pc of policyChanges) if (pc.person !== undefined) need(`person:${pc.person.toLowerCase()}`, [pc.person.toLowerCase()], undefined, stackOwners);
  return [...byTarget.values()].sort((a, b) => (a.for < b.for ? -1 : a.for > b.for ? 1 : 0));
}

/**
 * The sponsors who answer for this change to their guest: the sponsor of each guest it lets in or keeps
 * in (extending access is granting it), and both the old and the new one when the sponsor changes.
 */
function sponsorsToAsk(g: PlanGuest): string[] {
  const admits = g.action === "invite" || g.action === "adopt" || g.action === "renew" || g.action === "review" || g.granted.length > 0 || g.extended.length > 0 || g.reviewed !== undefined;
  const sponsors = new Set<string>();
  if ((admits || g.sponsorBefore !== undefined) && g.sponsor !== undefined) sponsors.add(g.sponsor);
  if (g.sponsorBefore !== undefined) sponsors.add(g.sponsorBefore);
  return [...sponsors];
}
