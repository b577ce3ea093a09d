// drift, status and import --guardrails end to end: the CLI against the demo tenant holding the declared
// guardrails, changed "in the tenant" through the same Graph requests an administrator's tool sends.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GUEST_USER_ROLE_IDS } from "../../src/model/tenant-policy";
import { runCli } from "../cli/run-cli";
import { partnerOf } from "../graph-double/tenant-policies";
import { AS_OF, startDemo, type Demo } from "./demo-repo";
import { WIDENED } from "./demo-scenarios";
import { deployGuardrails, FABRIKAM_TENANT, guardrailFiles, NORTHWIND_TENANT, startGuardrailDemo, TAILSPIN_TENANT, TENANT_POLICY } from "./guardrails-repo";

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.double.close();
  demo = undefined;
});

const golden = (name: string) => join(__dirname, "../golden/graph", name);
const EXT = { text: "txt", markdown: "md", json: "json", csv: "csv" } as const;

/** A change made in the tenant, as the portal or a script would make it. */
async function inTenant(method: string, path: string, body: unknown): Promise<void> {
  const r = await fetch(`${demo!.double.url}/v1.0${path}`, { method, headers: { Authorization: `Bearer ${demo!.double.token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(r.status).toBeLessThan(300);
}

type PolicyJson = { settings: { setting: string; declared: string; tenant: string; state: string; file: string }[]; undeclaredPartners: { tenantId: string }[]; notes: string[] };

async function driftJson(): Promise<{ code: number; policy: PolicyJson }> {
  const r = await runCli(["drift", "--as-of", AS_OF, "--format", "json"], demo!.root, demo!.env);
  expect(r.stderr).toBe("");
  return { code: r.code, policy: (JSON.parse(r.stdout) as { tenantPolicy: PolicyJson }).tenantPolicy };
}

describe("drift of the guardrails", () => {
  it("finds none when the tenant holds what Git declares", async () => {
    demo = await startGuardrailDemo();
    expect((await driftJson()).policy).toEqual({ settings: [], undeclaredPartners: [], notes: [] });
  });

  it("reports nothing about guardrails for a stack that declares none, and reads no policy", async () => {
    demo = await startDemo();
    const r = await runCli(["drift", "--as-of", AS_OF, "--format", "json"], demo.root, demo.env);
    expect(JSON.parse(r.stdout)).not.toHaveProperty("tenantPolicy");
    expect(demo.double.log.some((l) => l.includes("policies"))).toBe(false);
  });

  it.each([
    { desc: "who may invite widened", change: () => inTenant("PATCH", "/policies/authorizationPolicy", { allowInvitesFrom: "everyone" }), setting: "tenantPolicy.invitations.allowInvitesFrom", declared: "adminsAndGuestInviters", tenant: "everyone" },
    { desc: "the guest user role widened", change: () => inTenant("PATCH", "/policies/authorizationPolicy", { guestUserRoleId: GUEST_USER_ROLE_IDS.member }), setting: "tenantPolicy.guestAccess", declared: "restricted", tenant: "member" },
    { desc: "guest MFA enforced by hand", change: () => inTenant("PATCH", "/identity/conditionalAccess/policies/6a1f0c3e-0000-4000-8000-00000000ca01", { state: "enabled" }), setting: "tenantPolicy.conditionalAccess.guestMfa", declared: "reportOnly", tenant: "on" },
    { desc: "the guest MFA policy deleted", change: () => inTenant("DELETE", "/identity/conditionalAccess/policies/6a1f0c3e-0000-4000-8000-00000000ca01", undefined), setting: "tenantPolicy.conditionalAccess.guestMfa", declared: "reportOnly", tenant: "off" },
    { desc: "the break-glass exclusion removed", change: () => inTenant("PATCH", "/identity/conditionalAccess/policies/6a1f0c3e-0000-4000-8000-00000000ca01", { conditions: { users: { excludeUsers: [] } } }), setting: "tenantPolicy.conditionalAccess.excludeAccounts", declared: "[breakglass@contoso.com]", tenant: "[]" },
    { desc: "a partner's MFA no longer trusted", change: () => inTenant("PATCH", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM_TENANT}`, { inboundTrust: { isMfaAccepted: false } }), setting: `partner Fabrikam (${FABRIKAM_TENANT}) crossTenant.trustMfa`, declared: "true", tenant: "false" },
    { desc: "a partner's configuration removed", change: () => inTenant("DELETE", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM_TENANT}`, undefined), setting: `partner Fabrikam (${FABRIKAM_TENANT}) crossTenant`, declared: "a partner configuration", tenant: "none (the default applies)" },
  ])("reports $desc, and exits 4", async ({ change, setting, declared, tenant }) => {
    demo = await startGuardrailDemo();
    await change();
    const { code, policy } = await driftJson();
    expect(code).toBe(4);
    expect(policy.settings).toEqual([expect.objectContaining({ setting, declared, tenant, state: "differs" })]);
  });

  it("reports a partner configuration the tenant has and no partner file declares", async () => {
    demo = await startGuardrailDemo();
    await inTenant("POST", "/policies/crossTenantAccessPolicy/partners", { tenantId: TAILSPIN_TENANT, inboundTrust: { isMfaAccepted: true } });
    expect((await driftJson()).policy.undeclaredPartners).toEqual([{ tenantId: TAILSPIN_TENANT, trustMfa: true, trustCompliantDevice: false }]);
  });

  it("compares the domain list when one is declared, and says why when it cannot be read", async () => {
    demo = await startGuardrailDemo({ files: { "stacks/prod.yaml": guardrailFiles()["stacks/prod.yaml"]!.replace("domainList: off", "domainList: allow") }, permissions: undefined });
    let { policy } = await driftJson();
    expect(policy.settings).toEqual([expect.objectContaining({ setting: "tenantPolicy.domainList", declared: "allow", tenant: "off", state: "differs" })]);
    await demo.double.close();
    demo = await startGuardrailDemo({ files: { "stacks/prod.yaml": guardrailFiles()["stacks/prod.yaml"]!.replace("domainList: off", "domainList: allow") }, permissions: ["User.Read.All", "GroupMember.Read.All", "Application.Read.All", "Policy.Read.All"] });
    ({ policy } = await driftJson());
    expect(policy.settings).toEqual([expect.objectContaining({ setting: "tenantPolicy.domainList", tenant: "unknown", state: "unknown" })]);
    expect(policy.notes).toEqual(["the B2B domain list is not shown: the identity lacks Policy.Read.B2BManagementPolicy (Graph: Authorization_RequestDenied)"]);
  });

  it.each(["text", "markdown", "json"] as const)("as %s, when one is changed in the tenant", async (format) => {
    demo = await startGuardrailDemo();
    await inTenant("PATCH", "/policies/authorizationPolicy", { allowInvitesFrom: "everyone" });
    await inTenant("POST", "/policies/crossTenantAccessPolicy/partners", { tenantId: TAILSPIN_TENANT });
    const r = await runCli(["drift", "--as-of", AS_OF, "--format", format], demo.root, demo.env);
    expect(r.code).toBe(4);
    await expect(r.stdout).toMatchFileSnapshot(golden(`drift-guardrails.${EXT[format]}`));
  });

  it("escapes what the tenant holds in every format", async () => {
    demo = await startGuardrailDemo();
    demo.double.tenant.policies!.authorizationPolicy.allowInvitesFrom = "everyone\n::error::forged\u202e";
    demo.double.tenant.policies!.conditionalAccessPolicies[0]!.displayName = "| x | \u0007";
    demo.double.tenant.policies!.conditionalAccessPolicies.push({ ...(demo.double.tenant.policies!.conditionalAccessPolicies[0] as object), id: "second", displayName: "<img src=x>##vso[task.complete]" });
    for (const format of ["text", "markdown", "json"]) {
      const r = await runCli(["drift", "--as-of", AS_OF, "--format", format], demo.root, demo.env);
      expect(r.stdout).not.toMatch(/[\u0007\u202e]|^::error::|##vso\[/mu);
      expect(r.stdout).toContain("guestops does not know");
    }
  });
});

describe("status of the guardrails", () => {
  it.each(["text", "markdown", "json", "csv"] as const)("as %s, each declared setting beside the tenant's", async (format) => {
    demo = await startGuardrailDemo();
    await inTenant("PATCH", "/policies/authorizationPolicy", { guestUserRoleId: GUEST_USER_ROLE_IDS.limited });
    const r = await runCli(["status", "--as-of", AS_OF, "--format", format], demo.root, demo.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(golden(`status-guardrails.${EXT[format]}`));
  });

  it("keeps the guests' CSV columns, one row per setting", async () => {
    demo = await startGuardrailDemo();
    const csv = (await runCli(["status", "--as-of", AS_OF, "--format", "csv"], demo.root, demo.env)).stdout.trimEnd().split("\r\n");
    const width = csv[0]!.split(",").length;
    const settings = csv.filter((l) => l.includes(',"tenantPolicy",'));
    expect(settings).toHaveLength(6);
    for (const line of settings) expect(line.split(",").length).toBe(width);
  });
});

describe("import --guardrails", () => {
  function tenantWithPartners(d: Demo): void {
    deployGuardrails(d.double.tenant);
    const p = d.double.tenant.policies!;
    p.partners.push(partnerOf(NORTHWIND_TENANT));
  }

  it("shows the diff of the tenant's guardrails written into YAML, and writes nothing on --dry-run", async () => {
    demo = await startDemo();
    tenantWithPartners(demo);
    const before = readFileSync(join(demo.root, "stacks/prod.yaml"), "utf8");
    const r = await runCli(["import", "--guardrails", "--dry-run", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(golden("import-guardrails-dry-run.txt"));
    expect(readFileSync(join(demo.root, "stacks/prod.yaml"), "utf8")).toBe(before);
  });

  it("writes them, after which drift finds no guardrail difference", async () => {
    demo = await startDemo();
    tenantWithPartners(demo);
    expect((await runCli(["import", "--guardrails", "--as-of", AS_OF], demo.root, demo.env)).code).toBe(0);
    expect((await driftJson()).policy).toEqual({ settings: [], undeclaredPartners: [], notes: [] });
    expect((await runCli(["validate"], demo.root, demo.env)).code).toBe(0);
  });

  it("changes only the values the tenant holds otherwise, comments and every other byte intact", async () => {
    demo = await startGuardrailDemo();
    await inTenant("PATCH", "/policies/authorizationPolicy", { allowInvitesFrom: "everyone" });
    await inTenant("PATCH", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM_TENANT}`, { inboundTrust: { isCompliantDeviceAccepted: true } });
    const before = { stack: readFileSync(join(demo.root, "stacks/prod.yaml"), "utf8"), fabrikam: readFileSync(join(demo.root, "guests/fabrikam.yaml"), "utf8") };
    const r = await runCli(["import", "--guardrails", "--format", "json", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).set).toEqual([
      { file: "stacks/prod.yaml", setting: "tenantPolicy.invitations.allowInvitesFrom", value: "everyone" },
      { file: "guests/fabrikam.yaml", setting: "crossTenant", value: '{"trustMfa":true,"trustCompliantDevice":true}' },
    ]);
    expect(readFileSync(join(demo.root, "stacks/prod.yaml"), "utf8")).toBe(before.stack.replace("allowInvitesFrom: adminsAndGuestInviters  # guests", "allowInvitesFrom: everyone  # guests"));
    expect(readFileSync(join(demo.root, "guests/fabrikam.yaml"), "utf8")).toBe(before.fabrikam.replace("trustCompliantDevice: false }", "trustCompliantDevice: true }"));
  });

  it("does not write an address from Graph that is not a plain one, and writes nothing it would leave invalid", async () => {
    demo = await startGuardrailDemo();
    demo.double.tenant.users.find((u) => u.mail === "breakglass@contoso.com")!.mail = "breakglass@contoso.com\n  injected: true";
    demo.double.tenant.users.find((u) => u.userPrincipalName === "breakglass@contoso.com")!.userPrincipalName = "x";
    const before = readFileSync(join(demo.root, "stacks/prod.yaml"), "utf8");
    const r = await runCli(["import", "--guardrails", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("not imported: tenantPolicy.conditionalAccess:");
    expect(r.stdout).not.toMatch(/\n {2}injected/);
    expect(readFileSync(join(demo.root, "stacks/prod.yaml"), "utf8")).toBe(before);
  });
});

