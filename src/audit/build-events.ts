// Events from one step of history: the plan of that step (the same guest diff `guestops plan` shows),
// with the commit's evidence and flags. Pure: a plan and two states in, events out.
import type { DesiredGuest, DesiredState } from "../model/desired-state";
import type { PolicyView } from "../plan/diff-policy";
import type { Approval, Grant, Plan, PlanGuest, PolicyChange } from "../plan/plan-types";
import type { AuditEvent, CommitEvidence, EventFlag, EventKind, RevokeCause } from "./audit-types";

export interface StepInput {
  plan: Plan;
  base: DesiredState;
  head: DesiredState;
  /** The commit's evidence; undefined for a step of time alone (expiry). */
  evidence?: CommitEvidence;
  /** When the step happened, for expiry: the start of the day. */
  at: string;
  /** The stack's files as this step first writes them: its policy is one `stack-created` event, not one per setting. */
  created?: PolicyView;
}

/** `group:<key>`, `app:<key>/<role>`, or `app:<key>` for default access. */
export function targetOf(grant: Pick<Grant, "kind" | "key" | "role">): string {
  return grant.kind === "group" ? `group:${grant.key}` : grant.role ? `app:${grant.key}/${grant.role}` : `app:${grant.key}`;
}

const GUEST_KIND: Partial<Record<PlanGuest["action"], EventKind>> = { invite: "invited", adopt: "adopted", expire: "expired", remove: "removed" };

export function buildStepEvents(input: StepInput): AuditEvent[] {
  const { plan, evidence } = input;
  const events: AuditEvent[] = [];
  const baseGuests = new Map(input.base.guests.map((g) => [g.key, g]));
  const headGuests = new Map(input.head.guests.map((g) => [g.key, g]));
  const make = (kind: EventKind, guest: string | null, target: string | null, extra: Partial<AuditEvent> = {}): AuditEvent => ({
    at: evidence?.at ?? input.at,
    kind,
    guest,
    target,
    commit: evidence?.commit ?? null,
    author: evidence?.author ?? null,
    pr: evidence?.pr ?? null,
    prSource: evidence?.prSource ?? null,
    approvers: evidence ? [...evidence.approvers] : [],
    approvals: evidence ? evidence.approvals.map((a) => ({ ...a })) : [],
    flags: flagsOf(kind, evidence, needed(kind, guest, target)),
    ...(evidence?.requester && { requester: { ...evidence.requester } }),
    ...extra,
  });
  // The approvals that the plan of this step asks for this event: the gate's own list (buildApprovals).
  const needed = (kind: EventKind, guest: string | null, target: string | null): readonly Approval[] | undefined => {
    if (kind === "stack-created") return undefined;
    const forGuest = (a: Approval) => guest !== null && (a.guests ?? []).includes(guest);
    const sponsor = (a: Approval) => a.for.startsWith("sponsor:") && forGuest(a);
    if (kind === "granted") return plan.approvals.filter((a) => (a.for === target && forGuest(a)) || sponsor(a));
    if (kind === "adopted") return plan.approvals.filter((a) => (a.for === `adopt:${guest}` && forGuest(a)) || sponsor(a));
    if (kind === "invited") return plan.approvals.filter(sponsor);
    if (kind === "renewed" || kind === "reviewed" || kind === "sponsor-changed") return plan.approvals.filter((a) => forGuest(a) && !a.for.startsWith("adopt:"));
    if (kind === "policy-changed") return plan.approvals.filter((a) => a.for === "policy");
    return [];
  };

  // No stack owners exist before the stack does: whoever approves its creation cannot be checked against any.
  if (input.created) events.push(make("stack-created", null, null, { detail: createdDetail(input.created) }));
  for (const pg of [...plan.guests].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) {
    const b = baseGuests.get(pg.key);
    const h = headGuests.get(pg.key);
    const kind = GUEST_KIND[pg.action];
    // The grace period ending by date is the account's lifecycle, not a change of access.
    const lapsed = pg.action === "remove" && !evidence;
    // Reviews and renewals are grouped by sponsor in the report: each event about the guest names theirs.
    const sponsor = pg.sponsor ? { sponsor: pg.sponsor.toLowerCase() } : {};
    if (kind && !lapsed) events.push(make(kind, pg.key, null, { ...sponsor, ...(kind === "adopted" && h?.objectId ? { detail: `objectId ${h.objectId}` } : {}) }));
    // Revokes first: a grant that a catalog change re-creates ends before it begins again.
    for (const g of pg.revoked) events.push(make("revoked", pg.key, targetOf(g), { cause: causeOf(pg, g, input) }));
    for (const g of pg.granted) events.push(make("granted", pg.key, targetOf(g)));
    if (b && h) events.push(...attributeEvents(pg, b, h).map(([k, detail]) => make(k, pg.key, null, { ...sponsor, detail })));
  }
  if (!input.created) for (const pc of plan.policyChanges) events.push(make("policy-changed", null, null, { detail: policyDetail(pc) }));
  return events;
}

