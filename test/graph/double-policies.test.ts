// The double's tenant-policy endpoints: Graph v1.0 shapes (beta for the domain list), PATCH that merges,
// 404 for an unknown partner, paging of partners and Conditional Access policies, permissions, and
// eventual consistency after a create.
import { afterEach, describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, startGraphDouble, type DoubleOptions, type GraphDouble } from "../graph-double/graph-double";
import type { DoubleTenant } from "../graph-double/tenant";
import { domainListDefinition, freshTenantPolicies, GUEST_ROLE, guestMfaPolicy, partnerOf } from "../graph-double/tenant-policies";

const FABRIKAM = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c";
const NORTHWIND = "8d1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6";

let double: GraphDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

function tenant(): DoubleTenant {
  return { tenantId: "94064533-4527-47b7-9975-e04a81fb6295", initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
}

async function start(t: DoubleTenant = tenant(), options: DoubleOptions = {}): Promise<GraphDouble> {
  double = await startGraphDouble(t, options);
  return double;
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = path.startsWith("http") ? path : `${double!.url}${path.startsWith("/beta/") ? "" : "/v1.0"}${path}`;
  const r = await fetch(url, { method, headers: { Authorization: `Bearer ${double!.token}`, "Content-Type": "application/json" }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await r.text();
  return { status: r.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe("the authorization policy", () => {
  it("starts as a fresh tenant has it: everyone may invite, guests have limited access", async () => {
    await start();
    const r = await call("GET", "/policies/authorizationPolicy");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: "authorizationPolicy", allowInvitesFrom: "everyone", guestUserRoleId: GUEST_ROLE.limited, "@odata.context": expect.stringMatching(/\$metadata#policies\/authorizationPolicy\/\$entity$/) });
  });

  it("PATCH changes the given properties only, and answers 204", async () => {
    await start();
    expect((await call("PATCH", "/policies/authorizationPolicy", { allowInvitesFrom: "adminsAndGuestInviters" })).status).toBe(204);
    const r = await call("PATCH", "/policies/authorizationPolicy", { defaultUserRolePermissions: { allowedToCreateApps: false } });
    expect(r.status).toBe(204);
    const after = (await call("GET", "/policies/authorizationPolicy")).json;
    expect(after).toMatchObject({ allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_ROLE.limited, defaultUserRolePermissions: { allowedToCreateApps: false, allowedToReadOtherUsers: true } });
  });

  it.each([
    { desc: "an unknown allowInvitesFrom", body: { allowInvitesFrom: "anyone" } },
    { desc: "a guestUserRoleId that is no guest role", body: { guestUserRoleId: "62e90394-69f5-4237-9190-012177145e10" } },
    { desc: "no object", body: ["everyone"] },
  ])("refuses $desc with 400 and leaves the policy alone", async ({ body }) => {
    await start();
    const r = await call("PATCH", "/policies/authorizationPolicy", body);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: "Request_BadRequest" } });
    expect((await call("GET", "/policies/authorizationPolicy")).json).toMatchObject({ allowInvitesFrom: "everyone", guestUserRoleId: GUEST_ROLE.limited });
  });

  it("reads with Policy.Read.All and refuses writes without Policy.ReadWrite.Authorization", async () => {
    await start(tenant(), { permissions: ["Policy.Read.All"] });
    expect((await call("GET", "/policies/authorizationPolicy")).status).toBe(200);
    const r = await call("PATCH", "/policies/authorizationPolicy", { allowInvitesFrom: "none" });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ error: { code: "Authorization_RequestDenied" } });
  });

  it("refuses reads without any policy permission", async () => {
    await start(tenant(), { permissions: ALL_PERMISSIONS.filter((p) => !p.startsWith("Policy.")) });
    expect((await call("GET", "/policies/authorizationPolicy")).status).toBe(403);
    expect((await call("GET", "/identity/conditionalAccess/policies")).status).toBe(403);
    expect((await call("GET", "/beta/policies/b2bManagementPolicies")).status).toBe(403);
  });
});

describe("cross-tenant access", () => {
  it("serves the default with its inbound trust, and never deletes it", async () => {
    await start();
    const r = await call("GET", "/policies/crossTenantAccessPolicy/default");
    expect(r.json).toMatchObject({ isServiceDefault: true, inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: false }, b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed" } } });
    expect((await call("DELETE", "/policies/crossTenantAccessPolicy/default")).status).toBe(405);
    expect((await call("PATCH", "/policies/crossTenantAccessPolicy/default", { inboundTrust: { isMfaAccepted: true } })).status).toBe(204);
    expect((await call("GET", "/policies/crossTenantAccessPolicy/default")).json).toMatchObject({ isServiceDefault: false, inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false } });
  });

  it("creates a partner with 201, reads, patches and deletes it by tenant id", async () => {
    await start();
    const created = await call("POST", "/policies/crossTenantAccessPolicy/partners", { tenantId: FABRIKAM.toUpperCase(), inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ tenantId: FABRIKAM, inboundTrust: { isMfaAccepted: true }, b2bCollaborationInbound: null, isServiceProvider: null });
    expect((await call("PATCH", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM}`, { inboundTrust: { isCompliantDeviceAccepted: true } })).status).toBe(204);
    expect((await call("GET", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM}`)).json).toMatchObject({ inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } });
    expect((await call("POST", "/policies/crossTenantAccessPolicy/partners", { tenantId: FABRIKAM })).status).toBe(409);
    expect((await call("DELETE", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM}`)).status).toBe(204);
    expect((await call("GET", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM}`)).status).toBe(404);
    expect((await call("GET", "/policies/crossTenantAccessPolicy/default")).status).toBe(200);
  });

  it("answers 404 Request_ResourceNotFound for an unknown partner, on every method", async () => {
    await start();
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const r = await call(method, `/policies/crossTenantAccessPolicy/partners/${NORTHWIND}`, method === "PATCH" ? { inboundTrust: { isMfaAccepted: true } } : undefined);
      expect(r.status, method).toBe(404);
      expect(r.json).toMatchObject({ error: { code: "Request_ResourceNotFound" } });
    }
  });

  it.each([
    { desc: "no tenant id", body: { inboundTrust: { isMfaAccepted: true } } },
    { desc: "a tenant id that is no GUID", body: { tenantId: "fabrikam.com" } },
    { desc: "a trust that is no boolean", body: { tenantId: FABRIKAM, inboundTrust: { isMfaAccepted: "yes" } } },
    { desc: "an unknown access type", body: { tenantId: FABRIKAM, b2bCollaborationInbound: { applications: { accessType: "maybe", targets: [] } } } },
  ])("refuses a partner with $desc", async ({ body }) => {
    await start();
    expect((await call("POST", "/policies/crossTenantAccessPolicy/partners", body)).status).toBe(400);
    expect(((await call("GET", "/policies/crossTenantAccessPolicy/partners")).json.value as unknown[]).length).toBe(0);
  });

  it("pages the partners with absolute nextLinks", async () => {
    const t = tenant();
    t.policies = freshTenantPolicies();
    for (let i = 0; i < 7; i++) t.policies.partners.push(partnerOf(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
    await start(t, { defaultPage: 3 });
    const ids: string[] = [];
    let next: string | undefined = "/policies/crossTenantAccessPolicy/partners";
    let pages = 0;
    while (next) {
      const r = await call("GET", next);
      ids.push(...(r.json.value as { tenantId: string }[]).map((p) => p.tenantId));
      next = r.json["@odata.nextLink"] as string | undefined;
      if (next) expect(next.startsWith(`${double!.url}/v1.0/policies/crossTenantAccessPolicy/partners?`)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(ids).toEqual(t.policies.partners.map((p) => p.tenantId));
  });

  it("hides a just-created partner from reads by id for policyMisses reads, as replication does", async () => {
    await start(tenant(), { policyMisses: 2 });
    expect((await call("POST", "/policies/crossTenantAccessPolicy/partners", { tenantId: FABRIKAM })).status).toBe(201);
    expect((await call("GET", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM}`)).status).toBe(404);
    expect((await call("GET", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM}`)).status).toBe(404);
    expect((await call("GET", `/policies/crossTenantAccessPolicy/partners/${FABRIKAM}`)).status).toBe(200);
  });
});

describe("the B2B domain list (beta)", () => {
  it("is empty in a fresh tenant, and lists, creates and patches policies with a definition of JSON strings", async () => {
    await start();
    expect((await call("GET", "/beta/policies/b2bManagementPolicies")).json).toMatchObject({ value: [], "@odata.context": expect.stringContaining("/beta/$metadata#policies/b2bManagementPolicies") });
    const created = await call("POST", "/beta/policies/b2bManagementPolicies", { displayName: "B2B domain list", definition: [domainListDefinition("allow", ["fabrikam.com"])], isOrganizationDefault: true });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json).toMatchObject({ "@odata.type": "#microsoft.graph.b2bManagementPolicy", isOrganizationDefault: true, definition: [expect.stringContaining("AllowedDomains")] });
    expect((await call("PATCH", `/beta/policies/b2bManagementPolicies/${id}`, { definition: [domainListDefinition("deny", ["gmail.com"])] })).status).toBe(204);
    const got = await call("GET", `/beta/policies/b2bManagementPolicies/${id}`);
    expect(JSON.parse((got.json.definition as string[])[0]!)).toMatchObject({ B2BManagementPolicy: { InvitationsAllowedAndBlockedDomainsPolicy: { BlockedDomains: ["gmail.com"] } } });
  });

  it("refuses a definition that is not JSON strings, and is not served on v1.0", async () => {
    await start();
    expect((await call("POST", "/beta/policies/b2bManagementPolicies", { displayName: "x", definition: ["{not json"] })).status).toBe(400);
    expect((await call("POST", "/beta/policies/b2bManagementPolicies", { displayName: "x", definition: { B2BManagementPolicy: {} } })).status).toBe(400);
    expect((await call("GET", "/policies/b2bManagementPolicies")).status).toBe(400);
  });

  it("needs Policy.Read.B2BManagementPolicy to read and Policy.ReadWrite.B2BManagementPolicy to write", async () => {
    await start(tenant(), { permissions: ["Policy.Read.B2BManagementPolicy"] });
    expect((await call("GET", "/beta/policies/b2bManagementPolicies")).status).toBe(200);
    expect((await call("POST", "/beta/policies/b2bManagementPolicies", { displayName: "x", definition: ["{}"] })).status).toBe(403);
  });
});

