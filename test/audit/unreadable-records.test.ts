// An approvals note the audit cannot use is never dropped in silence: it is a flagged record-unreadable
// event with the reason, in every format, and the good approvals of a note with one bad entry still count.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_FLAGS, EVENT_KINDS, type AuditEvent } from "../../src/audit/audit-types";
import { runCli } from "../cli/run-cli";
import { guestsYaml, HistoryRepo, stackYaml } from "./history-repo";

const NOTES = "--ref=guestops-approvals";
const PRIYA = "priya.natarajan@contoso.com";
const guest = (n: number) => ({ email: `guest.${n}@fabrikam.com`, expires: "2027-05-31", groups: ["erp-project"] });
const HOSTILE = "::error::<script>alert(1)</script>|##vso[task.complete]";

let repo: HistoryRepo;
const c: Record<string, string> = {};

/** A merge of one new guest, with `note` (text) on the merge commit. */
function merge(n: number, subject: string, note: string | ((commit: string) => string), date: string): string {
  const guests = Array.from({ length: n }, (_, i) => guest(i + 1));
  const commit = repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", guests) }, subject, date);
  repo.git(["notes", NOTES, "add", "-m", typeof note === "string" ? note : note(commit), commit], date);
  return commit;
}

beforeAll(() => {
  repo = new HistoryRepo();
  c.setup = repo.commit({ "stacks/prod.yaml": stackYaml(), "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", []) }, "Set up the prod stack (#1)\n\nReviewed-by: mei.lin@contoso.com", "2026-09-01T09:00:00Z");
  const good = { by: PRIYA, at: "2026-09-02T08:00:00Z" };
  // What `approvals record` wrote before it found the PR itself.
  c.nullPr = merge(1, "Merge pull request #20 from fabrikam/g1", JSON.stringify({ pr: null, approvals: [good] }), "2026-09-02T09:00:00Z");
  c.malformed = merge(2, "Merge pull request #21 from fabrikam/g2", '{ "pr": 21, "approvals": [ ', "2026-09-03T09:00:00Z");
  c.otherCommit = merge(3, "Merge pull request #22 from fabrikam/g3", JSON.stringify({ commit: c.nullPr, pr: 22, approvals: [good] }), "2026-09-04T09:00:00Z");
  c.otherPr = merge(4, "Add guest 4 (#23)", JSON.stringify({ pr: 99, approvals: [good] }), "2026-09-05T09:00:00Z");
  c.partly = merge(5, "Merged PR 24: Add guest 5", JSON.stringify({ pr: 24, approvals: [good, { by: "olivia.chen@contoso.com", at: "soon" }, { by: HOSTILE, at: "2026-09-06T08:00:00Z" }] }), "2026-09-06T09:00:00Z");
  c.own = merge(6, "Merge pull request #25 from fabrikam/g6", (commit) => JSON.stringify({ commit, pr: 25, approvals: [good] }), "2026-09-07T09:00:00Z");
  c.shape = merge(7, "Merge pull request #26 from fabrikam/g7", JSON.stringify([good]), "2026-09-08T09:00:00Z");
});
afterAll(() => repo.remove());

async function events(): Promise<AuditEvent[]> {
  const r = await runCli(["audit", "--until", "2026-12-01", "--format", "json"], repo.root);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { events: AuditEvent[] }).events;
}

