// Reviews on time, renewals and lapses, judged on hand-made event streams: each row is a history of one
// guest (or two) and the outcome the report must give it. The git-backed history is review-history.test.ts.
import { describe, expect, it } from "vitest";
import type { AuditEvent, EventFlag } from "../../src/audit/audit-types";
import { buildLapses, buildRenewals, buildReviews, isAttested, type ReviewOutcome } from "../../src/audit/build-reviews";

const PRIYA = "priya@contoso.com";
const TOMAS = "tomas@contoso.com";
const ANA = "ana@fabrikam.com";
const BEN = "ben@fabrikam.com";

let n = 0;
/** One event on `day` by a commit (null: by date); approved by PRIYA through the note unless `flags` say otherwise. */
function ev(kind: AuditEvent["kind"], day: string, rest: Partial<AuditEvent> = {}): AuditEvent {
  const commit = rest.commit === undefined ? `c${++n}`.padEnd(40, "0") : rest.commit;
  const byDate = commit === null;
  const guestLevel = rest.target === undefined || rest.target === null;
  return {
    at: byDate ? `${day}T00:00:00Z` : `${day}T10:00:00Z`,
    kind,
    guest: ANA,
    target: null,
    commit,
    author: byDate ? null : "Sam <sam@contoso.com>",
    pr: byDate ? null : 7,
    prSource: byDate ? null : "record",
    approvers: byDate ? [] : [PRIYA],
    approvals: byDate ? [] : [{ by: PRIYA, source: "record", at: null }],
    flags: [],
    ...(guestLevel && { sponsor: PRIYA }),
    ...rest,
  };
}
const invited = (day: string, rest: Partial<AuditEvent> = {}) => ev("invited", day, rest);
const reviewed = (day: string, rest: Partial<AuditEvent> = {}) => ev("reviewed", day, { detail: `reviewed ${day}`, ...rest });
const expired = (day: string, rest: Partial<AuditEvent> = {}) => ev("expired", day, { commit: null, ...rest });
/** A commit that grants and reviews at once: a renewal after a lapse. */
function renewal(day: string, rest: Partial<AuditEvent> = {}): AuditEvent[] {
  const commit = `r${++n}`.padEnd(40, "0");
  return [ev("granted", day, { commit, target: "group:erp", ...rest }), ev("renewed", day, { commit, ...rest }), reviewed(day, { commit, ...rest })];
}
const forged: Partial<AuditEvent> = { pr: 3, prSource: "subject", approvers: [], approvals: [{ by: PRIYA, source: "trailer" }], flags: ["no-approval", "unverified"] };

const WEEK = { since: "2026-01-01", until: "2026-06-30", intervalDays: 90 };

