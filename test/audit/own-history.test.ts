// The three auditor's questions, answered from this repository's own history (the bundled example's
// commits), as docs/auditors.md shows them.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import type { Access } from "../../src/audit/build-access";
import type { Report } from "../../src/audit/build-report";
import { runCli } from "../cli/run-cli";
import { describeExample } from "../helpers/example";

const ROOT = join(__dirname, "../..");
// The audit reads the first-parent line; the README's plan base ("example: base state, with the stack
// owners") is merged beside it, so that the example's history here stays that of its two commits.
const commitOf = (pattern: string) => execFileSync("git", ["log", "-1", "--first-parent", "--format=%H", `--grep=${pattern}`], { cwd: ROOT, encoding: "utf8" }).trim();
const BASE = commitOf("^example: base state");
const CHANGES = commitOf("^example: partner changes");

describeExample("the auditor's questions for the bundled example", () => {
  it("who had access to app expenses: nobody on 2026-11-01, four guests the day after the example", async () => {
    const before = JSON.parse((await runCli(["access", "--as-of", "2026-11-01", "--target", "app:expenses", "--format", "json"], ROOT)).stdout) as Access;
    expect(before).toEqual({ asOf: "2026-11-01", stack: "prod", commit: null, guests: [] });
    const after = JSON.parse((await runCli(["access", "--as-of", "2026-11-27", "--target", "app:expenses", "--format", "json"], ROOT)).stdout) as Access;
    expect(after.guests.map((g) => [g.email, g.grants.map((x) => `${x.target} ${x.commit}`)])).toEqual([
      ["ana.silva@fabrikam.com", [`app:expenses/Submitter ${BASE}`]],
      ["chloe.dubois@fabrikam.com", [`app:expenses/Approver ${BASE}`]],
      ["isabel.moreno@northwind.example", [`app:expenses ${BASE}`]],
      ["kwame.mensah@fabrikam.com", [`app:expenses/Submitter ${CHANGES}`]],
    ]);
  });

  it("who approved it: nobody; the example was pushed directly, and the flags say so", async () => {
    const { events } = JSON.parse((await runCli(["audit", "--target", "app:expenses", "--until", "2026-12-01", "--format", "json"], ROOT)).stdout) as { events: AuditEvent[] };
    expect(events).toHaveLength(4);
    for (const e of events) expect(e).toMatchObject({ kind: "granted", pr: null, approvers: [], flags: ["direct-push", "no-approval"] });
  });

  it("when jun.tanaka's access was removed: in the partner-changes commit", async () => {
    const { events } = JSON.parse((await runCli(["audit", "--guest", "jun.tanaka@northwind.example", "--until", "2026-12-01", "--format", "json"], ROOT)).stdout) as { events: AuditEvent[] };
    expect(events.map((e) => [e.kind, e.target, e.cause ?? null, e.commit])).toEqual([
      ["invited", null, null, BASE],
      ["granted", "group:design-review", null, BASE],
      ["removed", null, null, CHANGES],
      ["revoked", "group:design-review", "removed", CHANGES],
    ]);
    expect(events[2]!.at).toBe("2026-11-26T12:28:48Z");
  });

  it("the report holds the same answers", async () => {
    const report = JSON.parse((await runCli(["report", "--until", "2026-12-01", "--format", "json"], ROOT)).stdout) as Report;
    expect(report.period.removed.filter((e) => e.guest === "jun.tanaka@northwind.example").map((e) => e.commit)).toEqual([CHANGES]);
    expect(report.current.byApp.filter((a) => a.name.startsWith("app:expenses")).reduce((n, a) => n + a.guests, 0)).toBe(4);
    const html = (await runCli(["report", "--until", "2026-12-01"], ROOT)).stdout;
    expect(html).toContain("jun.tanaka@northwind.example");
  });
});
