// guestops due's selection and grouping, as tables: the window's boundaries, expired entries, reviews
// falling due, the sponsor an entry or its file names, and who is asked when the sponsor cannot answer.
import { describe, expect, it } from "vitest";
import { workingTree } from "../../src/load/read-working-tree";
import { buildDue, type OnlineFacts } from "../../src/renewals/build-due";
import { renderDue } from "../../src/renewals/render-due";
import { loadStack } from "../../src/rules/load-stack";
import { renewalTermOf } from "../../src/rules/expiry-limits";
import { AS_OF, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";

interface Entry {
  email: string;
  expires: string;
  reviewed?: string;
  sponsor?: string;
  groups?: string[];
}

function guestFile(entries: readonly Entry[]): string {
  const lines = ["partner: Fabrikam", "domains: [fabrikam.com]", "sponsor: priya.natarajan@contoso.com", "guests:"];
  for (const e of entries) {
    lines.push(`  - email: ${e.email}`, `    displayName: ${e.email.split("@")[0]}`, `    expires: ${e.expires}`, "    justification: CHG-1 work", `    groups: [${(e.groups ?? ["erp-project"]).join(", ")}]`);
    if (e.reviewed) lines.push(`    reviewed: ${e.reviewed}`);
    if (e.sponsor) lines.push(`    sponsor: ${e.sponsor}`);
  }
  return `${lines.join("\n")}\n`;
}

async function due(entries: readonly Entry[], options: { within?: number; policy?: string; online?: OnlineFacts } = {}) {
  const stack = options.policy ? STACK.replace("  onRemoval: retain\n", `  onRemoval: retain\n${options.policy}`) : STACK;
  const source = workingTree(testdir({ "stacks/prod.yaml": stack, "guests/fabrikam.yaml": guestFile(entries) }));
  const loaded = await loadStack(source, "prod", { asOf: AS_OF });
  expect(loaded.validation.errors).toEqual([]);
  return buildDue(loaded.desired, loaded.load.stack!.value!, { within: options.within ?? 30, ...(options.online && { online: options.online }) });
}

const emails = (r: Awaited<ReturnType<typeof due>>) => r.sponsors.flatMap((s) => s.guests.map((g) => g.email));

describe("which guests are due (as of 2026-12-01)", () => {
  const rows: { desc: string; entry: Entry; within?: number; policy?: string; due: boolean; reasons?: string[] }[] = [
    { desc: "expires exactly DAYS ahead", entry: { email: "a@fabrikam.com", expires: "2026-12-31" }, due: true, reasons: ["expires"] },
    { desc: "expires DAYS + 1 ahead", entry: { email: "a@fabrikam.com", expires: "2027-01-01" }, due: false },
    { desc: "expires today", entry: { email: "a@fabrikam.com", expires: "2026-12-01" }, due: true, reasons: ["expires"] },
    { desc: "expired yesterday (within the grace period)", entry: { email: "a@fabrikam.com", expires: "2026-11-30" }, due: true, reasons: ["expired"] },
    { desc: "expired past the grace period (gone: nothing to renew)", entry: { email: "a@fabrikam.com", expires: "2026-10-01" }, due: false },
    { desc: "a --within 7 window", entry: { email: "a@fabrikam.com", expires: "2026-12-08" }, within: 7, due: true, reasons: ["expires"] },
    { desc: "a --within 7 window, a day past it", entry: { email: "a@fabrikam.com", expires: "2026-12-09" }, within: 7, due: false },
    { desc: "review falls due exactly DAYS ahead", entry: { email: "a@fabrikam.com", expires: "2027-06-30", reviewed: "2026-07-04" }, policy: "  reviewIntervalDays: 180\n", due: true, reasons: ["review"] },
    { desc: "review falls due DAYS + 1 ahead", entry: { email: "a@fabrikam.com", expires: "2027-06-30", reviewed: "2026-07-05" }, policy: "  reviewIntervalDays: 180\n", due: false },
    { desc: "review overdue", entry: { email: "a@fabrikam.com", expires: "2027-06-30", reviewed: "2026-01-10" }, policy: "  reviewIntervalDays: 180\n", due: true, reasons: ["review"] },
    { desc: "never reviewed, expiry far ahead (the review rule judges only a recorded review)", entry: { email: "a@fabrikam.com", expires: "2027-06-30" }, due: false },
    { desc: "both: expiring and review overdue", entry: { email: "a@fabrikam.com", expires: "2026-12-10", reviewed: "2026-01-10" }, policy: "  reviewIntervalDays: 180\n", due: true, reasons: ["expires", "review"] },
  ];
  it.each(rows)("$desc", async ({ entry, within, policy, due: isDue, reasons }) => {
    const report = await due([entry], { ...(within !== undefined && { within }), ...(policy && { policy }) });
    expect(emails(report)).toEqual(isDue ? [entry.email] : []);
    if (reasons) expect(report.sponsors[0]!.guests[0]!.reasons).toEqual(reasons);
  });

  it("counts days left from the day judged, negative once expired", async () => {
    const report = await due([{ email: "a@fabrikam.com", expires: "2026-12-20" }, { email: "b@fabrikam.com", expires: "2026-11-28" }]);
    expect(report.sponsors[0]!.guests.map((g) => [g.email, g.daysLeft])).toEqual([["b@fabrikam.com", -3], ["a@fabrikam.com", 19]]);
  });

  it("agrees with the review-overdue warning: overdue exactly when validate warns", async () => {
    const policy = "  reviewIntervalDays: 180\n";
    for (const reviewed of ["2026-06-03", "2026-06-04", "2026-06-05"]) {
      const stack = STACK.replace("  onRemoval: retain\n", `  onRemoval: retain\n${policy}`);
      const loaded = await loadStack(workingTree(testdir({ "stacks/prod.yaml": stack, "guests/fabrikam.yaml": guestFile([{ email: "a@fabrikam.com", expires: "2027-06-30", reviewed }]) })), "prod", { asOf: AS_OF });
      const warned = loaded.validation.warnings.some((w) => w.rule === "reviewOverdue");
      const g = buildDue(loaded.desired, loaded.load.stack!.value!, { within: 0 }).sponsors[0]?.guests[0];
      expect(g !== undefined && g.reviewDaysLeft! < 0, reviewed).toBe(warned);
    }
  });
});

describe("grouping by sponsor", () => {
  it("groups by the entry's sponsor, else the file's, without case, sorted; no sponsor last", async () => {
    const report = await due(
      [
        { email: "a@fabrikam.com", expires: "2026-12-10" },
        { email: "b@fabrikam.com", expires: "2026-12-11", sponsor: "Olivia.Chen@contoso.com" },
        { email: "c@fabrikam.com", expires: "2026-12-05", sponsor: "olivia.chen@contoso.com" },
      ],
    );
    expect(report.sponsors.map((s) => [s.sponsor, s.guests.map((g) => g.email)])).toEqual([
      ["Olivia.Chen@contoso.com", ["c@fabrikam.com", "b@fabrikam.com"]],
      ["priya.natarajan@contoso.com", ["a@fabrikam.com"]],
    ]);
    expect(report.sponsors.every((s) => s.state === "unknown" && s.askInstead.length === 0)).toBe(true);
  });

  const left: { desc: string; state: "not-found" | "disabled" | "active"; ask: string[] }[] = [
    { desc: "not found in the tenant", state: "not-found", ask: ["olivia.chen@contoso.com"] },
    { desc: "disabled in the tenant", state: "disabled", ask: ["olivia.chen@contoso.com"] },
    { desc: "active", state: "active", ask: [] },
  ];
  it.each(left)("a sponsor $desc: asks $ask, never the sponsor themself", async ({ state, ask }) => {
    const online: OnlineFacts = { guests: new Map(), sponsors: new Map([["priya.natarajan@contoso.com", state]]), notes: [] };
    const report = await due([{ email: "a@fabrikam.com", expires: "2026-12-10", groups: ["erp-project", "finance"] }], { online });
    expect(report.sponsors[0]).toMatchObject({ sponsor: "priya.natarajan@contoso.com", state, askInstead: ask });
    const text = renderDue("text", report);
    if (state !== "active") expect(text).toContain(`ask instead: ${ask.join(", ")}`);
    else expect(text).not.toContain("ask instead");
  });
});

describe("the renewal term", () => {
  const stackOf = (policy: Record<string, unknown>) => ({ policy, groups: { erp: { maxExpiryDays: 60 }, wide: {} } }) as never;
  const rows = [
    { desc: "the default, 90", policy: { maxExpiryDays: 365 }, groups: ["wide"], days: 90 },
    { desc: "policy.renewalDays", policy: { maxExpiryDays: 365, renewalDays: 120 }, groups: ["wide"], days: 120 },
    { desc: "cut by policy.maxExpiryDays", policy: { maxExpiryDays: 30, renewalDays: 120 }, groups: ["wide"], days: 30 },
    { desc: "cut by a group's maxExpiryDays", policy: { maxExpiryDays: 365 }, groups: ["erp", "wide"], days: 60 },
  ];
  it.each(rows)("$desc", ({ policy, groups, days }) => {
    expect(renewalTermOf(stackOf(policy), groups, []).days).toBe(days);
  });

  it("renews to today + term, or only records a review when access already runs longer", async () => {
    const report = await due([{ email: "a@fabrikam.com", expires: "2026-12-10", groups: ["finance"] }, { email: "b@fabrikam.com", expires: "2027-06-30", reviewed: "2026-01-10" }], { policy: "  reviewIntervalDays: 180\n" });
    const [a, b] = ["a@fabrikam.com", "b@fabrikam.com"].map((e) => report.sponsors[0]!.guests.find((g) => g.email === e)!);
    expect(a!.renewal).toEqual({ action: "renew", until: "2027-03-01", days: 90, by: "the default of 90 days" });
    expect(b!.renewal).toEqual({ action: "review", on: AS_OF });
  });
});