/** "stacks/prod.yaml policy.maxExpiryDays: 365 → 730 (loosens)"; a side the file leaves to the schema reads "(default: ...)". */
function policyDetail(pc: PolicyChange): string {
  const value = (v: unknown, isDefault?: boolean) => (v === undefined ? "(none)" : isDefault ? `(default: ${JSON.stringify(v)})` : JSON.stringify(v));
  return `${pc.file} ${pc.path}: ${value(pc.before, pc.beforeDefault)} → ${value(pc.after, pc.afterDefault)}${pc.loosens ? " (loosens)" : ""}`;
}

/** What a new stack sets up, as its files write it: the tenant, who owns it, what guests may be given, which partners. */
function createdDetail(view: PolicyView): string {
  const written = view.stack ?? {};
  const keys = (v: unknown) => (typeof v === "object" && v !== null && !Array.isArray(v) ? Object.keys(v).sort() : []);
  const list = (items: readonly unknown[]) => (items.length > 0 ? items.map(String).join(", ") : "(none)");
  const owners = Array.isArray(written.owners) ? written.owners : [];
  const domains = [...new Set(view.partners.flatMap((p) => p.domains))].sort();
  const parts = [
    `${view.stackPath} tenantId ${typeof written.tenantId === "string" ? written.tenantId : "(none)"}`,
    `owners ${list(owners)}`,
    `groups ${list(keys(written.groups))}`,
    `apps ${list(keys(written.apps))}`,
    `partner domains ${list(domains)}`,
  ];
  const config = keys(view.config);
  if (config.length > 0) parts.push(`${view.pulumiPath} ${list(config)}`);
  return parts.join("; ");
}

/**
 * Edits of the guest's terms, as the plan's guest diff finds them: renewals (a later `expires` on a guest
 * who has access after it), shortenings, sponsors and reviews (a `reviewed` date set or moved on a guest
 * who keeps access). A date moved on a guest without access changes nothing, and is no event.
 */
function attributeEvents(pg: PlanGuest, b: DesiredGuest, h: DesiredGuest): [EventKind, string][] {
  const out: [EventKind, string][] = [];
  if (pg.renewed) out.push(["renewed", `expires ${pg.renewed.from} → ${pg.renewed.to}`]);
  if (pg.shortened) out.push(["shortened", `expires ${pg.shortened.from} → ${pg.shortened.to}`]);
  if ((b.sponsor ?? "").toLowerCase() !== (h.sponsor ?? "").toLowerCase()) out.push(["sponsor-changed", `sponsor ${b.sponsor ?? "(none)"} → ${h.sponsor ?? "(none)"}`]);
  if (pg.reviewed) out.push(["reviewed", `reviewed ${pg.reviewed}`]);
  return out;
}

function causeOf(pg: PlanGuest, g: Grant, input: StepInput): RevokeCause {
  if (pg.action === "expire") return "expired";
  if (pg.action === "remove") return "removed";
  // The entry still asks for it, but the catalog no longer offers it under the same ids.
  const catalog = input.head.catalog;
  const before = g.kind === "group" ? input.base.catalog.groups[g.key]?.id : input.base.catalog.apps[g.key]?.id;
  const after = g.kind === "group" ? catalog.groups[g.key]?.id : catalog.apps[g.key]?.id;
  const role = (c: typeof catalog) => (g.kind === "app" && g.role ? c.apps[g.key]?.roles[g.role] : "");
  return before !== after || role(input.base.catalog) !== role(catalog) ? "catalog" : "edited";
}

/**
 * The flags an auditor samples on: no PR; an approval the step's plan needed that no counted approver
 * gives (none at all: no-approval; only others: not-owner); only the author's; evidence that is text
 * anyone can write (unverified). `needed` is the plan's approvals for the event; undefined asks only for
 * some approval (a new stack, whose owners do not exist before it).
 */
export function flagsOf(kind: EventKind, evidence: CommitEvidence | undefined, needed: readonly Approval[] | undefined): EventFlag[] {
  if (!evidence) return [];
  const flags: EventFlag[] = [];
  const approvers = evidence.approvers;
  if (evidence.pr === null) flags.push("direct-push");
  const unmet = needed === undefined ? kind === "stack-created" && approvers.length === 0 : needed.some((a) => !approves(a, approvers, evidence.authorEmail));
  if (unmet) flags.push(approvers.length === 0 ? "no-approval" : "not-owner");
  if (approvers.length === 1 && approvers[0] === evidence.authorEmail) flags.push("self-approved");
  if (evidence.prSource === "subject" || evidence.approvals.some((a) => a.source === "trailer")) flags.push("unverified");
  if (evidence.dateAdjusted) flags.push("date-adjusted");
  if (kind === "record-unreadable") flags.push("record-unreadable");
  return flags;
}

/** Whether one of `approvers` gives the approval, as the gate judges it: its fallback when every one it names is the author. */
export function approves(approval: Approval, approvers: readonly string[], authorEmail: string): boolean {
  const own = approval.anyOf.map((a) => a.toLowerCase());
  const author = authorEmail.toLowerCase();
  const who = approval.fallback && own.length > 0 && own.every((a) => a === author) ? approval.fallback.map((a) => a.toLowerCase()) : own;
  return approvers.some((a) => who.includes(a));
}
