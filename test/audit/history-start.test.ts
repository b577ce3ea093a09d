// Where audit, report and access begin: --since a day or a commit, else the start .guestops.yaml first
// recorded on the branch. A fork of guestops carries the example's commits; its own start leaves them out.
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import type { Access } from "../../src/audit/build-access";
import type { Report } from "../../src/audit/build-report";
import { readSince } from "../../src/cli/history-start";
import { runCli } from "../cli/run-cli";
import { commit, git, gitRepo } from "../git/git-repo";
import { baseRepo, STACK } from "../helpers/fixtures";

const OURS = `partner: Northwind
domains: [northwind.example]
sponsor: priya.natarajan@contoso.com
guests:
  - email: omar.nasser@northwind.example
    displayName: Omar Nasser
    expires: 2027-03-31
    justification: LOG-12 shipment tracking
    groups: [erp-project]
`;
const PIA = `  - email: pia.lund@northwind.example
    displayName: Pia Lund
    expires: 2027-03-31
    justification: LOG-14 customs
    groups: [erp-project]
`;
const UNTIL = ["--until", "2026-12-01"];

/** The example (Ana and Ben), then a team's own tenant replacing it, then its start recorded, then a guest added. */
function fork(): { root: string; example: string; ours: string; added: string } {
  const root = gitRepo([{ message: "example", files: baseRepo(), date: "2026-10-01T09:00:00Z" }]);
  const head = () => git(root, ["rev-parse", "HEAD"]).trim();
  const example = head();
  commit(root, { "stacks/prod.yaml": STACK.replace("11111111-1111-4111-8111-111111111111", "3f1c2a7e-8b44-4d0e-9a61-5c2e7d9b1a40"), "guests/fabrikam.yaml": null, "guests/northwind.yaml": OURS }, "Our own tenant", "2026-11-01T09:00:00Z");
  const ours = head();
  commit(root, { ".guestops.yaml": `audit:\n  since: ${ours}\n` }, "Audit from our own first commit", "2026-11-02T09:00:00Z");
  commit(root, { "guests/northwind.yaml": OURS + PIA }, "Invite Pia", "2026-11-10T09:00:00Z");
  return { root, example, ours, added: head() };
}

const guestsOf = (events: AuditEvent[]) => [...new Set(events.map((e) => e.guest).filter((g) => g !== null))].sort();

