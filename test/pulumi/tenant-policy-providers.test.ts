// The tenant policy's dynamic providers called as the Pulumi engine would, against the loopback Graph
// double: each reads the tenant's value before its first write and keeps it in state, a re-run writes
// nothing, delete gives the tenant back what it had (never deleting a default), a partner this stack
// created is removed and one that existed restored, `/default` is never written, Graph's 429 waits for
// its Retry-After, and a hostile answer is refused with an exact error before anything is written.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTenantSettingsGraph } from "../../src/graph/tenant-settings-graph";
import { staticToken } from "../../src/graph/read-token";
import { authorizationPolicyProvider } from "../../src/pulumi/authorization-policy-provider";
import { b2bDomainListProvider, type B2BDomainListOutputs } from "../../src/pulumi/b2b-domain-list-provider";
import { crossTenantPartnerProvider, type CrossTenantPartnerInputs, type CrossTenantPartnerOutputs } from "../../src/pulumi/cross-tenant-partner-provider";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { fakeId, type DoubleTenant } from "../graph-double/tenant";
import { domainListDefinition, freshTenantPolicies, GUEST_ROLE, partnerOf } from "../graph-double/tenant-policies";

const TENANT = "94064533-4527-47b7-9975-e04a81fb6295";
const FABRIKAM = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c";
const NORTHWIND = "8d1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6";
const EXPENSES_SP = fakeId(0x5e, 1);
const EXPENSES_APP = "c0ffee00-1111-4222-8333-444455556666";
const SETTINGS = { tenantId: TENANT, cloud: "public" as const };

let double: GraphDouble;
let sleeps: number[];
let clock: number;

beforeEach(() => {
  sleeps = [];
  clock = 0;
});
afterEach(async () => {
  await double?.close();
});

function tenant(): DoubleTenant {
  return {
    tenantId: TENANT,
    initialDomain: "contoso.onmicrosoft.com",
    users: [],
    groups: [],
    servicePrincipals: [{ id: EXPENSES_SP, displayName: "Expenses", appId: EXPENSES_APP, assignments: [] }],
    policies: freshTenantPolicies(),
  };
}

async function start(t: DoubleTenant = tenant()) {
  double = await startGraphDouble(t);
}

/** The providers as `pulumi up` builds them, but reaching the double, with a clock that sleeping advances. */
const connect = () => createTenantSettingsGraph({ baseUrl: double.url, token: staticToken(double.token), sleep: async (ms) => void (sleeps.push(ms), (clock += ms)), random: () => 0.5, now: () => clock });
const authorization = () => authorizationPolicyProvider(SETTINGS, connect);
const partners = () => crossTenantPartnerProvider(SETTINGS, connect);
const domainList = () => b2bDomainListProvider(SETTINGS, connect);

const policies = () => double.tenant.policies!;
const writes = () => double.log.filter((l) => !l.startsWith("GET "));
/** A Pulumi state round trip: what the engine stores and hands back is plain JSON. */
const stored = <T>(value: T | undefined): T => JSON.parse(JSON.stringify(value ?? null)) as T;