describe("a note the audit cannot use", () => {
  it("is a flagged record-unreadable event with its reason, one per reason", async () => {
    const all = await events();
    const unreadable = all.filter((e) => e.kind === "record-unreadable");
    const by = (commit: string) => unreadable.filter((e) => e.commit === commit).map((e) => e.detail);
    expect(by(c.nullPr!)).toEqual([`refs/notes/guestops-approvals note on ${c.nullPr!.slice(0, 12)}: "pr" is null, not a pull request number`]);
    expect(by(c.malformed!)[0]).toMatch(/: the note is not JSON \(/);
    expect(by(c.otherCommit!)).toEqual([expect.stringContaining(`the note names commit "${c.nullPr}", not the commit it is on`)]);
    expect(by(c.otherPr!)).toEqual([expect.stringContaining("the note is for PR 99, but the commit's subject names PR 23")]);
    expect(by(c.partly!)).toEqual([
      expect.stringContaining('approvals[1] (olivia.chen@contoso.com): "at" is "soon", not a time; that approval is left out'),
      expect.stringContaining(`approvals[2]: "by" is ${JSON.stringify(HOSTILE)}, not an address`),
    ]);
    expect(by(c.shape!)).toEqual([expect.stringContaining("not an object")]);
    expect(by(c.own!)).toEqual([]);
    expect(by(c.setup!)).toEqual([]);
    for (const e of unreadable) expect(e.flags).toContain("record-unreadable");
  });

  it("keeps what it can: the good approvals of a note with a bad entry or a bad pr, none of a note for another commit or PR", async () => {
    const granted = (commit: string) => (all: AuditEvent[]) => all.find((e) => e.kind === "granted" && e.commit === commit)!;
    const all = await events();
    // A note with no usable PR ties none: the PR is the subject's, unverified; its approvals still count.
    expect(granted(c.nullPr!)(all)).toMatchObject({ pr: 20, prSource: "subject", approvers: [PRIYA], flags: ["unverified"] });
    expect(granted(c.partly!)(all)).toMatchObject({ pr: 24, approvers: [PRIYA], flags: [] });
    expect(granted(c.own!)(all)).toMatchObject({ pr: 25, approvers: [PRIYA], flags: [] });
    for (const commit of [c.malformed!, c.otherCommit!, c.otherPr!, c.shape!]) expect(granted(commit)(all).flags).toContain("no-approval");
    expect(granted(c.otherPr!)(all).pr).toBe(23);
  });

  it("--flagged and --kind record-unreadable list them", async () => {
    const flagged = JSON.parse((await runCli(["audit", "--until", "2026-12-01", "--flagged", "--format", "json"], repo.root)).stdout) as { events: AuditEvent[] };
    expect(flagged.events.filter((e) => e.kind === "record-unreadable")).toHaveLength(7);
    const kind = await runCli(["audit", "--until", "2026-12-01", "--kind", "record-unreadable", "--format", "json"], repo.root);
    expect(kind.code).toBe(0);
    expect((JSON.parse(kind.stdout) as { events: AuditEvent[] }).events).toHaveLength(7);
  });

  it("shows in every format, its reason escaped for the medium", async () => {
    const out = async (...args: string[]) => {
      const r = await runCli([...args, "--until", "2026-12-01"], repo.root);
      expect(r.code).toBe(0);
      return r.stdout;
    };
    const text = await out("audit", "--format", "text");
    expect(text).toMatch(/record-unreadable .*\[record-unreadable\].*"at" is "soon"/);
    // No runner command can start a line, and the hostile value is visible but inert.
    expect(text).not.toMatch(/^::|^##vso\[/m);
    expect(text).not.toContain("##vso[task.complete]");
    const csv = await out("audit", "--format", "csv");
    const rows = csv.split("\r\n").filter((l) => l.includes(',"record-unreadable",'));
    expect(rows).toHaveLength(7);
    expect(rows.join("\n")).toContain('""at"" is ""soon""');
    // A spreadsheet never runs a cell as a formula.
    expect(csv).not.toMatch(/(^|,)"?[=+@]/m);
    const md = await out("audit", "--format", "markdown");
    expect(md).toContain("| record-unreadable: ");
    expect(md).not.toContain("<script>");
    const json = await out("audit", "--format", "json");
    expect(json).not.toContain("##vso[");
    const reportMd = await out("report", "--format", "markdown");
    expect(reportMd).toContain("record-unreadable");
    expect(reportMd).not.toContain("<script>");
    const html = await out("report", "--format", "html");
    expect(html).toContain('<span class="flag">record-unreadable</span>');
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).not.toContain("<script>alert");
    const report = JSON.parse(await out("report", "--format", "json")) as { period: { counts: { flagged: number }; flagged: AuditEvent[] } };
    expect(report.period.flagged.filter((e) => e.kind === "record-unreadable")).toHaveLength(7);
  });
});

describe("docs/auditors.md", () => {
  it("names every kind of event and every flag the audit gives", () => {
    const page = readFileSync(join(__dirname, "../../docs/auditors.md"), "utf8");
    for (const name of [...EVENT_KINDS, ...EVENT_FLAGS]) expect(page, name).toContain(`\`${name}\``);
    expect(page).toMatch(/^- `record-unreadable`: /m);
  });
});
