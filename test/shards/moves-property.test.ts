// Property: however guests are dealt out to shards before and after a change, a guest that only moves
// between shards is a move. No shard's plan creates, deletes or replaces anything for it, no guard
// refuses, and each moved guest's resources are listed once, from the stack that held them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { people, tenantFiles, tenantPlan } from "./shard-fixtures";

const SHARDS = ["s0", "s1", "s2"];

function deal(guests: ReturnType<typeof people>, shardOf: readonly number[]): Record<string, ReturnType<typeof people>> {
  const by: Record<string, ReturnType<typeof people>> = {};
  guests.forEach((g, i) => (by[SHARDS[shardOf[i]!]!] ??= []).push(g));
  return by;
}

describe("moves between shards, for any dealing of guests", () => {
  it("change nothing in the tenant and are never refused", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { minLength: 1, maxLength: 24 }),
        async (pairs) => {
          const guests = people(pairs.length);
          const before = pairs.map(([b]) => b);
          const after = pairs.map(([, a]) => a);
          const plan = await tenantPlan(tenantFiles(deal(guests, before)), tenantFiles(deal(guests, after)));
          const moved = pairs.filter(([b, a]) => b !== a).length;
          expect(plan.refused).toBeNull();
          expect(plan.moves).toHaveLength(moved);
          for (const m of plan.moves) {
            const i = guests.findIndex((g) => g.email === m.email);
            expect([m.from, m.to]).toEqual([SHARDS[before[i]!], SHARDS[after[i]!]]);
            expect(m.resources.every((r) => r.urn.startsWith(`urn:pulumi:${m.from}::guestops::`))).toBe(true);
          }
          for (const p of plan.plans) expect(p.changes.filter((c) => c.type !== "pulumi:providers:azuread")).toEqual([]);
          expect(plan.plans.reduce((n, p) => n + p.guestSummary.move, 0)).toBe(moved);
          expect(plan.plans.reduce((n, p) => n + p.guestSummary.invite + p.guestSummary.remove, 0)).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  });
});