describe("AuthorizationPolicy", () => {
  it("keeps the tenant's values before its first write, writes only what differs, and restores them on delete", async () => {
    await start();
    const p = authorization();
    const { id, outs } = await p.create({ allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_ROLE.restricted });
    expect(id).toBe("authorizationPolicy");
    expect(outs!.restore).toEqual({ allowInvitesFrom: "everyone", guestUserRoleId: GUEST_ROLE.limited });
    expect(policies().authorizationPolicy).toMatchObject({ allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_ROLE.restricted });
    expect(writes()).toEqual(["PATCH /policies/authorizationPolicy"]);

    double.log.length = 0;
    const again = await p.update!(id, stored(outs), { allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_ROLE.restricted });
    expect(writes()).toEqual([]);
    // An update keeps the value first read, not the one guestops wrote since.
    const updated = await p.update!(id, stored(again.outs!), { allowInvitesFrom: "none", guestUserRoleId: GUEST_ROLE.restricted });
    expect(updated.outs!.restore).toEqual({ allowInvitesFrom: "everyone", guestUserRoleId: GUEST_ROLE.limited });
    expect(policies().authorizationPolicy.allowInvitesFrom).toBe("none");

    double.log.length = 0;
    await p.delete!(id, stored(updated.outs!));
    expect(policies().authorizationPolicy).toMatchObject({ allowInvitesFrom: "everyone", guestUserRoleId: GUEST_ROLE.limited });
    expect(writes()).toEqual(["PATCH /policies/authorizationPolicy"]);
    expect(double.log.some((l) => l.startsWith("DELETE"))).toBe(false);
  });

  it("a setting the stack stops managing gets its first value back; the other one stays", async () => {
    await start();
    const p = authorization();
    const { outs } = await p.create({ allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_ROLE.restricted });
    const { outs: after } = await p.update!("authorizationPolicy", stored(outs), { allowInvitesFrom: "adminsAndGuestInviters" });
    expect(policies().authorizationPolicy).toMatchObject({ allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_ROLE.limited });
    expect(after!.restore).toEqual({ allowInvitesFrom: "everyone" });
  });

  it("diff reports a changed setting, in place; read shows what the tenant has now, for refresh and drift", async () => {
    await start();
    const p = authorization();
    const { outs } = await p.create({ guestUserRoleId: GUEST_ROLE.restricted });
    expect(await p.diff!("authorizationPolicy", stored(outs), { guestUserRoleId: GUEST_ROLE.restricted })).toMatchObject({ changes: false, replaces: [] });
    expect(await p.diff!("authorizationPolicy", stored(outs), { guestUserRoleId: GUEST_ROLE.member })).toMatchObject({ changes: true, replaces: [] });
    // Someone widens guest access in the portal.
    policies().authorizationPolicy.guestUserRoleId = GUEST_ROLE.member;
    const read = await p.read!("authorizationPolicy", stored(outs));
    expect(read.props).toEqual({ guestUserRoleId: GUEST_ROLE.member, restore: { guestUserRoleId: GUEST_ROLE.limited } });
    expect(await p.diff!("authorizationPolicy", read.props!, { guestUserRoleId: GUEST_ROLE.restricted })).toMatchObject({ changes: true });
  });

  it("waits for Graph's Retry-After on 429, through the shared retry, and then writes", async () => {
    await start();
    double.inject({ method: "PATCH", path: /^\/policies\/authorizationPolicy$/, status: 429, headers: { "Retry-After": "7" }, body: { error: { code: "TooManyRequests", message: "Too many requests" } } });
    await authorization().create({ allowInvitesFrom: "adminsAndGuestInviters" });
    expect(sleeps).toEqual([7000]);
    expect(writes()).toEqual(["PATCH /policies/authorizationPolicy", "PATCH /policies/authorizationPolicy"]);
    expect(policies().authorizationPolicy.allowInvitesFrom).toBe("adminsAndGuestInviters");
  });

  it.each([
    ["an allowInvitesFrom guestops does not know", { allowInvitesFrom: "\u001b[31mfriendsOfFriends" }, 'Graph\'s answer has allowInvitesFrom "\\\\u001b[31mfriendsOfFriends", not one of none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers, everyone'],
    ["a guestUserRoleId that is not a UUID", { guestUserRoleId: "../../default" }, 'Graph\'s answer has guestUserRoleId "../../default", not the id of one of the three guest user roles'],
    ["a UUID that is none of the three guest user roles", { guestUserRoleId: "62e90394-69f5-4237-9190-012177145e10" }, 'Graph\'s answer has guestUserRoleId "62e90394-69f5-4237-9190-012177145e10", not the id of one of the three guest user roles'],
  ])("refuses %s with an exact error, and writes nothing", async (_, patch, message) => {
    await start();
    double.inject({ method: "GET", path: /^\/policies\/authorizationPolicy$/, transform: (body) => ({ ...body, ...patch }) });
    // With Graph's hint, which Pulumi would otherwise not show: nothing was written.
    await expect(authorization().create({ allowInvitesFrom: "adminsAndGuestInviters" })).rejects.toThrow(`GET /v1.0/policies/authorizationPolicy: ${message}; nothing was written`);
    expect(writes()).toEqual([]);
  });
});

