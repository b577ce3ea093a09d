// Words shared by every plan renderer, so that text, Markdown and annotations say the same thing.
import { count } from "../model/words";
import { percent } from "./check-guards";
import type { Grant, GuestAction, Plan, PlanGuest, PlanWarning } from "./plan-types";

/**
 * Values from YAML (display names, partner names) are untrusted: control characters could rewrite a
 * terminal, and bidi or zero-width characters could make a line read as something it is not. They are
 * shown as \u escapes instead.
 */
export function inert(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}


/** "group ERP Migration Project" or "app Contoso Expenses (Submitter)". */
export function grantLabel(g: Grant): string {
  return g.kind === "group" ? `group ${g.displayName}` : `app ${g.displayName} (${g.role ?? "default access"})`;
}

/** "1 invite, 1 change, 2 removes", in the order reviewers care about; unchanged guests last. */
export function guestSummaryLine(plan: Plan): string {
  const order: [GuestAction, string, string][] = [
    ["invite", "invite", "invites"],
    ["adopt", "adoption", "adoptions"],
    ["change", "change", "changes"],
    ["expire", "expiry", "expiries"],
    ["remove", "removal", "removals"],
  ];
  const parts = order.filter(([a]) => plan.guestSummary[a] > 0).map(([a, one, many]) => count(plan.guestSummary[a], one, many));
  return parts.length > 0 ? parts.join(", ") : "no guest changes";
}

/** "6 to create, 3 to delete", or "no resource changes". */
export function resourceSummaryLine(plan: Plan): string {
  const parts = (["create", "update", "replace", "delete"] as const).filter((op) => plan.summary[op] > 0).map((op) => `${plan.summary[op]} to ${op}`);
  return parts.length > 0 ? parts.join(", ") : "no resource changes";
}

/** What happens to accounts, the question every removal raises. */
export function accountLine(plan: Plan): string | undefined {
  const leaving = plan.guests.filter((g) => g.action === "remove" || g.action === "expire" || g.account === "deleted");
  if (leaving.length === 0) return undefined;
  const deleted = leaving.filter((g) => g.account === "deleted").length;
  return deleted === 0 ? "every account is kept" : `${count(deleted, "account")} DELETED`;
}

export function baseLine(plan: Plan): string {
  const b = plan.base;
  if (b.empty) return `${b.label}: no stack file there, so the base is empty`;
  const when = b.date ? ` ${b.date.slice(0, 10)}` : "";
  return b.subject ? `${b.label}${when} "${b.subject}"` : `${b.label}${when}`;
}

export function asOfLine(plan: Plan): string {
  return plan.baseAsOf === plan.asOf ? `as of ${plan.asOf}` : `head as of ${plan.asOf}, base as of ${plan.baseAsOf}`;
}

/** A few words on what an action does, for a table cell or a terminal line. */
export function actionWords(g: PlanGuest): string {
  const words = [g.action === "unchanged" ? "no tenant change" : g.action, ...(g.lifecycle ?? [])];
  if (g.account === "deleted") words.push(ACCOUNT_DELETED);
  else if (g.action === "remove" || g.action === "expire") words.push("account kept");
  return words.join(", ");
}

/** Entra keeps a deleted user in its deleted items for 30 days (POST /directory/deletedItems/{id}/restore). */
export const ACCOUNT_DELETED = "account deleted (restorable for 30 days)";

export function overrideLine(plan: Plan): string | undefined {
  if (plan.guards.overridden.length === 0) return undefined;
  const r = plan.guards.removal;
  return (
    `--allow-mass-removal is set: this plan removes ${r.guests.removed} of ${r.guests.managed} guests (${percent(r.guests.share)}) ` +
    `and ${r.grants.deleted} of ${r.grants.total} memberships and app role assignments (${percent(r.grants.share)}), above policy.maxRemovalShare ${percent(r.limit)}`
  );
}

/** Validation warnings worth a reviewer's attention, most useful first, with a label for each kind. */
export function warningKind(w: PlanWarning): string {
  switch (w.rule) {
    case "expiringSoon":
      return "expiring soon";
    case "alreadyExpired":
      return "expired";
    case "reviewOverdue":
      return "review overdue";
    default:
      return "warning";
  }
}