describe("Conditional Access policies", () => {
  it("creates with 201, patches the state, deletes, and keeps other policies", async () => {
    await start();
    const { id: _id, ...policy } = guestMfaPolicy("ignored", "enabledForReportingButNotEnforced", ["7c5e8a1b-0000-4000-8000-000000000001"]);
    const created = await call("POST", "/identity/conditionalAccess/policies", policy);
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json).toMatchObject({ state: "enabledForReportingButNotEnforced", conditions: { users: { includeGuestsOrExternalUsers: { externalTenants: { membershipKind: "all" } } } }, grantControls: { builtInControls: ["mfa"] } });
    expect((await call("PATCH", `/identity/conditionalAccess/policies/${id}`, { state: "enabled" })).status).toBe(204);
    expect((await call("PATCH", `/identity/conditionalAccess/policies/${id}`, { state: "on" })).status).toBe(400);
    const got = (await call("GET", `/identity/conditionalAccess/policies/${id}`)).json;
    expect(got).toMatchObject({ state: "enabled", conditions: { users: { excludeUsers: ["7c5e8a1b-0000-4000-8000-000000000001"] } } });
    expect(typeof got.modifiedDateTime).toBe("string");
    expect((await call("DELETE", `/identity/conditionalAccess/policies/${id}`)).status).toBe(204);
    expect((await call("GET", `/identity/conditionalAccess/policies/${id}`)).status).toBe(404);
  });

  it("pages the policies", async () => {
    const t = tenant();
    t.policies = freshTenantPolicies();
    for (let i = 0; i < 5; i++) t.policies.conditionalAccessPolicies.push(guestMfaPolicy(`ca-${i}`, "disabled", [], `Policy ${i}`));
    await start(t);
    const first = await call("GET", "/identity/conditionalAccess/policies?$top=2");
    expect((first.json.value as { id: string }[]).map((p) => p.id)).toEqual(["ca-0", "ca-1"]);
    expect(first.json["@odata.nextLink"]).toMatch(/\/v1\.0\/identity\/conditionalAccess\/policies\?/);
  });

  it("refuses a policy without a state Graph knows or without controls", async () => {
    await start();
    expect((await call("POST", "/identity/conditionalAccess/policies", { displayName: "x", state: "reportOnly", conditions: {}, grantControls: {} })).status).toBe(400);
    expect((await call("POST", "/identity/conditionalAccess/policies", { displayName: "x", state: "enabled", conditions: {} })).status).toBe(400);
  });

  it("answers 429 with Retry-After when a fault is injected on a policy path", async () => {
    await start();
    double!.inject({ path: /^\/identity\/conditionalAccess\/policies/, status: 429, headers: { "Retry-After": "1" }, body: { error: { code: "TooManyRequests", message: "slow down" } } });
    const r = await fetch(`${double!.url}/v1.0/identity/conditionalAccess/policies`, { headers: { Authorization: `Bearer ${double!.token}` } });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("1");
    expect((await call("GET", "/identity/conditionalAccess/policies")).status).toBe(200);
  });

  it("matches faults on beta paths by their /beta prefix", async () => {
    await start();
    double!.inject({ path: /^\/beta\/policies\/b2bManagementPolicies$/, status: 503 });
    expect((await call("GET", "/beta/policies/b2bManagementPolicies")).status).toBe(503);
    expect(double!.log).toContain("GET /beta/policies/b2bManagementPolicies");
  });
});