describe("the start of the history", () => {
  it("by default is the commit .guestops.yaml records: none of the example's guests, and the header says where it starts", async () => {
    const { root, ours } = fork();
    const json = await runCli(["audit", ...UNTIL, "--format", "json"], root);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { start: string; since: null; events: AuditEvent[] };
    expect(report.start).toBe(ours);
    expect(guestsOf(report.events)).toEqual(["omar.nasser@northwind.example", "pia.lund@northwind.example"]);
    expect(report.events.filter((e) => e.guest === "omar.nasser@northwind.example").map((e) => [e.kind, e.commit])).toEqual([["invited", ours], ["granted", ours]]);
    expect((await runCli(["audit", ...UNTIL], root)).stdout).toContain(`, commit ${ours.slice(0, 12)} to 2026-12-01:`);
  });

  it("--since on the command line wins: a commit before it, or a day, reads the example's history again", async () => {
    const { root, example } = fork();
    const fromExample = JSON.parse((await runCli(["audit", ...UNTIL, "--since", example, "--format", "json"], root)).stdout) as { events: AuditEvent[] };
    expect(guestsOf(fromExample.events)).toEqual(["ana.silva@fabrikam.com", "ben.carter@fabrikam.com", "omar.nasser@northwind.example", "pia.lund@northwind.example"]);
    const fromDay = JSON.parse((await runCli(["audit", ...UNTIL, "--since", "2026-11-01", "--format", "json"], root)).stdout) as { since: string; start?: string; events: AuditEvent[] };
    expect(fromDay).toMatchObject({ since: "2026-11-01" });
    expect(fromDay.start).toBeUndefined();
    // History before the day is read, not listed: the example's guests appear only as removed.
    expect(fromDay.events.filter((e) => e.guest === "ana.silva@fabrikam.com").map((e) => e.kind)).toEqual(expect.arrayContaining(["revoked"]));
    expect(fromDay.events.some((e) => e.kind === "granted" && e.guest === "ana.silva@fabrikam.com")).toBe(false);
  });

  it("a later commit cannot move the recorded start: the first one stays, with a warning", async () => {
    const { root, ours, added } = fork();
    commit(root, { ".guestops.yaml": `audit:\n  since: ${added}\n` }, "Start the audit later", "2026-11-20T09:00:00Z");
    const r = await runCli(["audit", ...UNTIL, "--format", "json"], root);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { start: string }).start).toBe(ours);
    expect(r.stderr).toMatch(new RegExp(`^warning: \\.guestops\\.yaml at [0-9a-f]{12}:2:10 audit\\.since "${added}" differs from the start first recorded \\("${ours}", commit [0-9a-f]{12}\\); the audit keeps the first`, "m"));
  });

  it("removing the recorded start later keeps it too", async () => {
    const { root, ours } = fork();
    commit(root, { ".guestops.yaml": "# no start\n" }, "Forget the start", "2026-11-20T09:00:00Z");
    const r = await runCli(["audit", ...UNTIL, "--format", "json"], root);
    expect((JSON.parse(r.stdout) as { start: string }).start).toBe(ours);
    expect(r.stderr).toContain("sets no audit.since, and differs from the start first recorded");
  });

  it("report and access start there too", async () => {
    const { root, ours } = fork();
    const report = JSON.parse((await runCli(["report", ...UNTIL, "--format", "json"], root)).stdout) as Report & { start: string };
    expect(report.start).toBe(ours);
    expect(JSON.stringify(report)).not.toContain("ana.silva@fabrikam.com");
    expect((await runCli(["report", ...UNTIL, "--format", "markdown"], root)).stdout).toContain(`Period: commit ${ours.slice(0, 12)} to 2026-12-01.`);
    const before = JSON.parse((await runCli(["access", "--as-of", "2026-10-15", "--format", "json"], root)).stdout) as Access;
    expect(before).toMatchObject({ commit: null, guests: [] });
  });

  it("a recorded day lists from that day, and never from after the commit that recorded it", async () => {
    const root = gitRepo([{ message: "example", files: baseRepo(), date: "2026-10-01T09:00:00Z" }]);
    commit(root, { ".guestops.yaml": "audit:\n  since: 2026-12-31\n" }, "Start at the end of the year", "2026-11-02T09:00:00Z");
    expect(JSON.parse((await runCli(["audit", ...UNTIL, "--format", "json"], root)).stdout)).toMatchObject({ since: "2026-11-02" });
  });

  it.each([
    { desc: "a branch name, which would move", file: "audit:\n  since: main\n", words: ['.guestops.yaml at ', ':2:10 audit.since "main" is not a commit id or a date', "full 40-character id"] },
    { desc: "a commit of another history", file: `audit:\n  since: ${"ab".repeat(20)}\n`, words: [`:2:10 audit.since ${"ab".repeat(20)} is not a commit of this repository`] },
    { desc: "not a mapping", file: "audit: yesterday\n", words: [":1:8 audit is not a mapping"] },
  ])("refuses a recorded start that is $desc, with its place", async ({ file, words }) => {
    const root = gitRepo([{ message: "example", files: baseRepo() }, { message: "start", files: { ".guestops.yaml": file } }]);
    const r = await runCli(["audit", ...UNTIL], root);
    expect(r.code).toBe(2);
    for (const w of words) expect(r.stderr).toContain(w);
  });

  it("refuses --since a commit that is not on the first-parent history", async () => {
    const root = gitRepo([{ message: "example", files: baseRepo() }]);
    git(root, ["checkout", "-q", "-b", "side"]);
    commit(root, { "guests/x.txt": "x\n" }, "aside");
    const side = git(root, ["rev-parse", "HEAD"]).trim();
    git(root, ["checkout", "-q", "main"]);
    const r = await runCli(["audit", ...UNTIL, "--since", side], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not on the first-parent history that is read");
  });

  it("a file without audit.since sets no start", () => {
    expect(readSince("# nothing yet\n", ".guestops.yaml")).toBeUndefined();
    expect(readSince("audit: {}\n", ".guestops.yaml")).toBeUndefined();
    expect(readSince(undefined, ".guestops.yaml")).toBeUndefined();
  });
});
