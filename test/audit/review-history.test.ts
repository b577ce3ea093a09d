// Renewals and reviews through a real Git history (review-history.ts): the audit's events with their
// approvers and requesters, the report's reviews on time, renewals and lapses in JSON, Markdown and CSV,
// and the HTML report in headless Chromium showing the JSON's figures. Forged trailers count for nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import type { Report } from "../../src/audit/build-report";
import { runCli } from "../cli/run-cli";
import { TESTER } from "./history-repo";
import { OLIVIA, PRIYA, reviewHistory, TOMAS, type ReviewHistory } from "./review-history";

let h: ReviewHistory;
let events: AuditEvent[];
let report: Report;
const PERIOD = ["--since", "2026-01-01", "--until", "2026-06-30"];

beforeAll(async () => {
  h = reviewHistory();
  const a = await runCli(["audit", ...PERIOD, "--format", "json"], h.repo.root);
  const r = await runCli(["report", ...PERIOD, "--format", "json"], h.repo.root);
  expect([a.code, a.stderr, r.code, r.stderr]).toEqual([0, "", 0, ""]);
  events = (JSON.parse(a.stdout) as { events: AuditEvent[] }).events;
  report = JSON.parse(r.stdout) as Report;
});
afterAll(() => h?.repo.remove());

const AUTHOR = `${TESTER.name} <${TESTER.email}>`;
const recorded = (...by: string[]) => by.map((b) => ({ by: b, source: "record" }));
const short = (c: string) => c.slice(0, 12);

describe("audit: renewed and reviewed events, with their approvers", () => {
  it("each renewal and review from the one guest diff, with the approvals recorded for its PR and the guest's sponsor", () => {
    const { c } = h;
    const terms = events.filter((e) => e.kind === "renewed" || e.kind === "reviewed").map(({ deployedAt: _, ...e }) => e);
    const base = { target: null, author: AUTHOR, prSource: "record" };
    expect(terms).toEqual([
      // A forged approval and requester: shown as trailers, counting for nothing; the review is flagged.
      {
        ...base,
        at: "2026-03-01T09:00:00Z",
        kind: "reviewed",
        guest: "carla.gomez@fabrikam.com",
        commit: c.forgedReview,
        pr: 3,
        prSource: "subject",
        approvers: [],
        approvals: [{ by: PRIYA, source: "trailer" }],
        flags: ["no-approval", "unverified"],
        sponsor: PRIYA,
        requester: { by: "carla.gomez@fabrikam.com", source: "trailer" },
        detail: "reviewed 2026-03-01",
      },
      { ...base, at: "2026-03-20T09:00:00Z", kind: "renewed", guest: "ana.silva@fabrikam.com", commit: c.renewAna, pr: 4, approvers: [PRIYA], approvals: recorded(PRIYA).map((a) => ({ ...a, at: "2026-03-20T09:00:00Z" })), flags: [], sponsor: PRIYA, detail: "expires 2026-12-31 → 2027-03-15" },
      { ...base, at: "2026-03-20T09:00:00Z", kind: "reviewed", guest: "ana.silva@fabrikam.com", commit: c.renewAna, pr: 4, approvers: [PRIYA], approvals: recorded(PRIYA).map((a) => ({ ...a, at: "2026-03-20T09:00:00Z" })), flags: [], sponsor: PRIYA, detail: "reviewed 2026-03-20" },
      { ...base, at: "2026-04-01T09:00:00Z", kind: "reviewed", guest: "jun.tanaka@northwind.example", commit: c.reviewJun, pr: 5, approvers: [TOMAS], approvals: recorded(TOMAS).map((a) => ({ ...a, at: "2026-04-01T09:00:00Z" })), flags: [], sponsor: TOMAS, detail: "reviewed 2026-04-01" },
      // The renewal of a lapsed guest extends its app: its owner and the sponsor approve; the requester is only shown.
      ...(["renewed", "reviewed"] as const).map((kind) => ({
        ...base,
        at: "2026-04-10T09:00:00Z",
        kind,
        guest: "henrik.larsen@northwind.example",
        commit: c.renewHenrik,
        pr: 6,
        approvers: [OLIVIA, TOMAS],
        approvals: recorded(OLIVIA, TOMAS).map((a) => ({ ...a, at: "2026-04-10T09:00:00Z" })),
        flags: [],
        sponsor: TOMAS,
        requester: { by: "henrik.larsen@northwind.example", source: "trailer" },
        detail: kind === "renewed" ? "expires 2026-03-31 → 2026-12-31" : "reviewed 2026-04-10",
      })),
      // Nothing for Jun's `reviewed` date on 2026-06-10: his access had lapsed, there was nothing to review.
      // The late review is judged by when it reached the branch, whatever date its file claims.
      { ...base, at: "2026-06-25T09:00:00Z", kind: "reviewed", guest: "ana.silva@fabrikam.com", commit: c.lateReview, pr: 7, approvers: [PRIYA], approvals: recorded(PRIYA).map((a) => ({ ...a, at: "2026-06-25T09:00:00Z" })), flags: [], sponsor: PRIYA, detail: "reviewed 2026-06-15" },
    ]);
    expect(events.filter((e) => e.commit === c.lapsedReview)).toEqual([]);
  });

  it("text, Markdown and CSV show the sponsor, and the requester as unverified", async () => {
    const run = async (...args: string[]) => (await runCli(["audit", ...PERIOD, "--guest", "henrik.larsen@northwind.example", "--kind", "renewed", ...args], h.repo.root)).stdout;
    expect(await run()).toContain(`renewed henrik.larsen@northwind.example  ${short(h.c.renewHenrik)} PR #6 by ${AUTHOR}; approved by ${OLIVIA}, ${TOMAS}; sponsor ${TOMAS}; requested by henrik.larsen@northwind.example (unverified)`);
    expect(await run("--format", "markdown")).toContain("renewed: expires 2026-03-31 → 2026-12-31; sponsor tomas.berg&#64;<wbr>contoso.com; requested by henrik.larsen&#64;<wbr>northwind.example (unverified) |");
    const csv = (await run("--format", "csv")).trim().split("\r\n");
    expect(csv[1]).toMatch(new RegExp(`,"${TOMAS}","henrik\\.larsen@northwind\\.example:trailer"$`));
  });
});

