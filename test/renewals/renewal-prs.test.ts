// The renewal run's decisions, pure: which guests each pull request proposes, when a run changes
// nothing, what a body's marker says (read back as untrusted input), and how the sponsor is mentioned.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DueGuest, DueReport, SponsorDue } from "../../src/renewals/build-due";
import { branchOf, buildRenewalRun, renderRenewalBody, type RenewalOptions } from "../../src/renewals/build-renewal-prs";
import { parseOpenPulls, proposedIn, renderMarker, type OpenPull } from "../../src/renewals/open-pulls";

const guest = (email: string, daysLeft = 10): DueGuest => ({
  email,
  key: email.toLowerCase(),
  displayName: email.split("@")[0]!,
  file: "guests/fabrikam.yaml",
  expires: "2026-12-11",
  daysLeft,
  reasons: ["expires"],
  groups: ["erp-project"],
  apps: [],
  renewal: { action: "renew", until: "2027-03-01", days: 90, by: "the default of 90 days" },
});
const sponsor = (address: string | null, guests: DueGuest[], extra: Partial<SponsorDue> = {}): SponsorDue => ({ sponsor: address, state: "unknown", askInstead: [], guests, ...extra });
const report = (...sponsors: SponsorDue[]): DueReport => ({ stack: "prod", asOf: "2026-12-01", within: 30, online: false, notes: [], sponsors });
const options: RenewalOptions = { host: "github", maxGuests: 25, people: [{ email: "priya.natarajan@contoso.com", github: "priya-n-contoso" }, { email: "olivia.chen@contoso.com", github: "ochen-contoso" }] };
const PRIYA = "guestops/renewals/priya-natarajan-contoso-com";
const open = (proposed: string[], number = 7): OpenPull => ({ number, branch: PRIYA, proposed });

