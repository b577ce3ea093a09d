// Tenant guardrails as code, as a new user walks them on the demo tenant (docs/tenant.md, "Guardrails on
// the demo tenant"): the example committed as the base, the guardrails declared in the working tree and
// planned as policy changes for a stack owner; then loosened (MFA off, invitations from everyone) and
// planned as LOOSENS; the Pulumi program under mocks registering each guardrail's resource; drift finding
// none until someone widens who may invite in the tenant; and import --guardrails writing the tenant's
// value back into the stack file, every other byte kept.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AUTHORIZATION_POLICY, B2B_DOMAIN_LIST, CONDITIONAL_ACCESS_POLICY, CROSS_TENANT_PARTNER, PROVIDER } from "../../src/model/resources-for";
import { GUEST_USER_ROLE_IDS } from "../../src/model/tenant-policy";
import { runProgram } from "../../src/pulumi/run-program";
import { runCli } from "../cli/run-cli";
import { applyFiles, commit, gitRepo } from "../git/git-repo";
import { AS_OF, exampleFiles, startDemo, type Demo } from "../graph/demo-repo";
import { WIDENED } from "../graph/demo-scenarios";
import { BREAKGLASS_ID, deployGuardrails, FABRIKAM_TENANT, guardrailFiles } from "../graph/guardrails-repo";
import { installMocks, settled, type Registration } from "../pulumi/record-registrations";

const OWNERS = ["jonas.weber@contoso.com", "mei.lin@contoso.com"];
const STACK = "stacks/prod.yaml";

type PolicyChange = { file: string; path: string; before?: unknown; after?: unknown; loosens: boolean; approvers: string[] };
type PlanJson = { changes: { op: string; type: string; name: string; reason: string }[]; policyChanges: PolicyChange[]; approvals: { for: string; anyOf: string[] }[] };
type DriftSetting = { setting: string; declared: string; tenant: string; state: string; file: string };
type DriftJson = { tenantPolicy: { settings: DriftSetting[]; undeclaredPartners: unknown[]; notes: string[] } };

let demo: Demo | undefined;
afterAll(async () => demo?.double.close());

const cli = (args: string[], root = demo!.root) => runCli([...args, "--as-of", AS_OF], root, demo!.env);
const read = (path: string) => readFileSync(join(demo!.root, path), "utf8");

async function planJson(root = demo!.root): Promise<PlanJson> {
  const r = await cli(["plan", "--format", "json"], root);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PlanJson;
}

async function driftJson(): Promise<{ code: number; json: DriftJson; text: string }> {
  const json = await cli(["drift", "--format", "json"]);
  expect(json.stderr).toBe("");
  const text = await cli(["drift"]);
  expect(text.code).toBe(json.code);
  return { code: json.code, json: JSON.parse(json.stdout) as DriftJson, text: text.stdout };
}

/** The Pulumi program on the repository's working tree, under mocks: what the engine would receive. */
async function deployUnderMocks(): Promise<Registration[]> {
  const recorder = await installMocks("prod");
  const result = await runProgram({ root: demo!.root, stack: "prod", asOf: AS_OF, allowEmpty: false, warn: () => {} });
  await settled(result.registered.map((r) => r.resource));
  await recorder.waitFor(result.specs.length);
  return recorder.registrations;
}

const policyOf = (plan: PlanJson) => plan.policyChanges.map((c) => `${c.file} ${c.path}${c.loosens ? " LOOSENS" : ""}`);