describe("buildReviews: a review is on time within reviewIntervalDays of the previous attested review, or of the grant", () => {
  const rows: { desc: string; events: AuditEvent[]; expected: [string, string, ReviewOutcome, number][]; period?: Partial<typeof WEEK> }[] = [
    { desc: "first review, on time: 89 days after the grant", events: [invited("2026-01-05"), reviewed("2026-04-04")], expected: [["2026-01-05", "2026-04-05", "on-time", 0]] },
    { desc: "first review on its last day is on time", events: [invited("2026-01-05"), reviewed("2026-04-05")], expected: [["2026-01-05", "2026-04-05", "on-time", 0]] },
    { desc: "first review a day late", events: [invited("2026-01-05"), reviewed("2026-04-06")], expected: [["2026-01-05", "2026-04-05", "late", 1]] },
    { desc: "never reviewed: missed, counted to the end of the period", events: [invited("2026-01-05")], expected: [["2026-01-05", "2026-04-05", "missed", 86]] },
    {
      desc: "the second review counts from the first, not from the grant",
      events: [invited("2026-01-05"), reviewed("2026-02-01"), reviewed("2026-05-03")],
      expected: [
        ["2026-01-05", "2026-04-05", "on-time", 0],
        ["2026-02-01", "2026-05-02", "late", 1],
      ],
    },
    {
      desc: "after a late review, the next counts from it",
      events: [invited("2026-01-05"), reviewed("2026-04-10"), reviewed("2026-06-30")],
      expected: [
        ["2026-01-05", "2026-04-05", "late", 5],
        ["2026-04-10", "2026-07-09", "on-time", 0],
      ],
      period: { until: "2026-07-31" },
    },
    { desc: "a review without the approval its plan asked for settles nothing", events: [invited("2026-01-05"), reviewed("2026-02-01", forged)], expected: [["2026-01-05", "2026-04-05", "missed", 86]] },
    { desc: "a direct push settles nothing", events: [invited("2026-01-05"), reviewed("2026-02-01", { pr: null, prSource: null, flags: ["direct-push"] })], expected: [["2026-01-05", "2026-04-05", "missed", 86]] },
    { desc: "approvers who are not the sponsor settle nothing", events: [invited("2026-01-05"), reviewed("2026-02-01", { approvers: [TOMAS], approvals: [{ by: TOMAS, source: "record", at: null }], flags: ["not-owner"] })], expected: [["2026-01-05", "2026-04-05", "missed", 86]] },
    { desc: "access ending by date before the review falls due: nothing due", events: [invited("2026-01-05"), expired("2026-04-01")], expected: [] },
    { desc: "access ending by date on the due day itself: nothing due", events: [invited("2026-01-05"), expired("2026-04-05")], expected: [] },
    { desc: "access held on the due day, then lapsing: missed, counted to its last day", events: [invited("2026-01-05"), expired("2026-04-07")], expected: [["2026-01-05", "2026-04-05", "missed", 1]] },
    { desc: "removed by a PR before the review falls due: nothing due", events: [invited("2026-01-05"), ev("removed", "2026-03-01")], expected: [] },
    {
      desc: "renewed after a lapse: the review in the renewing commit starts the clock, with nothing yet to review",
      events: [invited("2026-01-05", { guest: BEN }), expired("2026-03-01", { guest: BEN }), ...renewal("2026-03-10", { guest: BEN })],
      expected: [],
      period: { until: "2026-06-01" },
    },
    {
      desc: "renewed after a lapse: the next review counts from the renewal",
      events: [invited("2026-01-05", { guest: BEN }), expired("2026-03-01", { guest: BEN }), ...renewal("2026-03-10", { guest: BEN })],
      expected: [["2026-03-10", "2026-06-08", "missed", 22]],
    },
    { desc: "a review due on the period's last day and not yet done is still open", events: [invited("2026-04-01")], expected: [] },
    { desc: "a review due before the period is not the period's", events: [invited("2025-09-01"), reviewed("2025-10-01")], expected: [], period: { since: "2026-02-01" } },
  ];

  it.each(rows)("$desc", ({ events, expected, period }) => {
    const r = buildReviews({ ...WEEK, ...period, events });
    expect(r.due.map((d) => [d.since, d.due, d.outcome, d.daysLate])).toEqual(expected);
  });

  it("names the review that settled it, its attesters and requester, and the sponsor at the time", () => {
    const review = reviewed("2026-03-01", { sponsor: TOMAS, requester: { by: "ana@fabrikam.com", source: "trailer" }, approvals: [{ by: PRIYA, source: "record", at: null }, { by: "x@contoso.com", source: "trailer" }], flags: ["unverified"] });
    const [d] = buildReviews({ ...WEEK, events: [invited("2026-01-05"), review] }).due;
    expect(d).toEqual({
      guest: ANA,
      sponsor: TOMAS,
      since: "2026-01-05",
      from: "grant",
      due: "2026-04-05",
      outcome: "on-time",
      daysLate: 0,
      review: { at: review.at, commit: review.commit, pr: 7, approvers: [PRIYA], unverified: ["x@contoso.com"], requester: { by: "ana@fabrikam.com", source: "trailer" }, flags: ["unverified"] },
    });
  });

  it("counts by sponsor, with the share on time; the period's unattested reviews are listed", () => {
    const bad = reviewed("2026-02-01", { guest: BEN, ...forged });
    const cy = { guest: "cy@northwind.example", sponsor: TOMAS };
    const r = buildReviews({ ...WEEK, until: "2026-05-15", events: [invited("2026-01-05"), invited("2026-01-05", { guest: BEN }), invited("2026-01-06", cy), reviewed("2026-03-01"), bad, reviewed("2026-04-08", cy)] });
    expect(r.bySponsor).toEqual([
      { sponsor: PRIYA, due: 2, onTime: 1, late: 0, missed: 1, shareOnTime: 0.5 },
      { sponsor: TOMAS, due: 1, onTime: 0, late: 1, missed: 0, shareOnTime: 0 },
    ]);
    expect(r.totals).toEqual({ due: 3, onTime: 1, late: 1, missed: 1, shareOnTime: 0.3333 });
    expect(r.unattested).toEqual([bad]);
  });

  it("a guest without a sponsor is counted under none; without a review interval nothing is due", () => {
    const events = [invited("2026-01-05", { sponsor: undefined })];
    expect(buildReviews({ ...WEEK, events }).bySponsor).toEqual([{ sponsor: null, due: 1, onTime: 0, late: 0, missed: 1, shareOnTime: 0 }]);
    expect(buildReviews({ ...WEEK, intervalDays: null, events })).toMatchObject({ due: [], bySponsor: [], totals: { due: 0, shareOnTime: null } });
  });

  it.each<[EventFlag[], boolean]>([
    [[], true],
    [["unverified"], true],
    [["self-approved"], true],
    [["date-adjusted"], true],
    [["no-approval"], false],
    [["not-owner"], false],
    [["direct-push"], false],
  ])("flags %j: attested %s", (flags, attested) => {
    expect(isAttested(ev("reviewed", "2026-01-01", { flags }))).toBe(attested);
  });
});