describe("CrossTenantPartner", () => {
  const inputs = (extra: Partial<CrossTenantPartnerInputs> = {}): CrossTenantPartnerInputs => ({
    tenantId: FABRIKAM,
    partner: "Fabrikam",
    inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false },
    ...extra,
  });
  const found = (id = FABRIKAM) => policies().partners.find((p) => p.tenantId === id);

  it("creates a configuration the tenant does not have, and deletes only that one", async () => {
    await start();
    const p = partners();
    const { id, outs } = await p.create(inputs());
    expect(id).toBe(FABRIKAM);
    expect(outs!.restore).toEqual({ existed: false });
    expect(found()).toMatchObject({ inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false }, b2bCollaborationInbound: null });
    expect(writes()).toEqual(["POST /policies/crossTenantAccessPolicy/partners"]);

    double.log.length = 0;
    await p.update!(id, stored(outs), inputs());
    expect(writes()).toEqual([]);

    const before = structuredClone(policies().crossTenantDefault);
    await p.delete!(id, stored(outs));
    expect(found()).toBeUndefined();
    expect(writes()).toEqual([`DELETE /policies/crossTenantAccessPolicy/partners/${FABRIKAM}`]);
    expect(policies().crossTenantDefault).toEqual(before);
  });

  it("changes a configuration that existed after keeping it, and on delete restores it, never deleting it", async () => {
    const t = tenant();
    const theirs = partnerOf(NORTHWIND, {
      inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: true },
      b2bCollaborationOutbound: { usersAndGroups: { accessType: "blocked", targets: [{ target: "AllUsers", targetType: "user" }] } },
    });
    t.policies!.partners.push(theirs);
    const original = structuredClone(theirs);
    await start(t);
    const p = partners();
    const { outs } = await p.create(inputs({ tenantId: NORTHWIND, partner: "Northwind" }));
    expect(outs!.restore).toEqual({ existed: true, inboundTrust: original.inboundTrust, b2bCollaborationInbound: null });
    // Hybrid-joined devices are not the stack's: kept as the partner had them.
    expect(found(NORTHWIND)!.inboundTrust).toEqual({ isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: true });
    expect(writes()).toEqual([`PATCH /policies/crossTenantAccessPolicy/partners/${NORTHWIND}`]);

    double.log.length = 0;
    await p.delete!(NORTHWIND, stored(outs));
    expect(found(NORTHWIND)).toEqual(original);
    expect(writes()).toEqual([`PATCH /policies/crossTenantAccessPolicy/partners/${NORTHWIND}`]);
  });

  it("restores a trust flag the configuration had left null as null, not as false", async () => {
    const t = tenant();
    const theirs = partnerOf(NORTHWIND, { inboundTrust: { isMfaAccepted: null, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: null } });
    t.policies!.partners.push(theirs);
    const original = structuredClone(theirs);
    await start(t);
    const p = partners();
    const { outs } = await p.create(inputs({ tenantId: NORTHWIND, partner: "Northwind" }));
    expect(found(NORTHWIND)!.inboundTrust).toEqual({ isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: null });
    await p.delete!(NORTHWIND, stored(outs));
    expect(found(NORTHWIND)).toEqual(original);
  });

  it("a POST that Graph had carried out before it failed (409 on the retry) sets the configuration instead", async () => {
    const t = tenant();
    t.policies!.partners.push(partnerOf(FABRIKAM));
    await start(t);
    double.inject({ method: "GET", path: /^\/policies\/crossTenantAccessPolicy\/partners\//, status: 404, body: { error: { code: "Request_ResourceNotFound", message: "Not found" } } });
    const { outs } = await partners().create(inputs());
    expect(writes()).toEqual(["POST /policies/crossTenantAccessPolicy/partners", `PATCH /policies/crossTenantAccessPolicy/partners/${FABRIKAM}`]);
    expect(found()!.inboundTrust).toMatchObject({ isMfaAccepted: true });
    expect(outs!.restore).toEqual({ existed: false });
  });

  it("a configuration that existed and was removed by hand since is not created again on delete", async () => {
    const t = tenant();
    t.policies!.partners.push(partnerOf(NORTHWIND));
    await start(t);
    const { outs } = await partners().create(inputs({ tenantId: NORTHWIND, partner: "Northwind" }));
    policies().partners.length = 0;
    double.log.length = 0;
    await partners().delete!(NORTHWIND, stored(outs));
    expect(writes()).toEqual([]);
  });

  it("limits B2B collaboration inbound to the catalog's apps by their appIds, resolved from the service principals", async () => {
    await start();
    const p = partners();
    const { outs } = await p.create(inputs({ b2bCollaborationInbound: { applications: [EXPENSES_SP] } }));
    expect(outs!.appIds).toEqual([EXPENSES_APP]);
    expect(found()!.b2bCollaborationInbound).toEqual({
      usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] },
      applications: { accessType: "allowed", targets: [{ target: EXPENSES_APP, targetType: "application" }] },
    });
    // No longer limited: the configuration this stack created inherits the default again.
    const { outs: after } = await p.update!(FABRIKAM, stored(outs), inputs());
    expect(found()!.b2bCollaborationInbound).toBeNull();
    expect(after!.appIds).toBeUndefined();
  });

  it("a refresh that finds other apps in the tenant marks the state, and the next deploy writes them again", async () => {
    await start();
    const p = partners();
    const want = inputs({ b2bCollaborationInbound: { applications: [EXPENSES_SP] } });
    const { outs } = await p.create(want);
    (found()!.b2bCollaborationInbound as { applications: unknown }).applications = { accessType: "allowed", targets: [{ target: "AllApplications", targetType: "application" }] };
    found()!.inboundTrust = null;
    const read = await p.read!(FABRIKAM, stored(outs));
    expect(read.props).toMatchObject({ inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: false }, appIds: ["AllApplications"], drifted: true });
    expect(await p.diff!(FABRIKAM, read.props!, want)).toMatchObject({ changes: true, replaces: [] });
    const { outs: fixed } = await p.update!(FABRIKAM, read.props!, want);
    expect(fixed!.drifted).toBeUndefined();
    expect(found()!.b2bCollaborationInbound).toMatchObject({ applications: { targets: [{ target: EXPENSES_APP, targetType: "application" }] } });
  });

  it("refuses a catalog app that is not in the tenant, and an empty allow list, before writing", async () => {
    await start();
    const missing = fakeId(0x5e, 9);
    await expect(partners().create(inputs({ b2bCollaborationInbound: { applications: [missing] } }))).rejects.toThrow(
      `GET /v1.0/servicePrincipals/${missing}?$select=id,appId: no service principal ${missing} in the tenant`,
    );
    await expect(partners().create(inputs({ b2bCollaborationInbound: { applications: [] } }))).rejects.toThrow(
      `partner Fabrikam (tenant ${FABRIKAM}): B2B collaboration inbound limited to the catalog's apps, but the catalog has none`,
    );
    expect(writes()).toEqual([]);
  });

  it("a new tenant id replaces the resource, so the old partner's configuration is restored or removed", async () => {
    await start();
    const { outs } = await partners().create(inputs());
    expect(await partners().diff!(FABRIKAM, stored(outs), inputs({ tenantId: NORTHWIND }))).toMatchObject({ changes: true, replaces: ["tenantId"] });
  });

  it("never writes the default: a tenant id that is not one is refused before any request", async () => {
    await start();
    for (const tenantId of ["default", "../default", `${FABRIKAM}/../../default`]) {
      await expect(partners().create(inputs({ tenantId }))).rejects.toThrow(`is not a tenant id`);
      await expect(partners().delete!(tenantId, { ...inputs({ tenantId }), restore: { existed: false } } as CrossTenantPartnerOutputs)).rejects.toThrow(`is not a tenant id`);
    }
    expect(double.log).toEqual([]);
  });

  it("refuses an answer for another tenant's configuration, and writes nothing", async () => {
    const t = tenant();
    t.policies!.partners.push(partnerOf(FABRIKAM));
    await start(t);
    double.inject({ method: "GET", path: /^\/policies\/crossTenantAccessPolicy\/partners\//, transform: (body) => ({ ...body, tenantId: NORTHWIND }) });
    await expect(partners().create(inputs())).rejects.toThrow(`GET /v1.0/policies/crossTenantAccessPolicy/partners/${FABRIKAM}: Graph's answer is the configuration of another tenant, not of the one asked for`);
    expect(writes()).toEqual([]);
  });

  it("no request of a whole life cycle touches the default", async () => {
    await start();
    const p = partners();
    const { outs } = await p.create(inputs({ b2bCollaborationInbound: { applications: [EXPENSES_SP] } }));
    const { outs: after } = await p.update!(FABRIKAM, stored(outs), inputs({ inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: true } }));
    await p.read!(FABRIKAM, stored(after!));
    await p.delete!(FABRIKAM, stored(after!));
    expect(double.log.length).toBeGreaterThan(4);
    expect(double.log.filter((l) => /default/i.test(l))).toEqual([]);
  });
});

