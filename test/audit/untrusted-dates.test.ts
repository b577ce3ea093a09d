// Committer dates are set by whoever commits: one in the future must not hide the history after it, and a
// backdated one must not slip out of the period it belongs to. Both are flagged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import { runCli } from "../cli/run-cli";
import { guestsYaml, HistoryRepo, stackYaml } from "./history-repo";

const ANA = { email: "ana.silva@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };
const BEN = { email: "ben.carter@fabrikam.com", expires: "2027-04-30", groups: ["erp-project"] };
const CARLA = { email: "carla.gomez@fabrikam.com", expires: "2027-03-31", groups: ["erp-project"] };
let repo: HistoryRepo;
let events: AuditEvent[];

beforeAll(async () => {
  repo = new HistoryRepo();
  repo.commit({ "stacks/prod.yaml": stackYaml(), "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ANA]) }, "Set up", "2026-11-01T09:00:00Z");
  repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ANA, BEN]) }, "Add Ben, dated far ahead", "2099-01-01T00:00:00Z");
  repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ANA, BEN, CARLA]) }, "Add Carla, backdated", "2020-01-01T00:00:00Z");
  const r = await runCli(["audit", "--since", "2026-11-01", "--until", "2026-12-01", "--format", "json"], repo.root);
  expect(r.code, r.stderr).toBe(0);
  events = (JSON.parse(r.stdout) as { events: AuditEvent[] }).events;
});
afterAll(() => repo.remove());

describe("untrusted committer dates", () => {
  it("a commit dated in the future hides nothing after it, and a backdated one stays in its period; both are flagged", () => {
    const invited = events.filter((e) => e.kind === "invited");
    expect(invited.map((e) => e.guest)).toEqual(["ana.silva@fabrikam.com", "ben.carter@fabrikam.com", "carla.gomez@fabrikam.com"]);
    expect(invited.map((e) => e.flags.includes("date-adjusted"))).toEqual([false, true, true]);
    // Neither reached the branch before the set-up, nor after today.
    for (const e of invited.slice(1)) expect(e.at >= "2026-11-01T09:00:00Z" && e.at <= new Date().toISOString()).toBe(true);
  });
});