describe("buildRenewals", () => {
  it("lists the period's renewals, and by sponsor the approvers that count, never a trailer's", () => {
    const events = [
      ev("renewed", "2025-12-01"),
      ev("renewed", "2026-02-01", { approvers: [PRIYA, "olivia@contoso.com"] }),
      ev("renewed", "2026-03-01", { guest: BEN, ...forged }),
      ev("renewed", "2026-03-02", { guest: "cy@northwind.example", sponsor: TOMAS, approvers: [TOMAS] }),
    ];
    const r = buildRenewals({ since: "2026-01-01", until: "2026-06-30", events });
    expect(r.events).toEqual(events.slice(1));
    expect(r.bySponsor).toEqual([
      { sponsor: PRIYA, renewals: 2, approvers: ["olivia@contoso.com", PRIYA] },
      { sponsor: TOMAS, renewals: 1, approvers: [TOMAS] },
    ]);
  });
});

describe("buildLapses: access whose expires passed, with no PR ending it first", () => {
  const rows: { desc: string; events: AuditEvent[]; expected: [string, string | null][] }[] = [
    { desc: "lapsed and not renewed", events: [invited("2026-01-05"), expired("2026-04-01")], expected: [["2026-03-31", null]] },
    { desc: "removed by a PR before its end: no lapse", events: [invited("2026-01-05"), ev("removed", "2026-03-01")], expected: [] },
    { desc: "expired by a PR (an earlier expires, committed): no lapse", events: [invited("2026-01-05"), expired("2026-03-01", { commit: "e".repeat(40) })], expected: [] },
    { desc: "renewed after the lapse", events: [invited("2026-01-05"), expired("2026-04-01"), ...renewal("2026-04-10")], expected: [["2026-03-31", "renewed"]] },
    { desc: "invited again after its grace period", events: [invited("2026-01-05"), expired("2026-04-01"), invited("2026-06-01")], expected: [["2026-03-31", "renewed"]] },
    { desc: "lapsed, then its entry removed by a PR", events: [invited("2026-01-05"), expired("2026-04-01"), ev("removed", "2026-04-20")], expected: [["2026-03-31", "removed"]] },
    { desc: "a lapse before the period is not the period's", events: [invited("2025-01-05"), expired("2025-12-01"), ...renewal("2026-02-01")], expected: [] },
    { desc: "a renewal after the period's end is not seen", events: [invited("2026-01-05"), expired("2026-04-01"), ...renewal("2026-07-10")], expected: [["2026-03-31", null]] },
  ];

  it.each(rows)("$desc", ({ events, expected }) => {
    const l = buildLapses({ since: "2026-01-01", until: "2026-06-30", events });
    expect(l.guests.map((g) => [g.expires, g.then?.kind ?? null])).toEqual(expected);
    expect([l.withoutRenewal, l.renewedAfter]).toEqual([expected.filter(([, t]) => t !== "renewed").length, expected.filter(([, t]) => t === "renewed").length]);
  });
});
