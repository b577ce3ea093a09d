// A sharded tenant's guardrails: written once in the tenant file, deployed by exactly one stack, which
// reads every partner file. A stack of tenant policy alone deploys no guest.
import { describe, expect, it } from "vitest";
import { memorySource } from "../../src/load/memory-source";
import { resourcesFor } from "../../src/model/resources-for";
import { loadShards } from "../../src/rules/load-stack";
import { mergeValidations } from "../../src/rules/validate-shards";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { expectProblems, oneGuest, type Expected, type Files } from "../validate/helpers";
import { fabrikamGuests, stackDoc } from "../plan/plan-fixtures";
import { tenantFiles, tenantPlan } from "./shard-fixtures";

const T = "tenants/contoso.yaml";
// STACK ends on line 31: tenantPolicy is on line 32.
const TENANT = `${STACK}tenantPolicy:\n  invitations:\n    allowInvitesFrom: adminsAndGuestInviters\n`;
const NORTHWIND = `${oneGuest({ email: "omar@northwind.example", domains: "[northwind.example]" })}tenantIds: [bbbbbbbb-2222-4222-8222-222222222222]\ncrossTenant: { trustMfa: true }\n`;
const shard = (folder: string, extra = "") => `tenant: contoso\nguestFiles: ["guests/${folder}/**/*.yaml"]\n${extra}`;
const POLICY = `tenant: contoso\nguestFiles: ["guests/**/*.yaml"]\ndeploys: tenantPolicy\n`;
const split = (extra: Files = {}): Files => ({ [T]: TENANT, "stacks/eu.yaml": shard("eu"), "stacks/us.yaml": shard("us"), "guests/eu/fabrikam.yaml": FABRIKAM, "guests/us/northwind.yaml": NORTHWIND, ...extra });

async function shards(files: Files) {
  return loadShards(memorySource(files), "contoso", { asOf: AS_OF });
}

const cases: { desc: string; files: Files; expected: Expected[] }[] = [
  { desc: "a stack of tenant policy alone that reads every partner file", files: split({ "stacks/policy.yaml": POLICY }), expected: [] },
  { desc: "one shard that deploys both", files: split({ [T]: TENANT, "stacks/eu.yaml": shard("eu", "deploys: both\n"), "stacks/us.yaml": shard("us") }), expected: [
    { rule: "tenantPolicyReadsEveryPartner", file: "stacks/eu.yaml", line: 2, column: 13, words: ['guests/us/northwind.yaml (shard "us") is not read by "eu"', "widen the guestFiles of stacks/eu.yaml"] },
  ] },
  {
    desc: "no stack deploys the tenant file's tenantPolicy",
    files: split(),
    expected: [{ rule: "tenantPolicyInOneStack", file: T, line: 32, column: 1, words: ["tenantPolicy in tenants/contoso.yaml is deployed by no stack", 'Set "deploys: both" in one shard', "deploys: tenantPolicy"] }],
  },
  {
    desc: "two stacks deploy it",
    files: split({ "stacks/policy.yaml": POLICY, "stacks/us.yaml": shard("us", "deploys: both\n") }),
    expected: [
      { rule: "tenantPolicyInOneStack", file: "stacks/policy.yaml", line: 3, column: 10, words: ['shards "policy", "us" all deploy tenants/contoso.yaml\'s tenantPolicy', 'set "deploys: guests" in all but one'] },
      { rule: "tenantPolicyInOneStack", file: "stacks/us.yaml", line: 3, column: 10, words: ["deploys: both"] },
    ],
  },
  {
    desc: "deploys in the tenant file",
    files: split({ [T]: `deploys: both\n${TENANT}`, "stacks/policy.yaml": POLICY }),
    expected: [{ rule: "tenantFile", file: T, line: 1, column: 1, words: ["deploys belongs in a shard's stack file, not in the tenant file"] }],
  },
];

describe("tenant policy across shards", () => {
  it.each(cases)("$desc", async ({ files, expected }) => {
    expectProblems(mergeValidations((await shards(files)).map((s) => s.validation)), expected);
  });

  it("the stack of tenant policy deploys the guardrails and no guest; the shards deploy their guests and no guardrail", async () => {
    const loaded = await shards(split({ "stacks/policy.yaml": POLICY }));
    const byName = new Map(loaded.map((s) => [s.desired.stack, s.desired]));
    const policy = byName.get("policy")!;
    expect(policy.guests).toEqual([]);
    expect(policy.tenantPolicy?.partners.map((p) => [p.tenantId, p.partner, p.trustMfa])).toEqual([["bbbbbbbb-2222-4222-8222-222222222222", "Fabrikam", true]]);
    expect(resourcesFor(policy).map((r) => r.name)).toEqual(["tenant", "tenant/authorization-policy", "cross-tenant/bbbbbbbb-2222-4222-8222-222222222222"]);
    for (const name of ["eu", "us"]) {
      expect(byName.get(name)!.tenantPolicy).toBeUndefined();
      expect(byName.get(name)!.guests.length).toBeGreaterThan(0);
      expect(resourcesFor(byName.get(name)!).some((r) => r.name.startsWith("tenant/") || r.name.startsWith("cross-tenant/"))).toBe(false);
    }
  });
});

describe("a sharded tenant's plan of its guardrails", () => {
  const tp = (allowInvitesFrom: string) => ({ ...stackDoc(), tenantPolicy: { invitations: { allowInvitesFrom } } });
  const withPolicyStack = (files: Record<string, string>) => ({ ...files, "stacks/policy.yaml": POLICY });
  const [ana, ben, ...rest] = fabrikamGuests();

  it("shows a tenantPolicy change in the one stack that deploys it, LOOSENS, with the stack owner", async () => {
    const base = withPolicyStack(tenantFiles({ eu: [ana!, ben!], us: rest }, tp("adminsAndGuestInviters")));
    const head = withPolicyStack(tenantFiles({ eu: [ana!, ben!], us: rest }, tp("everyone")));
    const plan = await tenantPlan(base, head);
    const changes = Object.fromEntries(plan.plans.map((p) => [p.stack, p.policyChanges.map((c) => `${c.file} ${c.path} ${c.loosens ? "LOOSENS" : ""} ${c.approvers.join(",")}`)]));
    expect(changes).toEqual({ eu: [], us: [], policy: ["tenants/contoso.yaml tenantPolicy.invitations.allowInvitesFrom LOOSENS mei.lin@contoso.com"] });
    expect(plan.approvals).toEqual([{ for: "policy", anyOf: ["mei.lin@contoso.com"] }]);
    const policy = plan.plans.find((p) => p.stack === "policy")!;
    expect(policy.changes.map((c) => `${c.op} ${c.name}`)).toEqual(["update tenant/authorization-policy"]);
    expect(policy.guests).toEqual([]);
  });
});