describe("tenant guardrails on the demo tenant, as a new user walks them", () => {
  it("declared and planned, loosened for a stack owner, deployed under mocks, drifted in the tenant and imported back", { timeout: 60_000 }, async () => {
    // The demo tenant as `npm run demo-tenant` serves it (its guardrails set by hand, before guestops),
    // and a repository whose one commit is the example.
    demo = await startDemo({ git: true });
    deployGuardrails(demo.double.tenant);
    const declared = guardrailFiles();

    // 1. Declare the guardrails in the working tree, and plan them against the example.
    applyFiles(demo.root, declared);
    const text = await cli(["plan"]);
    expect(text.code, text.stderr).toBe(0);
    const policySection = text.stdout.slice(text.stdout.indexOf("Policy changes"), text.stdout.indexOf("\n\n", text.stdout.indexOf("Policy changes")));
    for (const line of [
      '  ~ change  stacks/prod.yaml tenantPolicy.invitations.allowInvitesFrom: (none) → "adminsAndGuestInviters"',
      '  ~ change  stacks/prod.yaml tenantPolicy.guestAccess: (none) → "restricted"',
      '  ~ change  stacks/prod.yaml tenantPolicy.conditionalAccess.guestMfa: (none) → "reportOnly"',
      '  ~ change  stacks/prod.yaml tenantPolicy.conditionalAccess.excludeAccounts: (none) → "breakglass@contoso.com"',
      '  ~ change  stacks/prod.yaml tenantPolicy.domainList: (none) → "off"',
      `  ~ change  guests/fabrikam.yaml tenantIds: (none) → "${FABRIKAM_TENANT}"`,
      "  ! LOOSENS guests/fabrikam.yaml crossTenant.trustMfa: false → true",
    ]) expect(policySection).toContain(`${line}\n      approval: mei.lin@contoso.com, jonas.weber@contoso.com`);
    expect(text.stdout).toContain("\n  policy: any of jonas.weber@contoso.com, mei.lin@contoso.com\n");
    expect(text.stdout).toContain("Policy: 7 changes, 1 LOOSENS; a stack owner must approve.");
    const resources = text.stdout.slice(text.stdout.indexOf("\nResources\n"));
    expect(resources).toContain(`  + create  AuthorizationPolicy tenant/authorization-policy  tenant setting managed: allowInvitesFrom adminsAndGuestInviters, guestUserRoleId ${GUEST_USER_ROLE_IDS.restricted}`);
    expect(resources).toContain(`  + create  CrossTenantPartner cross-tenant/${FABRIKAM_TENANT}  cross-tenant partner Fabrikam (${FABRIKAM_TENANT}): trusts its MFA`);
    expect(resources).toContain("  + create  ConditionalAccessPolicy tenant/guest-mfa  Conditional Access for guests and external users: MFA required, report-only (logged, not enforced)");
    expect(resources).toContain("Resources: 3 to create.");

    const plan = await planJson();
    expect(policyOf(plan).sort()).toEqual([
      "guests/fabrikam.yaml crossTenant.trustMfa LOOSENS",
      "guests/fabrikam.yaml tenantIds",
      "stacks/prod.yaml tenantPolicy.conditionalAccess.excludeAccounts",
      "stacks/prod.yaml tenantPolicy.conditionalAccess.guestMfa",
      "stacks/prod.yaml tenantPolicy.domainList",
      "stacks/prod.yaml tenantPolicy.guestAccess",
      "stacks/prod.yaml tenantPolicy.invitations.allowInvitesFrom",
    ]);
    for (const c of plan.policyChanges) expect([...c.approvers].sort(), c.path).toEqual(OWNERS);
    expect(plan.approvals).toEqual([{ for: "policy", anyOf: OWNERS }]);
    // The guardrails' resources and nothing else: no guest changes, and no domain list while it is off.
    expect(plan.changes.map((c) => `${c.op} ${c.type} ${c.name}`)).toEqual([
      `create ${AUTHORIZATION_POLICY} tenant/authorization-policy`,
      `create ${CROSS_TENANT_PARTNER} cross-tenant/${FABRIKAM_TENANT}`,
      `create ${CONDITIONAL_ACCESS_POLICY} tenant/guest-mfa`,
    ]);

    // Merged as declared. Then, on a branch where MFA is already enforced, a head that turns it off and
    // lets everyone invite: both LOOSENS, for a stack owner, in JSON and in text; the MFA policy deleted.
    commit(demo.root, declared, "Declare the tenant's guardrails");
    const enforced = declared[STACK]!.replace("guestMfa: reportOnly", "guestMfa: on");
    const branch = gitRepo([{ message: "example", files: exampleFiles() }, { message: "Enforce MFA for guests", files: { ...declared, [STACK]: enforced } }]);
    applyFiles(branch, { [STACK]: enforced.replace("guestMfa: on", "guestMfa: off").replace("allowInvitesFrom: adminsAndGuestInviters", "allowInvitesFrom: everyone") });
    const loosen = await planJson(branch);
    expect(loosen.policyChanges.map((c) => ({ path: c.path, before: c.before, after: c.after, loosens: c.loosens }))).toEqual([
      { path: "tenantPolicy.conditionalAccess.guestMfa", before: "on", after: "off", loosens: true },
      { path: "tenantPolicy.invitations.allowInvitesFrom", before: "adminsAndGuestInviters", after: "everyone", loosens: true },
    ]);
    for (const c of loosen.policyChanges) expect([...c.approvers].sort(), c.path).toEqual(OWNERS);
    expect(loosen.approvals).toEqual([{ for: "policy", anyOf: OWNERS }]);
    expect(loosen.changes.map((c) => `${c.op} ${c.name}`)).toEqual(["update tenant/authorization-policy", "delete tenant/guest-mfa"]);
    const loosenText = (await cli(["plan"], branch)).stdout;
    expect(loosenText).toContain('  ! LOOSENS stacks/prod.yaml tenantPolicy.conditionalAccess.guestMfa: "on" → "off"\n      approval: mei.lin@contoso.com, jonas.weber@contoso.com');
    expect(loosenText).toContain('  ! LOOSENS stacks/prod.yaml tenantPolicy.invitations.allowInvitesFrom: "adminsAndGuestInviters" → "everyone"\n      approval: mei.lin@contoso.com, jonas.weber@contoso.com');
    expect(loosenText).toContain("Policy: 2 changes, 2 LOOSENS; a stack owner must approve.");

    // 2. Deploy under mocks: each guardrail's resource, with its name, inputs and options.
    const regs = await deployUnderMocks();
    const guardrailTypes = [AUTHORIZATION_POLICY, CROSS_TENANT_PARTNER, B2B_DOMAIN_LIST, CONDITIONAL_ACCESS_POLICY];
    const byName = new Map(regs.filter((r) => guardrailTypes.includes(r.type) || r.type === PROVIDER).map((r) => [r.name, r]));
    expect([...byName.values()].map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [`${PROVIDER} tenant`, `${AUTHORIZATION_POLICY} tenant/authorization-policy`, `${CROSS_TENANT_PARTNER} cross-tenant/${FABRIKAM_TENANT}`, `${CONDITIONAL_ACCESS_POLICY} tenant/guest-mfa`].sort(),
    );
    const inputs = (name: string) => {
      const { __provider, ...rest } = byName.get(name)!.inputs;
      return rest;
    };
    expect(inputs("tenant/authorization-policy")).toEqual({ allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_USER_ROLE_IDS.restricted });
    expect(inputs(`cross-tenant/${FABRIKAM_TENANT}`)).toEqual({ tenantId: FABRIKAM_TENANT, partner: "Fabrikam", inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false } });
    for (const name of ["tenant/authorization-policy", `cross-tenant/${FABRIKAM_TENANT}`]) {
      const r = byName.get(name)!;
      expect(r.provider, name).toBeUndefined();
      expect(r.inputs.__provider, name).toBeTypeOf("string");
      expect(r.retainOnDelete, name).toBeUndefined();
    }
    const ca = byName.get("tenant/guest-mfa")!;
    expect(ca.provider).toBe("tenant");
    expect(ca.inputs).toMatchObject({ state: "enabledForReportingButNotEnforced", grantControls: { builtInControls: ["mfa"] } });
    // The break-glass account by its object id in the tenant, never by its address.
    expect((ca.inputs.conditions as { users: { excludedUsers: string[] } }).users.excludedUsers).toEqual([BREAKGLASS_ID]);

    // The fourth kind, the B2B domain list, once switched on: the partner files' domains, its own provider.
    applyFiles(demo.root, { [STACK]: declared[STACK]!.replace("domainList: off", "domainList: allow") });
    const list = (await deployUnderMocks()).find((r) => r.type === B2B_DOMAIN_LIST);
    expect(list?.name).toBe("tenant/b2b-domain-list");
    expect(list!.provider).toBeUndefined();
    expect({ ...list!.inputs, __provider: undefined }).toEqual({ mode: "allow", domains: ["fabrikam.com", "northwind.example"], __provider: undefined });
    applyFiles(demo.root, declared);

    // 3. The tenant holds what Git declares: no guardrail drift (the demo tenant's guests differ on purpose).
    const clean = await driftJson();
    expect(clean.json.tenantPolicy).toEqual({ settings: [], undeclaredPartners: [], notes: [] });
    expect(clean.text).toContain(" 0 guardrail difference(s), 0 undeclared partner configuration(s).");

    // Someone widens who may invite in the tenant, with docs/tenant.md's curl.
    const patched = await fetch(`${demo.double.url}${WIDENED.path}`, { method: WIDENED.method, headers: { Authorization: `Bearer ${demo.double.token}`, "Content-Type": "application/json" }, body: JSON.stringify(WIDENED.body) });
    expect(patched.status).toBeLessThan(300);
    const drifted = await driftJson();
    expect(drifted.code).toBe(4);
    expect(drifted.json.tenantPolicy.settings).toEqual([expect.objectContaining({ setting: "tenantPolicy.invitations.allowInvitesFrom", declared: "adminsAndGuestInviters", tenant: "everyone", state: "differs", file: STACK })]);
    expect(drifted.text).toContain(
      "  ≠ tenantPolicy.invitations.allowInvitesFrom: declared adminsAndGuestInviters, tenant everyone  (stacks/prod.yaml)\n" +
        "      fix: to keep the tenant's value, write it into Git with guestops import --guardrails --dry-run, then without --dry-run; otherwise the next deploy sets the declared one back\n",
    );
    expect(drifted.text).toContain(" 1 guardrail difference(s), 0 undeclared partner configuration(s).");

    // 4. Keep the tenant's value: import --guardrails writes it into the stack file, and only it.
    const before = { stack: read(STACK), fabrikam: read("guests/fabrikam.yaml"), northwind: read("guests/northwind.yaml") };
    const imported = await cli(["import", "--guardrails"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(read(STACK)).toBe(before.stack.replace("    allowInvitesFrom: adminsAndGuestInviters  # guests arrive", "    allowInvitesFrom: everyone  # guests arrive"));
    expect(read(STACK)).not.toBe(before.stack);
    expect(read("guests/fabrikam.yaml")).toBe(before.fabrikam);
    expect(read("guests/northwind.yaml")).toBe(before.northwind);
    const valid = await cli(["validate"]);
    expect(valid.code, valid.stdout + valid.stderr).toBe(0);
    expect((await driftJson()).json.tenantPolicy).toEqual({ settings: [], undeclaredPartners: [], notes: [] });
    // And the plan of that pull request: the tenant's value, a policy change that loosens, for a stack owner.
    const keep = await planJson();
    expect(keep.policyChanges).toEqual([{ file: STACK, path: "tenantPolicy.invitations.allowInvitesFrom", before: "adminsAndGuestInviters", after: "everyone", loosens: true, approvers: expect.any(Array) }]);
    expect([...keep.policyChanges[0]!.approvers].sort()).toEqual(OWNERS);
    expect(keep.changes.map((c) => `${c.op} ${c.name}`)).toEqual(["update tenant/authorization-policy"]);
  });
});

