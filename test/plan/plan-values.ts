// Plans built by hand, as values: for renderer tests that need fields (policy changes, approvals,
// invitation overrides, adopted object ids) or sizes (20,000 guests) that no small fixture produces.
import { GROUP_MEMBER } from "../../src/model/resources-for";
import type { Grant, Plan, PlanGuest, ResourceChange } from "../../src/plan/plan-types";
import { APPROVAL_RULE } from "../../src/plan/build-approvals";
import { BASE_INFO } from "./plan-fixtures";

export function emptyPlan(patch: Partial<Plan> = {}): Plan {
  return {
    stack: "prod",
    base: BASE_INFO,
    head: { label: "working tree" },
    asOf: "2026-12-01",
    baseAsOf: "2026-12-01",
    summary: { create: 0, update: 0, replace: 0, delete: 0 },
    guestSummary: { invite: 0, change: 0, renew: 0, review: 0, shorten: 0, expire: 0, remove: 0, adopt: 0, move: 0, unchanged: 0 },
    changes: [],
    ignored: [],
    guests: [],
    refused: null,
    guards: { refusals: [], overridden: [], flagged: [], removal: { limit: 0.25, guests: { removed: 0, managed: 0, share: 0 }, grants: { deleted: 0, total: 0, share: 0 } } },
    warnings: [],
    notices: [],
    policyChanges: [],
    approvals: [],
    approvalRule: APPROVAL_RULE,
    ...patch,
  };
}

export const ERP: Grant = { kind: "group", key: "erp-project", displayName: "ERP Project", owners: ["priya.natarajan@contoso.com"] };
export const EXPENSES: Grant = { kind: "app", key: "expenses", role: "Submitter", displayName: "Contoso Expenses", owners: ["olivia.chen@contoso.com", "omar.haddad@contoso.com"] };

export function planGuest(patch: Partial<PlanGuest> & { email: string }): PlanGuest {
  return {
    action: "invite",
    key: patch.email.toLowerCase(),
    displayName: "Ana Silva",
    justification: "CHG-1107 ERP migration",
    partner: "Fabrikam",
    sponsor: "priya.natarajan@contoso.com",
    expires: "2027-05-31",
    granted: [],
    revoked: [],
    extended: [],
    approvers: [],
    account: "kept",
    notes: [],
    file: "guests/fabrikam.yaml",
    line: 7,
    column: 12,
    locatedIn: "head",
    ...patch,
  };
}

/** Counts filled in from the guests and changes, as buildPlan would. */
export function withCounts(plan: Plan): Plan {
  const summary = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of plan.changes) summary[c.op]++;
  const guestSummary = { invite: 0, change: 0, renew: 0, review: 0, shorten: 0, expire: 0, remove: 0, adopt: 0, move: 0, unchanged: 0 };
  for (const g of plan.guests) guestSummary[g.action]++;
  return { ...plan, summary, guestSummary };
}

export function membership(guest: string, group = "erp-project"): ResourceChange {
  return { op: "create", type: GROUP_MEMBER, name: `${group}/${guest}`, guest, reason: "new group membership" };
}
