// The approval rule as data, so that a pipeline gate can check it: one approval from any owner of each
// granted group or app role, plus a stack owner for each policy change and each adoption. Owners come
// from the base wherever it has the entry (see diffGuests), so a change cannot name its own approvers.
import type { Approval, PlanGuest, PolicyChange } from "./plan-types";

export const APPROVAL_RULE =
  "one approval from any owner of each granted group or app, plus a stack owner for each policy change and each adoption";

export function buildApprovals(guests: readonly PlanGuest[], policyChanges: readonly PolicyChange[], stackOwners: readonly string[]): Approval[] {
  const byTarget = new Map<string, Approval>();
  const need = (target: string, anyOf: readonly string[], guest?: string) => {
    let approval = byTarget.get(target);
    if (!approval) byTarget.set(target, (approval = { for: target, anyOf: [...new Set(anyOf)].sort(), ...(guest !== undefined && { guests: [] }) }));
    if (guest !== undefined && !approval.guests!.includes(guest)) approval.guests!.push(guest);
  };
  for (const g of guests) {
    for (const grant of g.granted) {
      const target = grant.kind === "group" ? `group:${grant.key}` : grant.role ? `app:${grant.key}/${grant.role}` : `app:${grant.key}`;
      need(target, grant.owners, g.key);
    }
    // An objectId names the account every grant goes to; it cannot be checked offline.
    if (g.objectId) need(`adopt:${g.key}`, stackOwners, g.key);
  }
  if (policyChanges.length > 0) need("policy", stackOwners);
  return [...byTarget.values()].sort((a, b) => (a.for < b.for ? -1 : a.for > b.for ? 1 : 0));
}
