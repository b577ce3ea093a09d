// deployedAt: the first recorded deployment that carries an event's commit, and tag messages as untrusted.
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import { markDeployed } from "../../src/audit/mark-deployed";
import { parseDeployRecord, renderDeployRecord } from "../../src/git/deploy-records";

const c = (n: number) => String(n).repeat(40).slice(0, 40);
const event = (commit: string | null, at: string): AuditEvent => ({ at, kind: "granted", guest: "ana.silva@fabrikam.com", target: "group:erp-project", commit, author: null, pr: null, prSource: null, approvers: [], approvals: [], flags: [] });
// Newest first, as git rev-list prints it.
const chain = [c(4), c(3), c(2), c(1)];

describe("markDeployed", () => {
  it.each([
    { desc: "the deployment of the event's own commit", e: event(c(2), "2026-11-02T10:00:00Z"), records: [{ commit: c(2), at: "2026-11-02T12:00:00Z" }], deployedAt: "2026-11-02T12:00:00Z" },
    { desc: "the first deployment of a later commit", e: event(c(1), "2026-11-01T10:00:00Z"), records: [{ commit: c(3), at: "2026-11-05T12:00:00Z" }, { commit: c(2), at: "2026-11-03T12:00:00Z" }], deployedAt: "2026-11-03T12:00:00Z" },
    { desc: "never a deployment of an earlier commit", e: event(c(3), "2026-11-03T10:00:00Z"), records: [{ commit: c(2), at: "2026-11-04T12:00:00Z" }], deployedAt: null },
    { desc: "never a deployment of a commit off the branch", e: event(c(1), "2026-11-01T10:00:00Z"), records: [{ commit: c(9), at: "2026-11-02T12:00:00Z" }], deployedAt: null },
    { desc: "an expiry takes effect at the first deployment on or after its day", e: event(null, "2026-11-04T00:00:00Z"), records: [{ commit: c(2), at: "2026-11-03T12:00:00Z" }, { commit: c(2), at: "2026-11-06T12:00:00Z" }], deployedAt: "2026-11-06T12:00:00Z" },
  ])("$desc", ({ e, records, deployedAt }) => {
    const events = [e];
    markDeployed(events, chain, records.map((r) => ({ stack: "prod", ...r })));
    expect(events[0]!.deployedAt).toBe(deployedAt);
  });
});

describe("parseDeployRecord", () => {
  it("reads back what the pipeline writes", () => {
    const record = { stack: "prod", commit: c(7), at: "2026-12-01T06:30:00Z", runUrl: "https://github.com/contoso/guests/actions/runs/1" };
    expect(parseDeployRecord(renderDeployRecord(record))).toEqual({ stack: "prod", commit: c(7), at: "2026-12-01T06:30:00Z" });
  });

  it.each(["not json", "{}", '{"stack":"prod","commit":"HEAD","at":"2026-12-01T06:30:00Z"}', `{"stack":"prod","commit":"${c(7)}","at":"yesterday"}`, `{"stack":1,"commit":"${c(7)}","at":"2026-12-01T06:30:00Z"}`])("skips a tag message that holds no record: %s", (message) => {
    expect(parseDeployRecord(message)).toBeUndefined();
  });
});
