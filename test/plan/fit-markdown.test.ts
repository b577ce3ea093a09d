// A long comment must not hide the real change: rows that grant, revoke or refuse come before rows that
// only carry notes, and the Markdown always fits its bytes of the PR comment.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlanGuest } from "../../src/plan/plan-types";
import { utf8Bytes } from "../../src/output/comment-budget";
import { COMMENT_LIMIT, renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { planFor, repoFiles, type GuestSpec } from "./plan-fixtures";
import { emptyPlan, ERP, EXPENSES, membership, planGuest, withCounts } from "./plan-values";

const many = (n: number, name: (i: number) => string): GuestSpec[] =>
  Array.from({ length: n }, (_, i) => ({ email: `guest${String(i).padStart(5, "0")}@fabrikam.com`, displayName: name(i), expires: "2027-05-31", groups: ["erp-project"] }));

describe("Markdown within GitHub's comment limit", () => {
  it("201 display-name edits do not push a real grant out of the comment", async () => {
    const base = repoFiles({ fabrikam: many(201, (i) => `Guest ${i}`) });
    const head = repoFiles({
      fabrikam: many(201, (i) => `Guest ${i} (Fabrikam)`),
      northwind: [{ email: "grace.obi@northwind.example", displayName: "Grace Obi", expires: "2027-08-31", groups: ["supplier-portal", "erp-project"], reviewed: "2026-10-01" }, { email: "hugo.weber@northwind.example", displayName: "Hugo Weber", expires: "2027-07-31", apps: [{ app: "expenses" }] }, { email: "ines.costa@northwind.example", displayName: "Ines Costa", expires: "2027-09-30", groups: ["supplier-portal"], invitation: { sendEmail: false } }],
    });
    const plan = await planFor(base, head);
    expect(plan.guests.filter((g) => g.action === "unchanged")).toHaveLength(201);
    const md = renderPlanMarkdown(plan);
    const grant = md.split("\n").findIndex((l) => l.startsWith("| `grace.obi@northwind.example`"));
    expect(grant).toBeGreaterThan(-1);
    expect(md.split("\n")[grant]).toContain("group ERP Project <sub>(approval: priya.natarajan&#64;<wbr>contoso.com)</sub>");
    // The grant comes before every notes-only row.
    expect(grant).toBeLessThan(md.split("\n").findIndex((l) => l.includes("guest00000@fabrikam.com")));
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
  });

  it("a 20,000-guest plan fits, says what it leaves out and where to read it all", () => {
    const guests = Array.from({ length: 20_000 }, (_, i) => planGuest({ email: `guest${i}@fabrikam.com`, granted: [ERP, EXPENSES], approvers: ["olivia.chen@contoso.com", "priya.natarajan@contoso.com"] }));
    const plan = withCounts(emptyPlan({ guests, changes: guests.flatMap((g) => [membership(g.key), membership(g.key, "finance")]), approvals: [{ for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com"], guests: guests.map((g) => g.key) }] }));
    const md = renderPlanMarkdown(plan);
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toMatch(/this comment leaves out \d+ guests with changes in the tenant and 40000 resource changes\. Run `guestops plan --format json` for the whole plan\./);
    expect(md).toMatch(/…and \d+ more guests with changes in the tenant: run `guestops plan --format json` for all of them\./);
    // The approvals are shown, their guests named only in part.
    expect(md).toContain("| `group:erp-project` | priya.natarajan&#64;<wbr>contoso.com | guest0&#64;<wbr>fabrikam.com");
    expect(md).toContain("and 19990 more |");
  });

  it("whatever the plan, the comment fits its budget, and no notes-only row is shown while a changing row is left out", () => {
    const row = (i: number, acting: boolean, notes: number): PlanGuest =>
      planGuest({ email: `g${i}@fabrikam.com`, partner: `Partner ${i % 3}`, action: acting ? "change" : "unchanged", granted: acting ? [ERP] : [], notes: Array.from({ length: notes }, (_, n) => `${n % 2 ? "注記" : "note"} ${n} `.repeat(10)) });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(5)), { maxLength: 120 }), fc.integer({ min: 3_000, max: 30_000 }), (shape, budget) => {
        const guests = shape.map(([acting, notes], i) => row(i, acting, notes)).sort((a, b) => (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0));
        const md = renderPlanMarkdown(withCounts(emptyPlan({ guests })), budget);
        expect(utf8Bytes(md)).toBeLessThanOrEqual(budget);
        const shown = (g: PlanGuest) => md.includes(`| \`${g.email}\`<br>`);
        const actingLeftOut = guests.some((g) => g.action !== "unchanged" && !shown(g));
        if (actingLeftOut) expect(guests.filter((g) => g.action === "unchanged").some(shown)).toBe(false);
        if (guests.some((g) => !shown(g))) expect(md).toContain("guestops plan --format json");
      }),
      // The shape that once let a short notes-only row into room a long changing row left, then random ones.
      { numRuns: 25, examples: [[[[true, 0], [false, 0], [false, 0], [true, 2], [true, 2], [true, 5]], 3000]] },
    );
  });
});