describe("B2BDomainList", () => {
  const B2B = "/beta/policies/b2bManagementPolicies";

  it("changes only the list of the tenant's policy, keeps the rest, and restores the list on delete", async () => {
    const t = tenant();
    const definition = domainListDefinition("deny", ["gmail.com"]);
    t.policies!.b2bManagementPolicies.push({ id: "b2b-1", displayName: "B2BManagementPolicy", definition: [definition], isOrganizationDefault: true });
    await start(t);
    const p = domainList();
    const { outs } = await p.create({ mode: "allow", domains: ["fabrikam.com", "northwind.example"] });
    expect(outs!).toMatchObject({ policyId: "b2b-1", restore: { created: false, domainsPolicy: { BlockedDomains: ["gmail.com"] } } });
    const now = JSON.parse((policies().b2bManagementPolicies[0]!.definition as string[])[0]!) as { B2BManagementPolicy: Record<string, unknown> };
    expect(now.B2BManagementPolicy).toEqual({ ...(JSON.parse(definition) as { B2BManagementPolicy: object }).B2BManagementPolicy, InvitationsAllowedAndBlockedDomainsPolicy: { AllowedDomains: ["fabrikam.com", "northwind.example"] } });
    expect(writes()).toEqual([`PATCH ${B2B}/b2b-1`]);

    double.log.length = 0;
    await p.update!("b2bDomainList", stored(outs), { mode: "allow", domains: ["northwind.example", "fabrikam.com"] });
    expect(writes()).toEqual([]);

    await p.delete!("b2bDomainList", stored(outs));
    expect(policies().b2bManagementPolicies[0]!.definition).toEqual([definition].map((d) => JSON.stringify(JSON.parse(d))));
    expect(writes()).toEqual([`PATCH ${B2B}/b2b-1`]);
  });

  it("creates the policy a tenant does not have, and deletes it again while it holds only the list", async () => {
    await start();
    const p = domainList();
    const { outs } = await p.create({ mode: "deny", domains: ["gmail.com"] });
    expect(outs!.restore).toEqual({ created: true, domainsPolicy: null });
    expect(policies().b2bManagementPolicies).toHaveLength(1);
    expect(policies().b2bManagementPolicies[0]).toMatchObject({ id: outs!.policyId, isOrganizationDefault: true });
    await p.delete!("b2bDomainList", stored(outs));
    expect(policies().b2bManagementPolicies).toEqual([]);
    expect(writes()).toEqual([`POST ${B2B}`, `DELETE ${B2B}/${outs!.policyId}`]);
  });

  it("read shows the list the tenant has now, for refresh and drift", async () => {
    await start();
    const p = domainList();
    const { outs } = await p.create({ mode: "deny", domains: ["gmail.com"] });
    policies().b2bManagementPolicies[0]!.definition = [domainListDefinition("deny", ["gmail.com", "outlook.com"])];
    const read = await p.read!("b2bDomainList", stored(outs));
    expect(read.props).toMatchObject({ mode: "deny", domains: ["gmail.com", "outlook.com"] });
    expect(await p.diff!("b2bDomainList", read.props as B2BDomainListOutputs, { mode: "deny", domains: ["gmail.com"] })).toMatchObject({ changes: true });
  });

  it("refuses an empty allow list before any request: it would block every invitation", async () => {
    await start();
    await expect(domainList().create({ mode: "allow", domains: [] })).rejects.toThrow("the B2B domain allow list would be empty, which blocks every invitation in the tenant");
    expect(double.log).toEqual([]);
  });

  it.each([
    ["a definition that is not JSON", { definition: ["{B2BManagementPolicy: "] }, "Graph's B2B management policy definition is not JSON"],
    ["a domain list that is not domains", { definition: [JSON.stringify({ B2BManagementPolicy: { InvitationsAllowedAndBlockedDomainsPolicy: { BlockedDomains: ["gmail.com", "<script>"] } } })] }, 'Graph\'s answer has BlockedDomains entry "<script>", not a domain name'],
    ["two organization defaults", undefined, "Graph's answer has 2 organization default policies; a tenant has one"],
  ])("refuses %s with an exact error, and writes nothing", async (_, patch, message) => {
    const t = tenant();
    const policy = { id: "b2b-1", displayName: "B2BManagementPolicy", definition: [domainListDefinition("deny", ["gmail.com"])], isOrganizationDefault: true, ...patch };
    t.policies!.b2bManagementPolicies.push(policy, ...(patch ? [] : [{ ...policy, id: "b2b-2" }]));
    await start(t);
    await expect(domainList().create({ mode: "deny", domains: ["outlook.com"] })).rejects.toThrow(`GET ${B2B}: ${message}`);
    expect(writes()).toEqual([]);
  });
});

describe("every provider, against a tenant that refuses the permission", () => {
  it("names the permission a 403 needs", async () => {
    double = await startGraphDouble(tenant(), { permissions: ["Policy.Read.All"] });
    await expect(authorization().create({ allowInvitesFrom: "none" })).rejects.toThrow("the identity lacks Policy.ReadWrite.Authorization");
    await expect(partners().create({ tenantId: FABRIKAM, partner: "Fabrikam", inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false } })).rejects.toThrow("the identity lacks Policy.ReadWrite.CrossTenantAccess");
    await expect(domainList().create({ mode: "deny", domains: ["gmail.com"] })).rejects.toThrow("the identity lacks Policy.ReadWrite.B2BManagementPolicy");
  });
});