describe("report: reviews on time, renewals, lapses", () => {
  it("judges each review due in the period, from the grant or the previous attested review", () => {
    const r = report.period.reviews;
    expect(r.intervalDays).toBe(90);
    expect(r.due.map((d) => [d.guest, d.sponsor, d.since, d.from, d.due, d.outcome, d.daysLate, d.review?.commit ?? null])).toEqual([
      ["ana.silva@fabrikam.com", PRIYA, "2026-01-05", "grant", "2026-04-05", "on-time", 0, h.c.renewAna],
      ["ben.carter@fabrikam.com", PRIYA, "2026-01-05", "grant", "2026-04-05", "missed", 86, null],
      // The forged review settles nothing.
      ["carla.gomez@fabrikam.com", PRIYA, "2026-01-05", "grant", "2026-04-05", "missed", 86, null],
      ["jun.tanaka@northwind.example", TOMAS, "2026-01-05", "grant", "2026-04-05", "on-time", 0, h.c.reviewJun],
      ["ana.silva@fabrikam.com", PRIYA, "2026-03-20", "review", "2026-06-18", "late", 7, h.c.lateReview],
    ]);
    expect(r.bySponsor).toEqual([
      { sponsor: PRIYA, due: 4, onTime: 1, late: 1, missed: 2, shareOnTime: 0.25 },
      { sponsor: TOMAS, due: 1, onTime: 1, late: 0, missed: 0, shareOnTime: 1 },
    ]);
    expect(r.totals).toEqual({ due: 5, onTime: 2, late: 1, missed: 2, shareOnTime: 0.4 });
    expect(r.due[0]!.review).toMatchObject({ pr: 4, approvers: [PRIYA], unverified: [] });
    expect(r.unattested.map((e) => [e.guest, e.commit])).toEqual([["carla.gomez@fabrikam.com", h.c.forgedReview]]);
  });

  it("counts renewals by sponsor with the approvers that count, and lists lapses apart from removals", () => {
    expect(report.period.renewals.bySponsor).toEqual([
      { sponsor: PRIYA, renewals: 1, approvers: [PRIYA] },
      { sponsor: TOMAS, renewals: 1, approvers: [OLIVIA, TOMAS] },
    ]);
    // Lena, removed by a PR before her end date, did not lapse.
    expect(report.period.lapses).toEqual({
      guests: [
        { guest: "henrik.larsen@northwind.example", sponsor: TOMAS, expires: "2026-03-31", at: "2026-04-01T00:00:00Z", then: { kind: "renewed", at: "2026-04-10T09:00:00Z", commit: h.c.renewHenrik, pr: 6 } },
        { guest: "jun.tanaka@northwind.example", sponsor: TOMAS, expires: "2026-05-31", at: "2026-06-01T00:00:00Z", then: null },
      ],
      withoutRenewal: 1,
      renewedAfter: 1,
    });
  });

  it("the Markdown report shows the same figures, by sponsor", async () => {
    const md = (await runCli(["report", ...PERIOD, "--format", "markdown"], h.repo.root)).stdout;
    expect(md).toContain("5 review(s) fell due in the period: 2 on time, 1 late, 2 missed; on time: 40%.");
    expect(md).toContain("| priya.natarajan&#64;<wbr>contoso.com | 4 | 1 | 1 | 2 | 25% |");
    expect(md).toContain(`| ana.silva&#64;<wbr>fabrikam.com | priya.natarajan&#64;<wbr>contoso.com | 2026-03-20 (review) | 2026-06-18 | late (7 day(s)) | 2026-06-25T09:00:00Z | \`${short(h.c.lateReview)}\` | 7 | priya.natarajan&#64;<wbr>contoso.com |  |`);
    expect(md).toContain("| tomas.berg&#64;<wbr>contoso.com | 1 | olivia.chen&#64;<wbr>contoso.com, tomas.berg&#64;<wbr>contoso.com |");
    expect(md).toContain("| jun.tanaka&#64;<wbr>northwind.example | tomas.berg&#64;<wbr>contoso.com | 2026-05-31 | 2026-06-01T00:00:00Z | not renewed |");
  });
});