describe("buildRenewalRun", () => {
  const rows: { desc: string; due: string[]; open?: string[]; max?: number; action: "none" | "unchanged" | "create" | "update"; add?: string[]; waiting?: number }[] = [
    { desc: "nothing due, nothing open", due: [], action: "none" },
    { desc: "guests due, no pull request: opens one", due: ["a@fabrikam.com", "b@fabrikam.com"], action: "create", add: ["a@fabrikam.com", "b@fabrikam.com"] },
    { desc: "the open one proposes every due guest: nothing changes", due: ["a@fabrikam.com"], open: ["a@fabrikam.com"], action: "unchanged" },
    { desc: "a guest the sponsor dropped is never proposed again", due: ["a@fabrikam.com", "b@fabrikam.com"], open: ["a@fabrikam.com", "b@fabrikam.com"], action: "unchanged" },
    { desc: "a newly due guest joins the open pull request", due: ["a@fabrikam.com", "c@fabrikam.com"], open: ["a@fabrikam.com"], action: "update", add: ["c@fabrikam.com"] },
    { desc: "at most N guests: the rest wait", due: ["a@fabrikam.com", "b@fabrikam.com", "c@fabrikam.com"], max: 2, action: "create", add: ["a@fabrikam.com", "b@fabrikam.com"], waiting: 1 },
    { desc: "a full pull request takes no more", due: ["a@fabrikam.com", "c@fabrikam.com"], open: ["a@fabrikam.com", "b@fabrikam.com"], max: 2, action: "unchanged" },
  ];
  it.each(rows)("$desc", ({ due, open: proposed, max, action, add, waiting }) => {
    const run = buildRenewalRun(report(...(due.length > 0 ? [sponsor("priya.natarajan@contoso.com", due.map((e) => guest(e)))] : [])), proposed ? [open(proposed)] : [], { ...options, ...(max && { maxGuests: max }) });
    if (action === "none") return expect(run).toEqual({ prs: [], unchanged: [] });
    if (action === "unchanged") return expect(run).toEqual({ prs: [], unchanged: [{ sponsor: "priya.natarajan@contoso.com", branch: PRIYA, number: 7 }] });
    expect(run.prs).toHaveLength(1);
    const pr = run.prs[0]!;
    expect(pr.number).toBe(action === "update" ? 7 : undefined);
    expect(pr.add.map((g) => g.email)).toEqual(add);
    expect(pr.waiting).toBe(waiting ?? 0);
    expect(pr.proposed).toEqual([...new Set([...(proposed ?? []), ...add!])].sort());
    // The body's marker reads back as what it proposes.
    expect(proposedIn(pr.body, new Set(pr.proposed))).toEqual(pr.proposed);
  });

  it("proposes at most N guests a pull request, and never one it proposed before, whatever is due", () => {
    const emails = fc.uniqueArray(fc.constantFrom(...["a", "b", "c", "d", "e", "f"].map((x) => `${x}@fabrikam.com`)), { maxLength: 6 });
    fc.assert(
      fc.property(emails, emails, fc.integer({ min: 1, max: 4 }), (due, before, max) => {
        const run = buildRenewalRun(report(sponsor("priya.natarajan@contoso.com", due.map((e) => guest(e)))), before.length > 0 ? [open(before)] : [], { ...options, maxGuests: max });
        for (const pr of run.prs) {
          expect(pr.add.some((g) => before.includes(g.key))).toBe(false);
          expect(pr.add.length).toBeLessThanOrEqual(Math.max(0, max - before.length));
          expect(pr.add.length).toBeGreaterThan(0);
        }
        // Updated or unchanged when one is open, never a second one.
        if (before.length > 0) expect(run.prs.every((p) => p.number === 7)).toBe(true);
      }),
    );
  });

  it("mentions the sponsor by the login in people.yaml on GitHub, and by the escaped address without one or on Azure DevOps", () => {
    const body = (host: RenewalOptions["host"], address: string) => buildRenewalRun(report(sponsor(address, [guest("a@fabrikam.com")])), [], { ...options, host }).prs[0]!.body;
    expect(body("github", "Priya.Natarajan@contoso.com")).toContain("@priya-n-contoso, you sponsor these guests.");
    expect(body("github", "hana.kobayashi@contoso.com")).toContain("hana.kobayashi&#64;<wbr>contoso.com, you sponsor these guests.");
    expect(body("azure-devops", "priya.natarajan@contoso.com")).toContain("priya.natarajan&#64;<wbr>contoso.com, you sponsor these guests.");
  });

  it("says which proposed guests the sponsor dropped, and why sign-ins are missing", () => {
    const due = { ...report(sponsor("priya.natarajan@contoso.com", [guest("a@fabrikam.com"), guest("b@fabrikam.com")])), notes: ["sign-in activity is not shown: the tenant has no Microsoft Entra ID P1 licence"] };
    const pr = buildRenewalRun(due, [open(["a@fabrikam.com"])], options).prs[0]!;
    const body = renderRenewalBody(due, pr, options, new Set(["a@fabrikam.com"]));
    expect(body).toContain("> **Note:** sign-in activity is not shown");
    expect(body).toMatch(/\| a&#64;<wbr>fabrikam\.com \| .* \| dropped from this branch: lapses at expires \|/);
    expect(body).toMatch(/\| b&#64;<wbr>fabrikam\.com \| .* \| expires → 2027-03-01 \|/);
  });

  it("names the owners, not the sponsor, when the sponsor has left", () => {
    const run = buildRenewalRun(report(sponsor("priya.natarajan@contoso.com", [guest("a@fabrikam.com")], { state: "disabled", askInstead: ["olivia.chen@contoso.com"] })), [], options);
    expect(run.prs[0]!.body).toContain("Their sponsor, priya.natarajan&#64;<wbr>contoso.com, has a disabled account in the tenant (left?); @ochen-contoso, as owners of their groups and apps, you are asked instead.");
    expect(run.prs[0]!.body).not.toContain("@priya-n-contoso");
  });

  it("escapes what a guest file holds: no mention, link or table break from a display name or address", () => {
    const hostile = { ...guest("a@fabrikam.com"), groups: ["x|y"], email: "a@fabrikam.com" };
    const body = buildRenewalRun(report(sponsor("priya.natarajan@contoso.com", [hostile])), [], options).prs[0]!.body;
    expect(body).toContain("group x\\|y");
    // Outside the marker (an HTML comment, which GitHub does not render), no address can link or mention.
    expect(body.replace(/<!-- guestops:renewals .* -->/, "")).not.toMatch(/@fabrikam/);
  });

  it("fits Azure DevOps' 4,000 characters, keeping the marker whole", () => {
    const many = Array.from({ length: 25 }, (_, i) => guest(`guest.number.${i}@fabrikam.com`));
    const pr = buildRenewalRun(report(sponsor("priya.natarajan@contoso.com", many)), [], { ...options, host: "azure-devops" }).prs[0]!;
    expect(pr.body.length).toBeLessThanOrEqual(4000);
    expect(pr.body).toMatch(/\| … and \d+ more, in the diff/);
    expect(proposedIn(pr.body, new Set(many.map((g) => g.key)))).toHaveLength(25);
  });

  it("gives each sponsor a branch of their own, even when two addresses share a slug", () => {
    const run = buildRenewalRun(report(sponsor("a.b@contoso.com", [guest("x@fabrikam.com")]), sponsor("a-b@contoso.com", [guest("y@fabrikam.com")])), [], options);
    const branches = run.prs.map((p) => p.branch);
    expect(new Set(branches).size).toBe(2);
    expect(branches[0]).toBe("guestops/renewals/a-b-contoso-com");
    expect(branches[1]).toMatch(/^guestops\/renewals\/a-b-contoso-com-[0-9a-f]{8}$/);
    expect(branchOf("Ünïcode.Person@contoso.com")).toBe("guestops/renewals/unicode-person-contoso-com");
  });
});

describe("reading open pull requests back (untrusted)", () => {
  const declared = new Set(["a@fabrikam.com", "b@fabrikam.com"]);
  const REPO = { full_name: "contoso/guest-access" };
  const gh = (ref: string, body: unknown, number: unknown = 7, head: unknown = REPO) => ({ number, head: { ref, repo: head }, base: { repo: REPO }, body });

  it("reads GitHub's list (pages too) and Azure DevOps', keeping only renewal branches", () => {
    const marker = renderMarker("priya.natarajan@contoso.com", ["a@fabrikam.com"]);
    expect(parseOpenPulls([[gh(PRIYA, marker), gh("feature/x", marker, 8)]], declared)).toEqual({ pulls: [open(["a@fabrikam.com"])], problems: [] });
    expect(parseOpenPulls([{ pullRequestId: 9, sourceRefName: `refs/heads/${PRIYA}`, description: marker }], declared).pulls).toEqual([open(["a@fabrikam.com"], 9)]);
    expect(parseOpenPulls({ value: [] }, declared)).toEqual({ pulls: [], problems: [] });
    expect(parseOpenPulls("nope", declared).problems[0]).toContain("neither");
  });

  it.each([
    ["GitHub, from a fork", [gh(PRIYA, "<!-- x -->", 7, { full_name: "mallory/guest-access" })]],
    ["GitHub, from a deleted fork (head.repo null)", [gh(PRIYA, "<!-- x -->", 7, null)]],
    ["Azure DevOps, from a fork", [{ pullRequestId: 7, sourceRefName: `refs/heads/${PRIYA}`, description: "x", forkSource: { repository: { name: "fork" } } }]],
  ])("leaves alone a renewal branch of another repository: %s", (_, list) => {
    // Its marker must not stop a renewal, and the run must not write into someone else's pull request.
    expect(parseOpenPulls(list, declared)).toEqual({ pulls: [], problems: [`pull request 7 comes from another repository's ${PRIYA}; it is left alone`] });
  });

  it.each([
    ["no body", null, []],
    ["no marker", "Renew please", []],
    ["broken JSON", "<!-- guestops:renewals {nope} -->", []],
    ["proposed not a list", '<!-- guestops:renewals {"proposed":"a@fabrikam.com"} -->', []],
    ["an address the stack does not declare", '<!-- guestops:renewals {"proposed":["a@fabrikam.com","mallory@evil.example",7]} -->', ["a@fabrikam.com"]],
    ["addresses in capitals, twice", '<!-- guestops:renewals {"proposed":["A@Fabrikam.com","a@fabrikam.com"]} -->', ["a@fabrikam.com"]],
    ["a __proto__ key", '<!-- guestops:renewals {"__proto__":{"proposed":["b@fabrikam.com"]}} -->', []],
  ])("a body with %s", (_, body, proposed) => {
    expect(parseOpenPulls([gh(PRIYA, body)], declared).pulls).toEqual([open(proposed)]);
  });

  it("refuses numbers that are not pull request numbers, and names a second pull request from one branch", () => {
    expect(parseOpenPulls([gh(PRIYA, "", "7"), gh(PRIYA, "", -1), gh(PRIYA, "", 1.5)], declared).pulls).toEqual([]);
    const two = parseOpenPulls([gh(PRIYA, "", 7), gh(PRIYA, "", 8)], declared);
    expect(two.pulls).toEqual([open([])]);
    expect(two.problems).toEqual([`pull request 8 is a second one open from ${PRIYA}; it is left alone`]);
  });

  it("writes a marker no value can close early", () => {
    const marker = renderMarker("x@contoso.com", ["a-->b@fabrikam.com"]);
    expect(marker.match(/-->/g)).toHaveLength(1);
    expect(proposedIn(marker, new Set(["a-->b@fabrikam.com"]))).toEqual(["a-->b@fabrikam.com"]);
  });
});
