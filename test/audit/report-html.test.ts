// The HTML report in real headless Chromium: it renders, logs no console errors, makes no network
// requests, sorts its tables, and shows the same numbers as the JSON report of the same history.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/audit/build-report";
import { runCli } from "../cli/run-cli";
import { script, type Scripted } from "./scripted-history";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let s: Scripted;
let dir: string;
let browser: BrowserContext;
let json: Report;
let file: string;

beforeAll(async () => {
  s = script();
  dir = mkdtempSync(join(tmpdir(), "guestops-report-"));
  const args = ["report", "--since", "2026-09-01", "--until", "2026-10-31"];
  const htmlOut = await runCli([...args, "--format", "html"], s.repo.root);
  const jsonOut = await runCli([...args, "--format", "json"], s.repo.root);
  expect([htmlOut.code, htmlOut.stderr, jsonOut.code]).toEqual([0, "", 0]);
  json = JSON.parse(jsonOut.stdout) as Report;
  file = join(dir, "report.html");
  writeFileSync(file, htmlOut.stdout);
  // A fresh profile per run: nothing from another run or the machine's own Chromium is read.
  browser = await chromium.launchPersistentContext(join(dir, "profile"), { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1280, height: 900 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  s?.repo.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("guestops report --format html in headless Chromium", () => {
  it("renders with no console errors, no network requests, and the JSON report's numbers", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("request", (r) => {
      if (!r.url().startsWith("file://")) requests.push(r.url());
    });
    await page.goto(`file://${file}`, { waitUntil: "load" });

    expect(await page.title()).toBe("Guest access report: prod 2026-10-31");
    const metric = async (name: string) => Number(await page.locator(`[data-metric="${name}"]`).textContent());
    const c = json.current;
    const p = json.period.counts;
    expect({
      active: await metric("current.activeGuests"),
      guests: await metric("current.guests"),
      grants: await metric("current.grants"),
      within30: await metric("current.expiring.within30"),
      within90: await metric("current.expiring.within90"),
      overdue: await metric("current.overdueReviews"),
      events: await metric("period.counts.events"),
      granted: await metric("period.counts.granted"),
      removed: await metric("period.counts.removed"),
      flagged: await metric("period.counts.flagged"),
      invalid: await metric("period.counts.invalid"),
    }).toEqual({
      active: c.activeGuests,
      guests: c.guests,
      grants: c.grants,
      within30: c.expiring.within30,
      within90: c.expiring.within90,
      overdue: c.overdueReviews.length,
      events: p.events,
      granted: p.granted,
      removed: p.removed,
      flagged: p.flagged,
      invalid: p.invalid,
    });
    // The history holds these, so a page that rendered nothing could not pass.
    expect([c.activeGuests, p.granted, p.removed, p.invalid]).toEqual([3, 5, 1, 1]);
    expect(p.flagged).toBeGreaterThanOrEqual(5); // and any flagged policy changes

    const bars = async (id: string) => page.locator(`#${id} g.bar`).evaluateAll((gs) => gs.map((g) => ({ name: g.getAttribute("data-name"), guests: Number(g.getAttribute("data-value")) })));
    expect(await bars("chart-partner")).toEqual(c.byPartner);
    expect(await bars("chart-group")).toEqual(c.byGroup);
    expect(await bars("chart-app")).toEqual(c.byApp);
    expect(await page.locator("#granted tbody tr").count()).toBe(json.period.granted.length);
    expect(await page.locator("#removed tbody tr").count()).toBe(json.period.removed.length);
    expect(await page.locator("#flagged tbody tr").count()).toBe(json.period.flagged.length);
    expect(await page.locator("#granted tbody tr td:nth-child(3)").allTextContents()).toEqual(json.period.granted.map((e) => e.guest));
    expect(await page.locator("pre code").first().textContent()).toBe(json.commands.current);

    // Sorting: the grants by guest, then reversed.
    const guests = () => page.locator("#granted tbody tr td:nth-child(3)").allTextContents();
    await page.locator("#granted th", { hasText: "Guest" }).click();
    const sorted = [...(await guests())];
    expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b)));
    await page.locator("#granted th", { hasText: "Guest" }).click();
    expect(await guests()).toEqual([...sorted].reverse());

    await page.screenshot({ path: join(process.env.GUESTOPS_SCREENSHOT_DIR ?? dir, "report.png"), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("values from history cannot inject markup or script", async () => {
    s.repo.commit(
      { "guests/hostile.yaml": "partner: '<img src=x onerror=alert(1)>'\ndomains: [hostile.example]\nsponsor: priya.natarajan@contoso.com\nguests:\n  - email: zoe@hostile.example\n    displayName: Zoe\n    expires: 2027-03-01\n    justification: CHG-9 work\n    groups: [erp-project]\n" },
      "<script>alert(1)</script> (#99)",
      "2026-11-10T10:00:00Z",
    );
    // An invalid commit's error quotes the file: the value reaches the flagged table through the detail.
    s.repo.commit({ "guests/hostile.yaml": "partner: x\ndomains: [hostile.example]\nsponsor: priya.natarajan@contoso.com\nguests:\n  - email: '<script>alert(1)</script>@hostile.example'\n    displayName: Zoe\n    expires: 2027-03-01\n    justification: CHG-9 work\n" }, "Direct push", "2026-11-11T10:00:00Z");
    const out = await runCli(["report", "--until", "2026-11-30"], s.repo.root);
    expect(out.stdout).not.toContain("<img src=x");
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(out.stdout, { waitUntil: "load" });
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("#chart-partner g.bar").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-name")))).toContain("<img src=x onerror=alert(1)>");
    expect(await page.locator("#flagged").textContent()).toContain("<script>alert(1)</script>");
    expect(await page.locator("script").count()).toBe(1);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
