// Drift over many pages: the guest listing read while the grants are still arriving gives exactly the
// result of reading them one after the other, and no guest page is counted twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphClient } from "../../src/graph/graph-client";
import { readDrift } from "../../src/graph/read-drift";
import { staticToken } from "../../src/graph/read-token";
import { syntheticState, syntheticTenant } from "../bench/synthetic-tenant";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";

const GUESTS = 3000;
let double: GraphDouble;
beforeAll(async () => {
  double = await startGraphDouble(syntheticTenant(GUESTS));
});
afterAll(() => double.close());

describe("readDrift at scale", () => {
  it.each([1, 2, 1000])("holds at most %i waiting page(s) and finds the same drift", async (waiting) => {
    // 3,000 guests are four pages of 999: with one or two waiting, the listing must wait for the grants.
    const client = createGraphClient({ baseUrl: double.url, token: staticToken(double.token) });
    const drift = await readDrift(client, [syntheticState(GUESTS)], false, waiting);
    expect(drift.undeclaredGuests).toHaveLength(GUESTS / 100);
    expect(drift.missingGuests).toHaveLength(GUESTS / 500);
    expect(drift.memberships).toHaveLength((GUESTS / 100) * 4);
    expect(new Set(drift.undeclaredGuests.map((g) => g.objectId)).size).toBe(GUESTS / 100);
  });
});
