// The not-a-guest flag fails closed: a matched account whose userType is a member's, null or absent is
// flagged; only "Guest" is taken for a guest.
import { describe, expect, test } from "vitest";
import { buildStatus, DEFAULT_STATUS_OPTIONS } from "../../src/graph/build-status";
import { buildDeclaredIndex } from "../../src/graph/match-guests";
import type { TenantUser } from "../../src/graph/read-tenant";
import { loadRepo } from "../../src/load/load-repo";
import { memorySource } from "../../src/load/memory-source";
import { buildDesiredState } from "../../src/model/build-desired-state";
import { AS_OF, baseRepo } from "../helpers/fixtures";

describe("the not-a-guest flag", () => {
  test.each([
    { userType: "Guest", flagged: false },
    { userType: "Member", flagged: true },
    { userType: null, flagged: true },
    { userType: undefined, flagged: true },
  ])("userType $userType: flagged $flagged", async ({ userType, flagged }) => {
    const state = buildDesiredState(await loadRepo(memorySource(baseRepo()), "prod"), AS_OF);
    const user: TenantUser = { id: "9e500000-0000-4000-8000-000000000001", mail: "ana.silva@fabrikam.com", accountEnabled: true, ...(userType !== undefined && { userType }) };
    const users = new Map([["ana.silva@fabrikam.com", { user, by: "mail" as const }]]);
    const report = buildStatus(state, buildDeclaredIndex([state]), { members: new Map(), assignments: new Map() }, users, false, DEFAULT_STATUS_OPTIONS, []);
    const ana = report.guests.find((g) => g.email === "ana.silva@fabrikam.com")!;
    expect(ana.flags.includes("not-a-guest")).toBe(flagged);
  });
});
