// Expiry as the program sees it: expired guests keep their account but lose every grant, and their
// GuestLifecycle blocks sign-in; guests past the grace period have no resources at all, so the engine
// drops them, and GuestLifecycle's delete removes the account only under onRemoval: delete.
import { describe, expect, test } from "vitest";
import { APP_ROLE_ASSIGNMENT, GROUP_MEMBER, GUEST_LIFECYCLE, INVITATION, PROVIDER } from "../../src/model/resources-for";
import { mockUserId } from "./record-registrations";
import { FABRIKAM, STACK } from "../helpers/fixtures";
import { runFixture } from "./run-fixture";

const BASE = { "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM };
const ANA = "ana.silva@fabrikam.com"; // expires 2027-03-31
const BEN = "ben.carter@fabrikam.com"; // expires 2027-02-28
const CARLA = "carla.reyes@fabrikam.com";
const CARLA_ID = "9d2c1c3e-6a4b-4f7e-8a51-2b6f0c7d9e10";
const ADOPTED = `  - email: carla.reyes@fabrikam.com
    displayName: Carla Reyes
    objectId: 9d2c1c3e-6a4b-4f7e-8a51-2b6f0c7d9e10
    expires: 2027-03-31
    justification: CHG-1042 ERP migration
    groups: [erp-project]
`;

const namesOf = (regs: { type: string; name: string }[], email: string) =>
  regs.filter((r) => (r.name === email || r.name.endsWith(`/${email}`)) && r.type !== GUEST_LIFECYCLE).map((r) => `${r.type.split(":").pop()} ${r.name}`).sort();
const DELETE = STACK.replace("onRemoval: retain", "onRemoval: delete") + "lifecycle:\n  blockSignInOnExpiry: true\n";

/** The GuestLifecycle registered for a guest, without the provider's code; undefined when none. */
async function lifecycleOf(files: Record<string, string>, asOf: string, email: string) {
  const { registrations } = await runFixture(files, { asOf });
  const r = registrations.find((x) => x.type === GUEST_LIFECYCLE && x.name === `lifecycle/${email}`);
  if (!r) return undefined;
  const { __provider, sponsorIds, ...inputs } = r.inputs;
  expect(__provider).toBeTypeOf("string");
  expect(sponsorIds).toBeUndefined();
  return { inputs, retainOnDelete: r.retainOnDelete, provider: r.provider, dependencies: r.dependencies };
}

describe("GuestLifecycle, one per guest with an account", () => {
  const SPONSOR = "priya.natarajan@contoso.com";
  test.each([
    { status: "active", asOf: "2027-02-28", files: BASE, email: BEN, inputs: { userId: mockUserId(BEN), accountFrom: "invitation", accountEnabled: true, sponsors: [SPONSOR], deleteOnRemoval: false } },
    { status: "expired", asOf: "2027-03-01", files: BASE, email: BEN, inputs: { userId: mockUserId(BEN), accountFrom: "invitation", accountEnabled: false, sponsors: [SPONSOR], deleteOnRemoval: false } },
    { status: "expired, onRemoval: delete", asOf: "2027-03-01", files: { ...BASE, "stacks/prod.yaml": DELETE }, email: BEN, inputs: { userId: mockUserId(BEN), accountFrom: "invitation", accountEnabled: false, sponsors: [SPONSOR], deleteOnRemoval: true } },
    { status: "gone", asOf: "2027-04-15", files: BASE, email: BEN, inputs: undefined },
    { status: "adopted, active", asOf: "2026-12-01", files: { ...BASE, "guests/fabrikam.yaml": FABRIKAM + ADOPTED }, email: CARLA, inputs: { userId: CARLA_ID, accountFrom: "objectId", accountEnabled: true, sponsors: [SPONSOR], deleteOnRemoval: false } },
    { status: "adopted, expired", asOf: "2027-04-01", files: { ...BASE, "guests/fabrikam.yaml": FABRIKAM + ADOPTED }, email: CARLA, inputs: { userId: CARLA_ID, accountFrom: "objectId", accountEnabled: false, sponsors: [SPONSOR], deleteOnRemoval: false } },
    { status: "adopted, gone", asOf: "2027-06-01", files: { ...BASE, "guests/fabrikam.yaml": FABRIKAM + ADOPTED }, email: CARLA, inputs: undefined },
  ])("$status", async ({ files, asOf, email, inputs }) => {
    const found = await lifecycleOf(files, asOf, email);
    if (!inputs) return void expect(found).toBeUndefined();
    expect(found!.inputs).toEqual(inputs);
    // Its own provider (the dynamic one), no retainOnDelete: its delete must run, and decides itself.
    expect(found!.provider).toBeUndefined();
    expect(found!.retainOnDelete).toBeUndefined();
    expect(found!.dependencies).toEqual(email === CARLA ? [] : [email]);
  });

  test.each([
    { switches: "manageSponsors: false", lifecycle: "  manageSponsors: false\n", inputs: { userId: mockUserId(BEN), accountFrom: "invitation", accountEnabled: false, deleteOnRemoval: false } },
    { switches: "blockSignInOnExpiry: false", lifecycle: "  blockSignInOnExpiry: false\n", inputs: { userId: mockUserId(BEN), accountFrom: "invitation", sponsors: [SPONSOR], deleteOnRemoval: false } },
    { switches: "both true", lifecycle: "  manageSponsors: true\n  blockSignInOnExpiry: true\n", inputs: { userId: mockUserId(BEN), accountFrom: "invitation", accountEnabled: false, sponsors: [SPONSOR], deleteOnRemoval: false } },
    { switches: "both false", lifecycle: "  manageSponsors: false\n  blockSignInOnExpiry: false\n", inputs: undefined },
  ])("lifecycle $switches", async ({ lifecycle, inputs }) => {
    const files = { ...BASE, "stacks/prod.yaml": `${STACK}lifecycle:\n${lifecycle}` };
    const found = await lifecycleOf(files, "2027-03-01", BEN);
    if (!inputs) {
      expect(found).toBeUndefined();
      const { registrations } = await runFixture(files, { asOf: "2027-03-01" });
      expect(registrations.filter((r) => r.type === GUEST_LIFECYCLE)).toEqual([]);
      return;
    }
    expect(found!.inputs).toEqual(inputs);
  });
});

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

  test("once expired, keep no invitation or grant: only their GuestLifecycle, which blocks sign-in", async () => {
    const { registrations } = await runFixture({ ...BASE, "guests/fabrikam.yaml": FABRIKAM + ADOPTED }, { asOf: "2027-04-01" });
    expect(namesOf(registrations, "carla.reyes@fabrikam.com")).toEqual([]);
    expect(registrations.filter((r) => r.name === `lifecycle/${CARLA}`)).toHaveLength(1);
    expect(registrations.filter((r) => r.type === PROVIDER)).toHaveLength(1);
  });
});