describe("drift of a partner's inbound limit", () => {
  it("reports a partner whose inbound B2B collaboration is not limited when the stack limits it to the catalog", async () => {
    const stack = guardrailFiles()["stacks/prod.yaml"]!.replace("  domainList: off\n", "  domainList: off\n  crossTenant: { limitInboundToCatalog: true }\n");
    demo = await startGuardrailDemo({ files: { "stacks/prod.yaml": stack } });
    expect((await driftJson()).policy.settings).toEqual([expect.objectContaining({ setting: `partner Fabrikam (${FABRIKAM_TENANT}) crossTenant inbound`, declared: "limited", tenant: "not limited (the default applies)" })]);
    await inTenant("PATCH", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM_TENANT}`, { b2bCollaborationInbound: { applications: { accessType: "allowed", targets: [{ target: "00000000-0000-0000-0000-00000000a001", targetType: "application" }] } } });
    expect((await driftJson()).policy.settings).toEqual([]);
  });
});

describe("docs/tenant.md's walkthrough", () => {
  it("declares the guardrails this fixture declares, and changes the tenant as its scenario does", () => {
    const doc = readFileSync(join(__dirname, "../../docs/tenant.md"), "utf8");
    expect(doc).toContain(TENANT_POLICY.trimEnd());
    const fabrikam = guardrailFiles()["guests/fabrikam.yaml"]!;
    for (const line of fabrikam.split("\n").filter((l) => /^(tenantIds|crossTenant):/.test(l))) expect(doc).toContain(`\n${line}\n`);
    expect(doc).toContain(`-X ${WIDENED.method} "$GUESTOPS_GRAPH_URL${WIDENED.path}"`);
    expect(doc).toContain(`-d '${JSON.stringify(WIDENED.body)}'`);
  });
});

describe("a sharded tenant's guardrails", () => {
  function shardedFiles(): Record<string, string> {
    const { "stacks/prod.yaml": stack, ...rest } = guardrailFiles();
    return { ...rest, "tenants/contoso.yaml": stack!, "stacks/contoso.yaml": 'tenant: contoso\nguestFiles: ["guests/**/*.yaml"]\ndeploys: both\n' };
  }

  it("are compared and imported at the tenant file, which declares them", async () => {
    demo = await startDemo({ files: {} });
    rmSync(join(demo.root, "stacks/prod.yaml"));
    mkdirSync(join(demo.root, "tenants"), { recursive: true });
    for (const [path, text] of Object.entries(shardedFiles())) writeFileSync(join(demo.root, path), text);
    deployGuardrails(demo.double.tenant);
    await inTenant("PATCH", "/policies/authorizationPolicy", { allowInvitesFrom: "everyone" });
    const { policy } = await driftJson();
    expect(policy.settings).toEqual([expect.objectContaining({ setting: "tenantPolicy.invitations.allowInvitesFrom", file: "tenants/contoso.yaml", tenant: "everyone" })]);
    const r = await runCli(["import", "--guardrails", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.stderr).toBe("");
    expect(readFileSync(join(demo.root, "tenants/contoso.yaml"), "utf8")).toContain("allowInvitesFrom: everyone  # guests arrive");
    expect(readFileSync(join(demo.root, "stacks/contoso.yaml"), "utf8")).not.toContain("tenantPolicy");
  });
});

describe("status without the policies' permission", () => {
  it("shows the guests with a note, as for sign-ins, while drift fails with the permission named", async () => {
    demo = await startGuardrailDemo({ permissions: ["User.Read.All", "GroupMember.Read.All", "Application.Read.All", "AuditLog.Read.All"] });
    const status = await runCli(["status", "--as-of", AS_OF, "--format", "json"], demo.root, demo.env);
    expect(status.code).toBe(0);
    const json = JSON.parse(status.stdout) as { notes: string[]; guests: unknown[]; tenantPolicy?: unknown };
    expect(json.notes).toEqual(["guardrails are not shown: the identity lacks Policy.Read.All (Graph: Authorization_RequestDenied); guestops drift needs it"]);
    expect(json.guests.length).toBeGreaterThan(5);
    expect(json).not.toHaveProperty("tenantPolicy");
    const drift = await runCli(["drift", "--as-of", AS_OF], demo.root, demo.env);
    expect(drift.code).toBe(5);
    expect(drift.stderr).toContain("the identity lacks Policy.Read.All");
  });
});
