// The mapping from one step's plan to events, on hand-made plans: policy changes, owners and flags.
import { describe, expect, it } from "vitest";
import type { CommitEvidence } from "../../src/audit/audit-types";
import { buildStepEvents, flagsOf } from "../../src/audit/build-events";
import type { DesiredState } from "../../src/model/desired-state";
import { buildApprovals } from "../../src/plan/build-approvals";
import type { Plan, PlanGuest } from "../../src/plan/plan-types";
import { emptyPlan } from "../plan/plan-values";

const STATE: DesiredState = {
  stack: "prod",
  tenantId: "t",
  asOf: "2026-11-20",
  policy: { onRemoval: "retain", maxRemovalShare: 0.25, removalHorizonDays: 7, expiredGraceDays: 30 },
  lifecycle: { manageSponsors: true, blockSignInOnExpiry: true },
  invitationsDeleteAccounts: false,
  catalog: { groups: { erp: { id: "g1", displayName: "ERP", owners: ["priya@contoso.com"] } }, apps: {} },
  guests: [],
};

/** A plan with the approvals that the plan's own computation asks of its guests and policy changes. */
function plan(parts: Partial<Plan>, stackOwners: string[] = []): Plan {
  const approvals = buildApprovals(parts.guests ?? [], parts.policyChanges ?? [], stackOwners, { sponsor: false });
  return emptyPlan({ base: { label: "base", empty: false }, head: { label: "head" }, asOf: "2026-11-20", baseAsOf: "2026-11-20", approvals, ...parts });
}

function evidence(approvers: string[], pr: number | null = 20, author = "sam@contoso.com"): CommitEvidence {
  const approvals = approvers.map((by) => ({ by, source: "record" as const }));
  return { commit: "c".repeat(40), at: "2026-11-20T10:00:00Z", author: `Sam <${author}>`, authorEmail: author, subject: "s", pr, prSource: pr === null ? null : "record", approvers, approvals };
}

const invite: PlanGuest = {
  action: "invite",
  key: "ana@fabrikam.com",
  email: "Ana@fabrikam.com",
  displayName: "Ana",
  justification: "j",
  partner: "Fabrikam",
  expires: "2027-01-01",
  granted: [{ kind: "group", key: "erp", displayName: "ERP", owners: ["priya@contoso.com"] }, { kind: "app", key: "expenses", displayName: "Expenses", owners: ["olivia@contoso.com"] }],
  revoked: [],
  extended: [],
  approvers: [],
  account: "kept",
  notes: [],
};

describe("policy-changed events from plan.policyChanges", () => {
  const change = { file: "stacks/prod.yaml", path: "policy.maxExpiryDays", before: 365, after: 730, loosens: true, approvers: ["mei@contoso.com"] };

  it.each([
    { desc: "approved by a stack owner", approvers: ["mei@contoso.com"], flags: [] },
    { desc: "approved by someone else only", approvers: ["priya@contoso.com"], flags: ["not-owner"] },
    { desc: "approved by nobody", approvers: [], flags: ["no-approval"] },
  ])("$desc", ({ approvers, flags }) => {
    const events = buildStepEvents({ plan: plan({ policyChanges: [change] }, ["mei@contoso.com", "jonas@contoso.com"]), base: STATE, head: STATE, evidence: evidence(approvers), at: "" });
    expect(events).toEqual([
      {
        at: "2026-11-20T10:00:00Z",
        kind: "policy-changed",
        guest: null,
        target: null,
        commit: "c".repeat(40),
        author: "Sam <sam@contoso.com>",
        pr: 20,
        prSource: "record",
        approvers,
        approvals: approvers.map((by) => ({ by, source: "record" })),
        flags,
        detail: "stacks/prod.yaml policy.maxExpiryDays: 365 → 730 (loosens)",
      },
    ]);
  });

  it("one event per policy change, with the values added or removed", () => {
    const events = buildStepEvents({
      plan: plan({ policyChanges: [change, { file: "stacks/prod.yaml", path: "groups.erp", before: { objectId: "g1" }, loosens: false, approvers: [] }] }),
      base: STATE,
      head: STATE,
      evidence: evidence(["mei@contoso.com"]),
      at: "",
    });
    expect(events.map((e) => e.detail)).toEqual(["stacks/prod.yaml policy.maxExpiryDays: 365 → 730 (loosens)", 'stacks/prod.yaml groups.erp: {"objectId":"g1"} → (none)']);
  });
});

