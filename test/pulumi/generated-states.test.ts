// Property-style tests over generated stacks and guests: what the program registers for each, and for
// rewrites of it that must change nothing (reordering, moving guests between renamed files, case).
import { describe, expect, test } from "vitest";
import { buildDesiredState, type StateInput } from "../../src/model/build-desired-state";
import type { DesiredState } from "../../src/model/desired-state";
import { APP_ROLE_ASSIGNMENT, GROUP_MEMBER, GUEST_LIFECYCLE, INVITATION, PROVIDER, PROVIDER_NAME, resourcesFor } from "../../src/model/resources-for";
import { registerResources } from "../../src/pulumi/register-resources";
import { generate, regroup, reorder, seeded } from "./generate-states";
import { installMocks, mockUserId, settled, type Registration } from "./record-registrations";
import { effectiveView, keyOf } from "./run-fixture";

const SEEDS = Array.from({ length: 30 }, (_, i) => 1000 + i * 7919);

async function register(input: StateInput, asOf: string): Promise<{ desired: DesiredState; registrations: Registration[] }> {
  const recorder = await installMocks();
  const desired = buildDesiredState(input, asOf);
  const specs = resourcesFor(desired);
  await settled(registerResources(specs).map((r) => r.resource));
  await recorder.waitFor(specs.length);
  return { desired, registrations: recorder.registrations };
}

describe.each(SEEDS)("generated state, seed %i", (seed) => {
  const r = seeded(seed);
  const { asOf, input } = generate(r);
  let base: ReturnType<typeof register> | undefined;
  const registerBase = () => (base ??= register(input, asOf));

  test("logical names are unique, and each resource keeps the rules of its guest's status", async () => {
    const { desired, registrations } = await registerBase();
    // Unique per type, i.e. unique URNs, which is what Pulumi requires. A name may repeat across types:
    // group "finance" and app "finance" (default access) both yield `finance/<email>`.
    const urns = registrations.map((r) => r.urn);
    expect(new Set(urns).size).toBe(urns.length);
    expect(new Set(registrations.map(keyOf)).size).toBe(registrations.length);
    expect(registrations.length).toBe(resourcesFor(desired).length);

    const guests = new Map(desired.guests.map((g) => [g.key, g]));
    const retain = !desired.invitationsDeleteAccounts;
    const lifecycle = !desired.invitationsDeleteAccounts && (desired.lifecycle.manageSponsors || desired.lifecycle.blockSignInOnExpiry);
    for (const r of registrations) {
      if (r.type === PROVIDER) {
        expect(r.inputs.tenantId).toBe(desired.tenantId);
        continue;
      }
      if (r.type === GUEST_LIFECYCLE) {
        const guest = guests.get(r.name.slice("lifecycle/".length))!;
        expect(lifecycle, r.name).toBe(true);
        expect(guest.status, r.name).not.toBe("gone");
        expect(r.provider, r.name).toBeUndefined();
        expect(r.retainOnDelete, r.name).toBeUndefined();
        const { __provider, ...inputs } = r.inputs;
        expect(__provider, r.name).toBeTypeOf("string");
        expect(inputs, r.name).toEqual({
          userId: guest.objectId ?? mockUserId(guest.key),
          accountFrom: guest.objectId ? "objectId" : "invitation",
          ...(desired.lifecycle.blockSignInOnExpiry && { accountEnabled: guest.status === "active" }),
          ...(desired.lifecycle.manageSponsors && { sponsors: [guest.sponsor!.toLowerCase()] }),
          deleteOnRemoval: desired.policy.onRemoval === "delete",
          sponsorIds: undefined,
        });
        continue;
      }
      expect(r.provider, r.name).toBe(PROVIDER_NAME);
      const key = r.type === INVITATION ? r.name : r.name.slice(r.name.lastIndexOf("/") + 1);
      const guest = guests.get(key)!;
      expect(guest, r.name).toBeDefined();
      expect(guest.status, r.name).not.toBe("gone");
      if (r.type === INVITATION) {
        expect(guest.objectId, r.name).toBeUndefined();
        expect(r.retainOnDelete, r.name).toBe(retain);
        continue;
      }
      expect(guest.status, r.name).toBe("active");
      const principal = r.type === GROUP_MEMBER ? r.inputs.memberObjectId : r.inputs.principalObjectId;
      expect(principal, r.name).toBe(guest.objectId ?? mockUserId(guest.key));
      expect(r.dependencies, r.name).toEqual(guest.objectId ? [] : [guest.key]);
    }
    for (const g of desired.guests) {
      const own = registrations.filter((r) => r.name === g.key || r.name.endsWith(`/${g.key}`));
      const expected = (g.status === "gone" ? 0 : (g.objectId ? 0 : 1) + (lifecycle ? 1 : 0)) + (g.status === "active" ? g.groups.length + g.apps.length : 0);
      expect(own.length, g.key).toBe(expected);
    }
  });

  test("names and effective inputs are stable under reordering, regrouping into renamed files and case", async () => {
    const { registrations: before } = await registerBase();
    for (const variant of [reorder(r, input), regroup(r, input)]) {
      const { registrations } = await register(variant, asOf);
      expect(registrations.map(keyOf).sort()).toEqual(before.map(keyOf).sort());
      expect(effectiveView(registrations)).toEqual(effectiveView(before));
    }
  });
});

test("the generator covers what the properties are about", () => {
  const states = SEEDS.map((s) => generate(seeded(s))).map(({ asOf, input }) => buildDesiredState(input, asOf));
  const guests = states.flatMap((s) => s.guests);
  const resources = states.flatMap((s) => resourcesFor(s));
  expect(guests.filter((g) => g.status === "active").length).toBeGreaterThan(50);
  expect(guests.filter((g) => g.status === "expired").length).toBeGreaterThan(10);
  expect(guests.filter((g) => g.status === "gone").length).toBeGreaterThan(10);
  expect(guests.filter((g) => g.objectId && g.status === "active" && g.groups.length > 0).length).toBeGreaterThan(5);
  expect(guests.filter((g) => g.email !== g.key).length).toBeGreaterThan(10);
  expect(resources.filter((r) => r.type === APP_ROLE_ASSIGNMENT && r.inputs.appRoleId === "00000000-0000-0000-0000-000000000000").length).toBeGreaterThan(5);
  expect(states.filter((s) => s.policy.onRemoval === "delete" && !s.invitationsDeleteAccounts).length).toBeGreaterThan(3);
  expect(states.filter((s) => s.invitationsDeleteAccounts).length).toBeGreaterThan(0);
  expect(states.filter((s) => !s.lifecycle.manageSponsors && !s.lifecycle.blockSignInOnExpiry).length).toBeGreaterThan(0);
  // Names that a membership and a default-access assignment share, so unique URNs are really tested.
  const shared = states.flatMap((s) => {
    const specs = resourcesFor(s);
    return specs.filter((r) => r.type === GROUP_MEMBER && specs.some((o) => o.type === APP_ROLE_ASSIGNMENT && o.name === r.name));
  });
  expect(shared.length).toBeGreaterThan(0);
});
