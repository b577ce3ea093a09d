// Words shared by every plan renderer, so that text, Markdown and annotations say the same thing.
import { count, show } from "../model/words";
import { percent } from "./check-guards";
import type { Approval, Grant, GuestAction, InvitationOverrides, Plan, PlanGuest, PlanWarning, PolicyChange } from "./plan-types";

/** At most this many guests are named beside one approval; the JSON has all of them. */
export const MAX_APPROVAL_GUESTS = 10;

/** "ana.silva@fabrikam.com, ben.carter@fabrikam.com and 3 more", or undefined when no guest is named. */
export function approvalGuests(a: Approval): string | undefined {
  const guests = a.guests ?? [];
  if (guests.length === 0) return undefined;
  const named = guests.slice(0, MAX_APPROVAL_GUESTS).join(", ");
  return guests.length > MAX_APPROVAL_GUESTS ? `${named} and ${guests.length - MAX_APPROVAL_GUESTS} more` : named;
}

/** The approvers of a grant, or what to do when the catalog names none. */
export function ownersWords(owners: readonly string[]): string {
  return owners.length > 0 ? owners.join(", ") : "(no owners in the catalog)";
}

/** An approval that only a stack owner can give: a policy change's or an adoption's. */
export function needsStackOwner(a: Pick<Approval, "for">): boolean {
  return a.for === "policy" || a.for.startsWith("adopt:");
}

/** Where the stack owners are written: the file of the plan's stack-wide policy changes, else the stack file. */
export function ownersFileOf(plan: Pick<Plan, "stack" | "policyChanges">): string {
  // Partner files' settings (domains, tenantIds, crossTenant) and a shard's own keys are written elsewhere.
  const elsewhere = (path: string) => ["domains", "guestFiles", "tenant", "deploys", "tenantIds"].includes(path) || path.startsWith("config.") || path.startsWith("crossTenant.");
  const stackWide = plan.policyChanges.find((p) => !elsewhere(p.path));
  return stackWide?.file ?? `stacks/${plan.stack}.yaml (for a shard, its tenant file)`;
}

/** Why no one can give an approval, and where to add who can. */
export function noApproverWords(a: Pick<Approval, "for">, ownersFile: string): string {
  return needsStackOwner(a)
    ? `the base declares no stack owners: add owners to ${ownersFile} in a change of its own`
    : `the catalog entry has no owners: add owners to it in ${ownersFile}`;
}

/** "any of a, b", with who approves instead when that is the change's author, or that no one can and why. */
export function approvalWords(a: Pick<Approval, "for" | "anyOf" | "fallback">, ownersFile: string): string {
  if (a.anyOf.length === 0) return `no one can: ${noApproverWords(a, ownersFile)}`;
  const who = `any of ${a.anyOf.join(", ")}`;
  return a.fallback ? `${who} (if that is the change's author: ${approvalWords({ for: "policy", anyOf: a.fallback }, ownersFile)})` : who;
}

/**
 * A policy value for people: strings quoted, lists and objects as JSON, "(none)" when added or removed,
 * "(default: ...)" when the file leaves the setting to the schema's default.
 * Long enough that a reviewer sees the whole of any real setting; the JSON always has all of it.
 */
export function policyValue(value: unknown, isDefault = false): string {
  if (value === undefined) return "(none)";
  return isDefault ? `(default: ${show(value, 2000)})` : show(value, 2000);
}

/** "before → after" of a policy change, each side as policyValue words it. */
export function policyChangeWords(p: Pick<PolicyChange, "before" | "after" | "beforeDefault" | "afterDefault">): string {
  return `${policyValue(p.before, p.beforeDefault)} → ${policyValue(p.after, p.afterDefault)}`;
}

/** Every invitation override an entry sets, in a fixed order: what Entra will send, and to whom. */
export function invitationParts(inv: InvitationOverrides | undefined): { key: string; value: string }[] {
  if (!inv) return [];
  const parts: { key: string; value: string }[] = [];
  if (inv.redirectUrl !== undefined) parts.push({ key: "redirectUrl", value: inv.redirectUrl });
  if (inv.message !== undefined) parts.push({ key: "message", value: show(inv.message, 2000) });
  if (inv.cc !== undefined) parts.push({ key: "cc", value: inv.cc });
  if (inv.language !== undefined) parts.push({ key: "language", value: inv.language });
  if (inv.sendEmail !== undefined) parts.push({ key: "sendEmail", value: String(inv.sendEmail) });
  return parts;
}

/** Guests whose change does something in the tenant; the rest only carry notes for the reviewer. */
export function acts(g: PlanGuest): boolean {
  return g.action !== "unchanged";
}

/** "group ERP Migration Project" or "app Contoso Expenses (Submitter)". */
export function grantLabel(g: Grant): string {
  return g.kind === "group" ? `group ${g.displayName}` : `app ${g.displayName} (${g.role ?? "default access"})`;
}

/** "group ERP Migration Project until 2027-06-20": a grant a renewal keeps past its old end date. */
export function extendedLabel(g: PlanGuest, grant: Grant): string {
  return `${grantLabel(grant)} until ${g.renewed?.to ?? g.expires}`;
}

/** "priya.natarajan@contoso.com", or "old → new" when the change moves the guest to another sponsor. */
export function sponsorWords(g: PlanGuest): string | undefined {
  if (g.sponsorBefore !== undefined) return `${g.sponsorBefore} → ${g.sponsor ?? "(none)"}`;
  return g.sponsor;
}

/** "1 invite, 1 change, 2 removes", in the order reviewers care about; unchanged guests last. */
export function guestSummaryLine(plan: Plan): string {
  const order: [GuestAction, string, string][] = [
    ["invite", "invite", "invites"],
    ["adopt", "adoption", "adoptions"],
    ["move", "move between shards", "moves between shards"],
    ["change", "change", "changes"],
    ["renew", "renewal", "renewals"],
    ["review", "review", "reviews"],
    ["shorten", "shortening", "shortenings"],
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
  // A move between shards hands the guest's resources to another stack: nothing is invited again.
  const action = g.action === "unchanged" ? "no tenant change" : g.action === "move" ? `move from shard ${g.movedFrom ?? "?"}, no re-invite` : g.action;
  const words = [action, ...(g.lifecycle ?? [])];
  if (g.account === "deleted") words.push(ACCOUNT_DELETED);
  else if (g.action === "remove" || g.action === "expire") words.push("account kept");
  return words.join(", ");
}

/** Entra keeps a deleted user in its deleted items for 30 days (POST /directory/deletedItems/{id}/restore). */
export const ACCOUNT_DELETED = "account deleted (restorable for 30 days)";

export function overrideLine(plan: Plan): string | undefined {
  if (!plan.guards.overridden.some((r) => r.guard === "massRemoval")) return undefined;
  const r = plan.guards.removal;
  return (
    `--allow-mass-removal is set: this plan removes ${r.guests.removed} of ${r.guests.managed} guests (${percent(r.guests.share)}) ` +
    `and ${r.grants.deleted} of ${r.grants.total} memberships and app role assignments (${percent(r.grants.share)}), above policy.maxRemovalShare ${percent(r.limit)}`
  );
}

/** One line per deleted stack file that --allow-stack-removal let through: the fact, without the refusal's fix. */
export function stackOverrideLines(plan: Plan): string[] {
  return plan.guards.overridden.filter((r) => r.guard === "stackRemoval").map((r) => `--allow-stack-removal is set: ${r.message.split("; ")[0]}`);
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