describe("the stack's creation and the schema's defaults", () => {
  it("a side the file leaves to the schema's default says so", () => {
    const removed = { file: "stacks/prod.yaml", path: "policy.maxExpiryDays", before: 180, after: 365, afterDefault: true as const, loosens: true, approvers: [] };
    const events = buildStepEvents({ plan: plan({ policyChanges: [removed] }), base: STATE, head: STATE, evidence: evidence([]), at: "" });
    expect(events.map((e) => e.detail)).toEqual(["stacks/prod.yaml policy.maxExpiryDays: 180 → (default: 365) (loosens)"]);
  });

  it("a new stack is one stack-created event, whatever its plan lists setting by setting", () => {
    const settings = ["tenantId", "owners", "policy.maxExpiryDays"].map((path) => ({ file: "stacks/prod.yaml", path, after: "x", loosens: true, approvers: [] }));
    const created = {
      stackPath: "stacks/prod.yaml",
      stack: { tenantId: "t", owners: ["mei@contoso.com"], groups: { erp: {}, design: {} }, apps: { expenses: {} } },
      partners: [{ path: "guests/fabrikam.yaml", domains: ["fabrikam.com"] }, { path: "guests/more.yaml", domains: ["fabrikam.com", "fabrikam.example"] }],
      pulumiPath: "Pulumi.prod.yaml",
      config: { "pulumi:disable-default-providers": ["azuread"] },
    };
    const events = buildStepEvents({ plan: plan({ policyChanges: settings, guests: [invite] }), base: STATE, head: STATE, evidence: evidence(["priya@contoso.com"]), at: "", created });
    expect(events.map((e) => e.kind)).toEqual(["stack-created", "invited", "granted", "granted"]);
    // No owners exist before the stack does, so no approver can be "not an owner" of it.
    expect(events[0]).toMatchObject({
      guest: null,
      target: null,
      flags: [],
      detail: "stacks/prod.yaml tenantId t; owners mei@contoso.com; groups design, erp; apps expenses; partner domains fabrikam.com, fabrikam.example; Pulumi.prod.yaml pulumi:disable-default-providers",
    });
    expect(flagsOf("stack-created", evidence([]), undefined)).toEqual(["no-approval"]);
  });
});

describe("grants, targets and owners", () => {
  it("an invite is one guest event and a grant per target; each grant is judged by its own owners", () => {
    const events = buildStepEvents({ plan: plan({ guests: [invite] }), base: STATE, head: STATE, evidence: evidence(["priya@contoso.com"]), at: "" });
    expect(events.map((e) => [e.kind, e.target, e.flags])).toEqual([
      ["invited", null, []],
      ["granted", "group:erp", []],
      ["granted", "app:expenses", ["not-owner"]],
    ]);
  });

  it("an adoption needs a stack owner", () => {
    const adopt: PlanGuest = { ...invite, action: "adopt", granted: [] };
    const adoptPlan = plan({ guests: [{ ...adopt, objectId: "44444444-4444-4444-8444-444444444444" }] }, ["mei@contoso.com"]);
    const [owner] = buildStepEvents({ plan: adoptPlan, base: STATE, head: STATE, evidence: evidence(["mei@contoso.com"]), at: "" });
    const [other] = buildStepEvents({ plan: adoptPlan, base: STATE, head: STATE, evidence: evidence(["priya@contoso.com"]), at: "" });
    expect([owner!.kind, owner!.flags, other!.flags]).toEqual(["adopted", [], ["not-owner"]]);
  });
});

describe("flags", () => {
  it.each([
    { desc: "direct push", kind: "granted", approvers: ["o@contoso.com"], pr: null, owners: ["o@contoso.com"], flags: ["direct-push"] },
    { desc: "no approval", kind: "granted", approvers: [], pr: 1, owners: ["o@contoso.com"], flags: ["no-approval"] },
    { desc: "not an owner", kind: "granted", approvers: ["x@contoso.com"], pr: 1, owners: ["o@contoso.com"], flags: ["not-owner"] },
    { desc: "owner's case differs", kind: "granted", approvers: ["o@contoso.com"], pr: 1, owners: ["O@Contoso.com"], flags: [] },
    { desc: "self-approved", kind: "granted", approvers: ["sam@contoso.com"], pr: 1, owners: ["sam@contoso.com"], flags: ["self-approved"] },
    { desc: "author plus another approver", kind: "granted", approvers: ["o@contoso.com", "sam@contoso.com"], pr: 1, owners: ["o@contoso.com"], flags: [] },
    { desc: "a revoke needs no approval", kind: "revoked", approvers: [], pr: 1, owners: undefined, flags: [] },
  ] as const)("$desc", ({ kind, approvers, pr, owners, flags }) => {
    expect(flagsOf(kind, evidence([...approvers], pr), owners ? [{ for: "group:erp", anyOf: [...owners] }] : [])).toEqual(flags);
  });

  it("text anyone can write is unverified: a subject's PR, a trailer's approver, which counts for nothing", () => {
    const needed = [{ for: "group:erp", anyOf: ["o@contoso.com"] }];
    const subject: CommitEvidence = { ...evidence(["o@contoso.com"]), prSource: "subject" };
    expect(flagsOf("granted", subject, needed)).toEqual(["unverified"]);
    const trailer: CommitEvidence = { ...evidence([]), approvals: [{ by: "o@contoso.com", source: "trailer" }] };
    expect(flagsOf("granted", trailer, needed)).toEqual(["no-approval", "unverified"]);
    const signed: CommitEvidence = { ...evidence(["o@contoso.com"]), prSource: "signed-merge", approvals: [{ by: "o@contoso.com", source: "signed-merge" }] };
    expect(flagsOf("granted", signed, needed)).toEqual([]);
  });

  it("a sponsor who is the author is stood in for by the fallback, as the gate does", () => {
    const sponsor = [{ for: "sponsor:sam@contoso.com", anyOf: ["sam@contoso.com"], fallback: ["mei@contoso.com"], guests: ["ana@fabrikam.com"] }];
    expect(flagsOf("invited", evidence(["mei@contoso.com"]), sponsor)).toEqual([]);
    expect(flagsOf("invited", evidence(["mei@contoso.com"], 20, "kim@contoso.com"), sponsor)).toEqual(["not-owner"]);
  });

  it("expiry, which no commit made, has no flags", () => {
    expect(flagsOf("revoked", undefined, [])).toEqual([]);
  });
});
