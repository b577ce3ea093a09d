// Expiry as the program sees it: expired guests keep their account but lose every grant; guests past the
// grace period have no resources at all, so the engine drops them (and deletes the account only when
// their invitation was registered with retainOnDelete false, i.e. under onRemoval: delete).
import { describe, expect, test } from "vitest";
import { APP_ROLE_ASSIGNMENT, GROUP_MEMBER, INVITATION, PROVIDER } from "../../src/model/resources-for";
import { FABRIKAM, STACK } from "../helpers/fixtures";
import { runFixture } from "./run-fixture";

const BASE = { "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM };
const ANA = "ana.silva@fabrikam.com"; // expires 2027-03-31
const BEN = "ben.carter@fabrikam.com"; // expires 2027-02-28
const ADOPTED = `  - email: carla.reyes@fabrikam.com
    displayName: Carla Reyes
    objectId: 9d2c1c3e-6a4b-4f7e-8a51-2b6f0c7d9e10
    expires: 2027-03-31
    justification: CHG-1042 ERP migration
    groups: [erp-project]
`;

const namesOf = (regs: { type: string; name: string }[], email: string) =>
  regs.filter((r) => r.name === email || r.name.endsWith(`/${email}`)).map((r) => `${r.type.split(":").pop()} ${r.name}`).sort();

describe("expiry", () => {
  test("on the last day of access, a guest still has every grant", async () => {
    const { registrations } = await runFixture(BASE, { asOf: "2027-02-28" });
    expect(namesOf(registrations, BEN)).toEqual(["GroupMember erp-project/ben.carter@fabrikam.com", "Invitation ben.carter@fabrikam.com"]);
  });

  test("an expired guest keeps the invitation and loses every membership and assignment", async () => {
    const { registrations, result } = await runFixture(BASE, { asOf: "2027-03-01" });
    expect(namesOf(registrations, BEN)).toEqual(["Invitation ben.carter@fabrikam.com"]);
    expect(namesOf(registrations, ANA)).toEqual([
      "AppRoleAssignment expenses/Submitter/ana.silva@fabrikam.com",
      "GroupMember erp-project/ana.silva@fabrikam.com",
      "Invitation ana.silva@fabrikam.com",
    ]);
    expect(result.outputs.guests).toEqual({ active: 1, expired: 1, gone: 0 });
    expect(Object.keys(result.outputs.invitations).sort()).toEqual([ANA, BEN]);
  });

  test("a guest past the grace period has no resources and no outputs", async () => {
    // Ben's 30-day grace ends 2027-03-30; Ana is expired but within hers.
    const { registrations, result } = await runFixture(BASE, { asOf: "2027-04-15" });
    expect(namesOf(registrations, BEN)).toEqual([]);
    expect(namesOf(registrations, ANA)).toEqual(["Invitation ana.silva@fabrikam.com"]);
    expect(registrations.filter((r) => r.type === GROUP_MEMBER || r.type === APP_ROLE_ASSIGNMENT)).toEqual([]);
    expect(result.outputs.guests).toEqual({ active: 0, expired: 1, gone: 1 });
    expect(Object.keys(result.outputs.invitations)).toEqual([ANA]);
  });

  test("the grace period comes from policy.expiredGraceDays", async () => {
    const stack = STACK.replace("onRemoval: retain", "onRemoval: retain\n  expiredGraceDays: 0");
    const { registrations } = await runFixture({ ...BASE, "stacks/prod.yaml": stack }, { asOf: "2027-03-01" });
    expect(namesOf(registrations, BEN)).toEqual([]);
    expect(registrations.filter((r) => r.type === INVITATION).map((r) => r.name)).toEqual([ANA]);
  });
});

describe("adopted guests", () => {
  test("get no invitation, and their memberships use the objectId", async () => {
    const { registrations, result } = await runFixture({ ...BASE, "guests/fabrikam.yaml": FABRIKAM + ADOPTED }, { asOf: "2026-12-01" });
    expect(namesOf(registrations, "carla.reyes@fabrikam.com")).toEqual(["GroupMember erp-project/carla.reyes@fabrikam.com"]);
    const member = registrations.find((r) => r.name === "erp-project/carla.reyes@fabrikam.com")!;
    expect(member.inputs.memberObjectId).toBe("9d2c1c3e-6a4b-4f7e-8a51-2b6f0c7d9e10");
    expect(member.dependencies).toEqual([]);
    expect(result.outputs.invitations).not.toHaveProperty("carla.reyes@fabrikam.com");
  });

  test("once expired, keep nothing at all in the program: there is no invitation to retain", async () => {
    const { registrations } = await runFixture({ ...BASE, "guests/fabrikam.yaml": FABRIKAM + ADOPTED }, { asOf: "2027-04-01" });
    expect(namesOf(registrations, "carla.reyes@fabrikam.com")).toEqual([]);
    expect(registrations.filter((r) => r.type === PROVIDER)).toHaveLength(1);
  });
});
