// Extending access is granting it: a later end date, a review or a new sponsor is an action with its
// approvals, in the plan and at the gate, never "no guest changes" that nobody has to approve.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPROVAL_RULE } from "../../src/plan/build-approvals";
import { checkApprovals } from "../../src/approvals/check-approvals";
import type { Review } from "../../src/approvals/parse-reviews";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { renderPlanText } from "../../src/plan/render-plan-text";
import { fabrikamGuests, planFor, repoFiles, stackDoc, type GuestSpec } from "./plan-fixtures";

const ANA = "ana.silva@fabrikam.com";
const PRIYA = "priya.natarajan@contoso.com";
const OLIVIA = "olivia.chen@contoso.com";
const MEI = "mei.lin@contoso.com";

/** Fabrikam's guests with Ana's entry edited. */
const withAna = (edit: Partial<GuestSpec>): GuestSpec[] => fabrikamGuests().map((g) => (g.email === ANA ? { ...g, ...edit } : g));

const sponsorNotRequired = () => ({ ...stackDoc(), approvals: { sponsor: "notRequired" } });

interface Case {
  desc: string;
  base?: Record<string, string>;
  head: Record<string, string>;
  action: string;
  /** Every approval of the plan, as `for: anyOf`. */
  approvals: Record<string, string[]>;
}

const cases: Case[] = [
  {
    desc: "a later expires renews: each kept grant's owners and the sponsor approve",
    head: repoFiles({ fabrikam: withAna({ expires: "2027-11-30" }) }),
    action: "renew",
    approvals: { "group:erp-project": [PRIYA], "app:expenses/Submitter": [OLIVIA], [`sponsor:${PRIYA}`]: [PRIYA] },
  },
  {
    desc: "a renewal with a new group: the new grant and the kept ones",
    head: repoFiles({ fabrikam: withAna({ expires: "2027-11-30", groups: ["erp-project", "finance"] }) }),
    action: "renew",
    approvals: { "group:erp-project": [PRIYA], "group:finance": [OLIVIA], "app:expenses/Submitter": [OLIVIA], [`sponsor:${PRIYA}`]: [PRIYA] },
  },
  {
    desc: "an earlier expires is no grant: a shortening, shown, with nobody's approval (the mass-removal guard watches it)",
    head: repoFiles({ fabrikam: withAna({ expires: "2027-01-31" }) }),
    action: "shorten",
    approvals: {},
  },
  {
    desc: "a review only: the sponsor attests it",
    head: repoFiles({ fabrikam: withAna({ reviewed: "2026-11-28" }) }),
    action: "review",
    approvals: { [`sponsor:${PRIYA}`]: [PRIYA] },
  },
  {
    desc: "a sponsor change: the old and the new sponsor",
    head: repoFiles({ fabrikam: withAna({ sponsor: OLIVIA }) }),
    // GuestLifecycle records the new sponsor in Entra: a change in the tenant.
    action: "change",
    approvals: { [`sponsor:${PRIYA}`]: [PRIYA], [`sponsor:${OLIVIA}`]: [OLIVIA] },
  },
  {
    desc: "a justification edit alone needs no approval, but is shown",
    head: repoFiles({ fabrikam: withAna({ justification: "CHG-2 a new engagement" }) }),
    action: "unchanged",
    approvals: {},
  },
  {
    desc: "approvals.sponsor: notRequired in base and head: the owners only",
    base: repoFiles({ stack: sponsorNotRequired() }),
    head: repoFiles({ stack: sponsorNotRequired(), fabrikam: withAna({ expires: "2027-11-30" }) }),
    action: "renew",
    approvals: { "group:erp-project": [PRIYA], "app:expenses/Submitter": [OLIVIA] },
  },
  {
    desc: "a change cannot turn the sponsor's approval off for itself",
    head: repoFiles({ stack: sponsorNotRequired(), fabrikam: withAna({ expires: "2027-11-30" }) }),
    action: "renew",
    approvals: { "group:erp-project": [PRIYA], "app:expenses/Submitter": [OLIVIA], [`sponsor:${PRIYA}`]: [PRIYA], policy: [MEI] },
  },
];

describe("renewals, reviews and sponsor changes", () => {
  it.each(cases)("$desc", async ({ base, head, action, approvals }) => {
    const plan = await planFor(base ?? repoFiles(), head);
    const ana = plan.guests.find((g) => g.key === ANA);
    expect(ana?.action ?? "unchanged").toBe(action);
    expect(Object.fromEntries(plan.approvals.map((a) => [a.for, a.anyOf]))).toEqual(approvals);
    // Every sponsor approval falls back to the base's stack owners when the sponsor opened the change.
    for (const a of plan.approvals.filter((x) => x.for.startsWith("sponsor:"))) expect(a.fallback).toEqual([MEI]);
  });

  it("a renewal shows the old and new dates, each extended grant with its owners, and the new justification", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam: withAna({ expires: "2027-11-30", justification: "CHG-2 phase two" }) }));
    const ana = plan.guests.find((g) => g.key === ANA)!;
    expect(ana).toMatchObject({ action: "renew", renewed: { from: "2027-05-31", to: "2027-11-30" }, justification: "CHG-2 phase two", justificationBefore: "CHG-1 partner work" });
    expect(ana.extended.map((g) => g.key)).toEqual(["erp-project", "expenses"]);
    expect(plan.guestSummary.renew).toBe(1);
    const text = renderPlanText(plan, false);
    expect(text).toContain("renew   ana.silva@fabrikam.com");
    expect(text).toContain("expires 2027-05-31 → 2027-11-30");
    expect(text).toContain(`extend group ERP Project until 2027-11-30  approval: ${PRIYA}`);
    expect(text).toContain('justification was "CHG-1 partner work"');
    expect(text).toContain("Plan: 1 renewal;");
    const md = renderPlanMarkdown(plan);
    expect(md).toContain("1 renewal");
    expect(md).not.toContain("no tenant change");
    expect(md).toContain("🔁 group ERP Project until 2027-11-30");
    expect(md).toContain("2027-05-31 → 2027-11-30");
  });

  it("a sponsor change shows both sponsors", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam: withAna({ sponsor: OLIVIA }) }));
    const ana = plan.guests.find((g) => g.key === ANA)!;
    expect(ana).toMatchObject({ sponsor: OLIVIA, sponsorBefore: PRIYA });
    expect(renderPlanText(plan, false)).toContain(`sponsor ${PRIYA} → ${OLIVIA}`);
  });

  it("a renewal of an expired guest restores the grants as new ones, each with its owners", async () => {
    const lapsed = repoFiles({ fabrikam: withAna({ expires: "2026-11-20" }) });
    const plan = await planFor(lapsed, repoFiles({ fabrikam: withAna({ expires: "2027-11-30" }) }));
    const ana = plan.guests.find((g) => g.key === ANA)!;
    expect(ana.granted.map((g) => g.key)).toEqual(["erp-project", "expenses"]);
    expect(ana.extended).toEqual([]);
    expect(plan.approvals.map((a) => a.for)).toEqual(["app:expenses/Submitter", "group:erp-project", `sponsor:${PRIYA}`]);
  });
});

