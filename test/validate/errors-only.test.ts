// validateRepo without warnings (as the audit calls it at every commit): the same errors, no rule warnings.
import { describe, expect, it } from "vitest";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { validateRepo } from "../../src/rules/validate-repo";
import { testdir } from "../helpers/testdir";

const STACK = `tenantId: 11111111-1111-4111-8111-111111111111
internalDomains: [contoso.com]
policy: { maxExpiryDays: 365, reviewIntervalDays: 30 }
groups:
  erp: { objectId: 22222222-2222-4222-8222-222222222222, displayName: ERP, owners: [priya@contoso.com], allowGuests: true }
apps: {}
`;
const GUESTS = `partner: Fabrikam
domains: [fabrikam.com]
sponsor: priya@contoso.com
guests:
  - { email: ana@fabrikam.com, displayName: Ana, expires: 2026-12-05, justification: CHG-1 work, groups: [erp], reviewed: 2026-01-01 }
  - { email: ben@fabrikam.com, displayName: Ben, expires: 2026-11-01, justification: CHG-1 work, groups: [erp] }
  - { email: cleo@fabrikam.com, displayName: Cleo, expires: 2029-01-01, justification: CHG-1 work, groups: [erpp] }
`;

describe("validateRepo with warnings: false", () => {
  it("reports the same errors and none of the rules' warnings", async () => {
    const load = await loadRepo(workingTree(testdir({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": GUESTS })), "prod");
    const full = validateRepo(load, "2026-12-01");
    const errorsOnly = validateRepo(load, "2026-12-01", { warnings: false });
    expect(full.warnings.map((w) => w.rule)).toEqual(expect.arrayContaining(["expiringSoon", "alreadyExpired", "reviewOverdue"]));
    expect(full.errors.map((e) => e.rule).sort()).toEqual(["catalogReferences", "expiryWithinPolicy"]);
    expect(errorsOnly).toEqual({ errors: full.errors, warnings: [] });
  });
});
