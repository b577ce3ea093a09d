// The safety principle as a property: over generated stacks, guests and edits (entries removed, dates
// moved, days passing, policy and lifecycle switches flipped, guests adopted, a tenant changed), no
// change deletes an account except a GuestLifecycle's delete whose stored inputs say deleteOnRemoval,
// and only of an account whose sign-in it blocked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDesiredState, type StateInput } from "../../src/model/build-desired-state";
import { addDays } from "../../src/model/dates";
import type { Guest } from "../../src/model/guests-schema";
import { GUEST_LIFECYCLE, INVITATION, typeInfo } from "../../src/model/resource-types";
import { buildPlan } from "../../src/plan/build-plan";
import { generate, seeded } from "../pulumi/generate-states";

type Edit = (input: StateInput, pick: () => number) => StateInput;

const mapGuests = (input: StateInput, fn: (g: Guest, pick: () => number) => Guest | undefined, pick: () => number): StateInput => ({
  ...input,
  guestFiles: input.guestFiles.map((f) => ({ ...f, value: { ...f.value!, guests: (f.value!.guests ?? []).flatMap((g) => fn(g, pick) ?? []) } })),
});
const stackOf = (input: StateInput) => structuredClone(input.stack!.value!) as Record<string, any>;
const withStack = (input: StateInput, edit: (s: Record<string, any>) => void): StateInput => {
  const stack = stackOf(input);
  edit(stack);
  return { ...input, stack: { value: stack } };
};

const EDITS: Record<string, Edit> = {
  removeSome: (input, pick) => mapGuests(input, (g, p) => (p() < 0.3 ? undefined : g), pick),
  moveExpiry: (input, pick) => mapGuests(input, (g, p) => (p() < 0.4 ? { ...g, expires: addDays(g.expires, Math.floor(p() * 400) - 250) } : g), pick),
  adoptSome: (input, pick) => mapGuests(input, (g, p) => (p() < 0.2 ? { ...g, objectId: "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f" } : g), pick),
  changeSponsor: (input, pick) => mapGuests(input, (g, p) => (p() < 0.3 ? { ...g, sponsor: "olivia.chen@contoso.com" } : g), pick),
  flipOnRemoval: (input) => withStack(input, (s) => (s.policy.onRemoval = s.policy.onRemoval === "delete" ? "retain" : "delete")),
  stateLifecycle: (input) => withStack(input, (s) => (s.lifecycle = { ...s.lifecycle, blockSignInOnExpiry: true })),
  switchesOff: (input) => withStack(input, (s) => (s.lifecycle = { manageSponsors: false, blockSignInOnExpiry: false })),
  shrinkGrace: (input) => withStack(input, (s) => (s.policy.expiredGraceDays = 0)),
  newTenant: (input) => withStack(input, (s) => (s.tenantId = "99999999-9999-4999-8999-999999999999")),
  emptyGuests: (input) => ({ ...input, guestFiles: [] }),
};

const arbitraryCase = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  edits: fc.array(fc.constantFrom(...Object.keys(EDITS)), { minLength: 0, maxLength: 3 }),
  days: fc.integer({ min: 0, max: 120 }),
});

describe("account deletion", () => {
  it("happens only through GuestLifecycle's delete, under deleteOnRemoval, of a blocked account", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ seed, edits, days }) => {
        const r = seeded(seed);
        const { asOf, input } = generate(r);
        const base = buildDesiredState(input, asOf);
        fc.pre(!base.invitationsDeleteAccounts);
        const edited = edits.reduce((acc, name) => EDITS[name]!(acc, r), input);
        const head = buildDesiredState(edited, addDays(asOf, days));
        const plan = buildPlan({ base, head, baseInfo: { label: "base", empty: false } });
        for (const c of plan.changes) {
          if (c.type === INVITATION) expect(c.retained ?? true, c.name).toBe(true);
          const deletes = typeInfo(c.type).holdsAccount && (c.op === "delete" || c.op === "replace") && c.retained === false;
          if (!deletes) continue;
          expect(c.type, c.name).toBe(GUEST_LIFECYCLE);
          expect(c.op, c.name).toBe("delete");
          expect(c.before, c.name).toMatchObject({ deleteOnRemoval: true, accountEnabled: false });
        }
        // Every guest the plan says loses an account has that one change, and nothing replaces a lifecycle.
        for (const g of plan.guests.filter((x) => x.account === "deleted")) {
          expect(plan.changes.some((c) => c.guest === g.key && c.type === GUEST_LIFECYCLE && c.op === "delete" && c.retained === false), g.key).toBe(true);
        }
        expect(plan.changes.filter((c) => c.type === GUEST_LIFECYCLE && c.op === "replace")).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("the cases cover deletions that do happen", () => {
    let deleted = 0;
    for (let seed = 1; seed <= 200 && deleted === 0; seed++) {
      const r = seeded(seed);
      const { asOf, input } = generate(r);
      const base = buildDesiredState(input, asOf);
      if (base.invitationsDeleteAccounts || base.policy.onRemoval !== "delete") continue;
      const plan = buildPlan({ base, head: buildDesiredState(input, addDays(asOf, 90)), baseInfo: { label: "base", empty: false } });
      deleted += plan.guests.filter((g) => g.account === "deleted").length;
    }
    expect(deleted).toBeGreaterThan(0);
  });
});
