// The guards see the tenant: the mass-removal share is judged over every shard as well as each one, so a
// plan narrowed to one shard (one job of a CI matrix) still refuses a change that empties another.
import { describe, expect, it } from "vitest";
import { people, tenantFiles, tenantPlan } from "./shard-fixtures";

// Two shards of 20 guests, one membership each; policy.maxRemovalShare 0.25.
const base = tenantFiles({ eu: people(20), us: people(20, 20) });

describe("the tenant-wide mass-removal share", () => {
  const rows = [
    { desc: "eu keeps all, us loses 12 (tenant 30%): refused, in eu's narrowed plan too", eu: 20, us: 8, only: "eu", tenantRefused: true, shardRefused: false },
    { desc: "the same change planned whole: us refuses on its own share as well", eu: 20, us: 8, only: undefined, tenantRefused: true, shardRefused: true },
    { desc: "each loses 4 (20%, tenant 20%): passes", eu: 16, us: 16, only: undefined, tenantRefused: false, shardRefused: false },
    { desc: "eu loses 5 and us 5 (25%, at the limit): passes", eu: 15, us: 15, only: "us", tenantRefused: false, shardRefused: false },
    { desc: "eu loses 8 (40%) and us none (tenant 20%): eu refuses on its own share", eu: 12, us: 20, only: "eu", tenantRefused: false, shardRefused: true },
  ];
  it.each(rows)("$desc", async ({ eu, us, only, tenantRefused, shardRefused }) => {
    const plan = await tenantPlan(base, tenantFiles({ eu: people(eu), us: people(us, 20) }), { only });
    const removed = 40 - eu - us;
    expect(plan.removal.guests).toEqual({ removed, managed: 40, share: removed / 40 });
    const tenantWide = (m: string) => m.includes('managed guests of tenant "contoso" over its 2 shards');
    expect(plan.refusals.some((r) => tenantWide(r.message))).toBe(tenantRefused);
    expect(plan.plans.map((p) => p.stack)).toEqual(only ? [only] : ["eu", "us"]);
    // Every shown shard's plan carries the tenant's refusal, so each matrix job stops on it.
    for (const p of plan.plans) expect(p.guards.refusals.some((r) => tenantWide(r.message))).toBe(tenantRefused);
    const own = plan.plans.some((p) => p.guards.refusals.some((r) => r.guard === "massRemoval" && !tenantWide(r.message)));
    expect(own).toBe(shardRefused);
    expect(plan.refused !== null).toBe(tenantRefused || shardRefused);
  });

  it("names the tenant's counts and limit", async () => {
    const plan = await tenantPlan(base, tenantFiles({ eu: people(20), us: people(8, 20) }), { only: "eu" });
    expect(plan.refused).toContain('removes 12 of the 40 managed guests of tenant "contoso" over its 2 shards (30%)');
    expect(plan.refused).toContain("policy.maxRemovalShare 0.25 (25%)");
    expect(plan.refused).toContain("guests moved between shards do not count");
  });

  it("--allow-mass-removal lifts it, and the plan says so", async () => {
    const plan = await tenantPlan(base, tenantFiles({ eu: people(20), us: people(8, 20) }), { only: "eu", allowMassRemoval: true });
    expect(plan.refused).toBeNull();
    expect(plan.overridden.map((r) => r.guard)).toEqual(["massRemoval"]);
    expect(plan.plans[0]!.guards.overridden.map((r) => r.guard)).toEqual(["massRemoval"]);
  });
});

describe("a stack file beside the tenant, deleted while its stack holds guests", () => {
  const removedStacks = [{ stack: "legacy", guests: 3 }];
  it("is refused once for the tenant, in every shown shard's plan, and --allow-stack-removal lifts it", async () => {
    const plan = await tenantPlan(base, base, { removedStacks });
    expect(plan.refusals.map((r) => r.guard)).toEqual(["stackRemoval"]);
    expect(plan.refused).toContain('stacks/legacy.yaml is deleted, but stack "legacy" still manages 3 guests');
    for (const p of plan.plans) expect(p.guards.refusals.map((r) => r.guard)).toEqual(["stackRemoval"]);
    const allowed = await tenantPlan(base, base, { removedStacks, allowStackRemoval: true });
    expect(allowed.refused).toBeNull();
    expect(allowed.overridden.map((r) => r.guard)).toEqual(["stackRemoval"]);
  });

  it("holding no guests, passes", async () => {
    expect((await tenantPlan(base, base, { removedStacks: [{ stack: "legacy", guests: 0 }] })).refused).toBeNull();
  });
});