describe("the HTML report's reviews, renewals and lapses in headless Chromium", () => {
  let dir: string;
  let browser: Browser;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "guestops-review-report-"));
    const out = await runCli(["report", ...PERIOD, "--format", "html"], h.repo.root);
    writeFileSync(join(dir, "report.html"), out.stdout);
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the JSON report's figures, with no console errors", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`file://${join(dir, "report.html")}`, { waitUntil: "load" });
    const metric = async (name: string) => (await page.locator(`[data-metric="${name}"]`).textContent())!;
    const t = report.period.reviews.totals;
    expect({
      due: await metric("period.reviews.totals.due"),
      onTime: await metric("period.reviews.totals.onTime"),
      late: await metric("period.reviews.totals.late"),
      missed: await metric("period.reviews.totals.missed"),
      share: await metric("period.reviews.totals.shareOnTime"),
      renewals: await metric("period.renewals.count"),
      lapsed: await metric("period.lapses.withoutRenewal"),
    }).toEqual({ due: `${t.due}`, onTime: `${t.onTime}`, late: `${t.late}`, missed: `${t.missed}`, share: "40%", renewals: "2", lapsed: "1" });
    expect(await page.locator("#reviews-due tbody tr").count()).toBe(report.period.reviews.due.length);
    expect(await page.locator("#reviews-by-sponsor tbody tr").allInnerTexts()).toEqual([`${PRIYA}\t4\t1\t1\t2\t25%`, `${TOMAS}\t1\t1\t0\t0\t100%`]);
    expect(await page.locator("#lapsed-guests tbody tr").count()).toBe(2);
    // Each id once: the sections' anchors and their tables' ids do not collide.
    const ids = await page.locator("[id]").evaluateAll((els) => els.map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