describe("the gate on a renewal", () => {
  const people = [
    { email: PRIYA, github: "priya-n" },
    { email: OLIVIA, github: "ochen" },
    { email: MEI, github: "meilin" },
  ];
  const approved = (...logins: string[]): Review[] => logins.map((login) => ({ host: "github", login, state: "approved", at: "2026-11-30T10:00:00Z" }));

  it("names the sponsor and the owners, and passes once each has approved", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam: withAna({ expires: "2027-11-30" }) }));
    const none = checkApprovals(plan.approvals, [], people, "ana-dev");
    expect(none.ok).toBe(false);
    expect(none.results.map((r) => r.approval.for)).toEqual(["app:expenses/Submitter", "group:erp-project", `sponsor:${PRIYA}`]);
    expect(checkApprovals(plan.approvals, approved("ochen"), people, "ana-dev").ok).toBe(false);
    expect(checkApprovals(plan.approvals, approved("ochen", "priya-n"), people, "ana-dev").ok).toBe(true);
  });

  it("a sponsor who opened the change cannot approve it: a stack owner approves instead", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam: withAna({ reviewed: "2026-11-28" }) }));
    const own = checkApprovals(plan.approvals, approved("priya-n"), people, "priya-n");
    expect(own.ok).toBe(false);
    expect(own.results[0]).toMatchObject({ fallback: [MEI], satisfied: false });
    expect(checkApprovals(plan.approvals, approved("meilin"), people, "priya-n").ok).toBe(true);
    // The fallback is for the author's own sponsorship only: with another author, a stack owner is not the sponsor.
    expect(checkApprovals(plan.approvals, approved("meilin"), people, "ana-dev").ok).toBe(false);
  });
});

describe("reviewed dates", () => {
  it("a reviewed date after the judged day is an error at its line", async () => {
    const head = repoFiles({ fabrikam: withAna({ reviewed: "2026-12-15" }) });
    const plan = planFor(repoFiles(), head);
    await expect(plan).rejects.toThrow(/guests\/fabrikam\.yaml:\d+ "ana\.silva@fabrikam\.com" is marked reviewed on 2026-12-15, after 2026-12-01/);
    await expect(planFor(repoFiles(), repoFiles({ fabrikam: withAna({ reviewed: "2026-12-01" }) }))).resolves.toBeDefined();
  });
});

describe("the reviewers' guide", () => {
  it("states the approval rule word for word as the plan does", () => {
    const guide = readFileSync(join(__dirname, "..", "..", "docs", "reviewers.md"), "utf8");
    expect(/<!-- approval-rule -->(.*)\n/.exec(guide)?.[1]).toBe(APPROVAL_RULE);
  });
});

describe("shortening", () => {
  const everyone = (expires: string) => fabrikamGuests().map((g) => ({ ...g, expires }));

  it("moving most guests' expires to within the horizon counts as removing them: refused at plan time", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam: everyone("2026-12-02") }));
    expect(plan.guests.filter((g) => g.action === "shorten").map((g) => g.shortened?.to)).toEqual(Array(5).fill("2026-12-02"));
    expect(plan.guards.removal.guests).toMatchObject({ removed: 5, ending: 5, horizon: 7 });
    expect(plan.refused).toMatch(/removes 5 of 8 managed guests .* \(counting 5 guest\(s\) whose expires this change moves to within policy\.removalHorizonDays, 7 days\)/);
    expect(renderPlanText(plan, false)).toContain("Plan: 5 shortenings;");
  });

  it("beyond the horizon, a shortening is shown but removes nothing yet; the stack may widen the horizon", async () => {
    const later = await planFor(repoFiles(), repoFiles({ fabrikam: everyone("2026-12-20") }));
    expect(later.refused).toBeNull();
    expect(later.guards.removal.guests.removed).toBe(0);
    const wide = { ...stackDoc(), policy: { ...stackDoc().policy, removalHorizonDays: 30 } };
    const widened = await planFor(repoFiles({ stack: wide }), repoFiles({ stack: wide, fabrikam: everyone("2026-12-20") }));
    expect(widened.refused).toMatch(/removes 5 of 8/);
    // The grants of the guests whose access ends count as deleted too.
    expect(widened.guards.removal.grants.deleted).toBe(7);
  });
});
