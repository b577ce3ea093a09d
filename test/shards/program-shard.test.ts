// The Pulumi program of one shard: it registers that shard's guests only, under the tenant's provider and
// policy, and refuses to deploy while a rule across shards is broken.
import { describe, expect, it } from "vitest";
import { INVITATION, PROVIDER } from "../../src/model/resources-for";
import { runFixture } from "../pulumi/run-fixture";
import { fabrikamGuests, TENANT } from "../plan/plan-fixtures";
import { tenantFiles } from "./shard-fixtures";

const [ana, ben, ...rest] = fabrikamGuests();

describe("the program of a shard", () => {
  it("registers its own guests, with the tenant's tenantId", async () => {
    const run = await runFixture(tenantFiles({ eu: [ana!, ben!], us: rest }), { asOf: "2026-12-01", stack: "eu" });
    expect(run.registrations.filter((r) => r.type === INVITATION).map((r) => r.name)).toEqual(["ana.silva@fabrikam.com", "ben.carter@fabrikam.com"]);
    expect(run.byKey.get(`${PROVIDER} tenant`)!.inputs.tenantId).toBe(TENANT);
  });

  it("refuses to run while an address is declared in a sibling too", async () => {
    const files = tenantFiles({ eu: [ana!, ben!], us: [ana!, ...rest] });
    await expect(runFixture(files, { asOf: "2026-12-01", stack: "eu" })).rejects.toThrow(/is also declared in shard "us"/);
  });
});
