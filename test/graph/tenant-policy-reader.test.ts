// The guardrail reader takes every Graph answer as untrusted: wrong types fail with an error naming the
// request and the field, values Graph may add later are notes, huge lists are refused, and no control
// character from Graph reaches a note unescaped. Nothing else is ever thrown.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createGraphClient } from "../../src/graph/graph-client";
import { GraphError } from "../../src/graph/graph-error";
import { MAX_LIST, parseAuthorizationPolicy, parseCrossTenantDefault, parseDomainList, parseGuestMfaPolicy, parsePartners } from "../../src/graph/parse-tenant-policy";
import { readTenantPolicy } from "../../src/graph/read-tenant-policy";
import { ALL_PERMISSIONS, startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { guestUser, type DoubleTenant } from "../graph-double/tenant";
import { domainListDefinition, freshTenantPolicies, GUEST_ROLE, guestMfaPolicy, partnerOf } from "../graph-double/tenant-policies";

const R = "GET /v1.0/policies/x";
const FABRIKAM = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c";
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function error(f: () => unknown): GraphError {
  try {
    f();
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error("no error");
}

describe("parseAuthorizationPolicy", () => {
  it("reads who may invite and the guest user role", () => {
    expect(parseAuthorizationPolicy(R, { allowInvitesFrom: "none", guestUserRoleId: GUEST_ROLE.restricted.toUpperCase() })).toEqual({ allowInvitesFrom: "none", guestAccess: "restricted", notes: [] });
  });

  it.each([
    { desc: "allowInvitesFrom a number", body: { allowInvitesFrom: 3, guestUserRoleId: GUEST_ROLE.limited }, message: `${R}: Graph's allowInvitesFrom is missing or not a string` },
    { desc: "allowInvitesFrom missing", body: { guestUserRoleId: GUEST_ROLE.limited }, message: `${R}: Graph's allowInvitesFrom is missing or not a string` },
    { desc: "guestUserRoleId an object", body: { allowInvitesFrom: "everyone", guestUserRoleId: { id: 1 } }, message: `${R}: Graph's guestUserRoleId is missing or not a string` },
  ])("fails on $desc, naming the request and the field", ({ body, message }) => {
    const err = error(() => parseAuthorizationPolicy(R, body));
    expect(err.message).toBe(message);
    expect(err.hint).toMatch(/nothing was changed/);
  });

  it("takes an enum member it does not know for unknown, with an escaped note", () => {
    const r = parseAuthorizationPolicy(R, { allowInvitesFrom: "unknownFutureValue\u001b[2J", guestUserRoleId: "62e90394-69f5-4237-9190-012177145e10" });
    expect(r.allowInvitesFrom).toBeUndefined();
    expect(r.guestAccess).toBeUndefined();
    expect(r.notes).toHaveLength(2);
    for (const n of r.notes) expect(n).not.toMatch(HIDDEN);
    expect(r.notes[0]).toContain("\\\\u001b");
  });
});

describe("parsePartners", () => {
  const defaults = { trustMfa: false, trustCompliantDevice: true };

  it("applies the default's trust to a partner whose inboundTrust is null, and sorts by tenant id", () => {
    const rows = [partnerOf("ffffffff-0000-4000-8000-000000000000", { inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: null } }), partnerOf(FABRIKAM.toUpperCase())];
    expect(parsePartners(R, rows, defaults)).toEqual([
      { tenantId: FABRIKAM, trustMfa: false, trustCompliantDevice: true, inheritsTrust: true, limitsInbound: false },
      { tenantId: "ffffffff-0000-4000-8000-000000000000", trustMfa: true, trustCompliantDevice: true, inheritsTrust: false, limitsInbound: false },
    ]);
  });

  it.each([
    { desc: "a row that is no object", rows: ["x"], message: "partner configuration 1 is not an object" },
    { desc: "a tenant id that is no GUID", rows: [{ tenantId: "fabrikam.com\u0007" }], message: 'partner configuration 1 has no tenantId that is a tenant id ("fabrikam.com\\\\u0007")' },
    { desc: "a trust that is a string", rows: [partnerOf(FABRIKAM, { inboundTrust: { isMfaAccepted: "true" } })], message: `partner ${FABRIKAM}.inboundTrust.isMfaAccepted is not true, false or null` },
    { desc: "an inboundTrust list", rows: [partnerOf(FABRIKAM, { inboundTrust: [] })], message: `partner ${FABRIKAM}.inboundTrust is not an object` },
  ])("fails on $desc", ({ rows, message }) => {
    expect(error(() => parsePartners(R, rows, defaults)).message).toBe(`${R}: Graph's ${message}`);
  });

  it("refuses a list longer than any tenant holds", () => {
    const rows = Array.from({ length: MAX_LIST + 1 }, () => partnerOf(FABRIKAM));
    expect(error(() => parsePartners(R, rows, defaults)).message).toBe(`${R}: Graph listed more than ${MAX_LIST} partner configurations`);
  });
});

describe("parseDomainList", () => {
  const policy = (definition: unknown, extra: Record<string, unknown> = {}) => ({ id: "p1", displayName: "B2B", isOrganizationDefault: true, definition, ...extra });

  it.each([
    { desc: "no policy", rows: [], expected: { mode: "off", domains: [] } },
    { desc: "an allow list", rows: [policy([domainListDefinition("allow", ["Fabrikam.com", "northwind.example"])])], expected: { mode: "allow", domains: ["fabrikam.com", "northwind.example"], policyId: "p1" } },
    { desc: "a block list", rows: [policy([domainListDefinition("deny", ["gmail.com"])])], expected: { mode: "deny", domains: ["gmail.com"], policyId: "p1" } },
    { desc: "an empty block list, which blocks nothing", rows: [policy([domainListDefinition("deny", [])])], expected: { mode: "off", domains: [], policyId: "p1" } },
    { desc: "a definition without the list", rows: [policy(['{"B2BManagementPolicy":{"Version":1}}'])], expected: { mode: "off", domains: [], policyId: "p1" } },
  ])("reads $desc", ({ rows, expected }) => {
    expect(parseDomainList(R, rows, [])).toEqual(expected);
  });

  it("leaves out what is not a domain, with an escaped note", () => {
    const notes: string[] = [];
    const r = parseDomainList(R, [policy([domainListDefinition("allow", ["fabrikam.com", "evil.com\n::error::x", "", 42 as unknown as string])])], notes);
    expect(r.domains).toEqual(["fabrikam.com"]);
    expect(notes).toHaveLength(3);
    for (const n of notes) expect(n).not.toMatch(HIDDEN);
  });

  it.each([
    { desc: "a definition that is a string", rows: [policy("{}")], message: "Graph's B2B management policy definition is not a list of strings" },
    { desc: "a definition that is not JSON", rows: [policy(["{'B2BManagementPolicy'"])], message: "Graph's B2B management policy definition is not JSON" },
    { desc: "a list that is a string", rows: [policy(['{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":"all"}}'])], message: "Graph's InvitationsAllowedAndBlockedDomainsPolicy is not an object" },
    { desc: "a row that is no object", rows: [null], message: "Graph's B2B management policies are not all objects" },
  ])("fails on $desc", ({ rows, message }) => {
    expect(error(() => parseDomainList(R, rows, [])).message).toBe(`${R}: ${message}`);
  });
});

describe("parseGuestMfaPolicy", () => {
  it("finds the guest MFA policy among others, by what it does and not by its name", () => {
    const other = { ...guestMfaPolicy("other", "enabled", []), conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] } } };
    const notes: string[] = [];
    const found = parseGuestMfaPolicy(R, [other, guestMfaPolicy("ca1", "enabledForReportingButNotEnforced", ["0B5E1A55-0000-4000-8000-000000000001", "GuestsOrExternalUsers"], "Anything")], notes);
    expect(found).toEqual({ id: "ca1", displayName: "Anything", guestMfa: "reportOnly", excludeUserIds: ["0b5e1a55-0000-4000-8000-000000000001"] });
    expect(notes).toEqual(['Conditional Access policy "Anything" excludes "GuestsOrExternalUsers", which is not a user\'s object id; it is left out']);
  });

  it("prefers the policy most in force, and says there were several", () => {
    const notes: string[] = [];
    const found = parseGuestMfaPolicy(R, [guestMfaPolicy("a", "disabled", []), guestMfaPolicy("b", "enabled", [], "B")], notes);
    expect(found?.id).toBe("b");
    expect(notes[0]).toMatch(/2 Conditional Access policies that require MFA of guests/);
  });

  it.each([
    { desc: "only some apps", change: (p: Record<string, any>) => (p.conditions.applications.includeApplications = ["00000003-0000-0ff1-ce00-000000000000"]) },
    { desc: "no MFA", change: (p: Record<string, any>) => (p.grantControls.builtInControls = ["block"]) },
    { desc: "one external tenant only", change: (p: Record<string, any>) => (p.conditions.users.includeGuestsOrExternalUsers.externalTenants = { membershipKind: "enumerated", members: [FABRIKAM] }) },
    { desc: "no guests", change: (p: Record<string, any>) => (p.conditions.users.includeGuestsOrExternalUsers = null) },
  ])("does not take a policy with $desc for the guest MFA policy", ({ change }) => {
    const p = guestMfaPolicy("x", "enabled", []) as Record<string, any>;
    change(p);
    expect(parseGuestMfaPolicy(R, [p], [])).toBeUndefined();
  });

  it("fails on a policy without an id or with excludeUsers that is no list", () => {
    expect(error(() => parseGuestMfaPolicy(R, [{ ...guestMfaPolicy("x", "enabled", []), id: 7 }], [])).message).toBe(`${R}: Graph's Conditional Access policy 1 has no id`);
    const bad = guestMfaPolicy("x", "enabled", []) as Record<string, any>;
    bad.conditions.users.excludeUsers = "all";
    expect(error(() => parseGuestMfaPolicy(R, [bad], [])).message).toBe(`${R}: Graph's Conditional Access policy "x" excludeUsers is not a list`);
  });
});

describe("every parser, on any JSON", () => {
  it("returns or throws a GraphError, and its notes and messages hold no hidden character", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 5 }), (body, rows) => {
        const notes: string[] = [];
        const object = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : { value: body };
        for (const run of [
          () => parseAuthorizationPolicy(R, object).notes.forEach((n) => notes.push(n)),
          () => parseCrossTenantDefault(R, object),
          () => parsePartners(R, rows, { trustMfa: false, trustCompliantDevice: false }),
          () => parseDomainList(R, rows, notes),
          () => parseGuestMfaPolicy(R, rows, notes),
        ]) {
          try {
            run();
          } catch (err) {
            if (!(err instanceof GraphError)) throw err;
            expect(err.message).not.toMatch(HIDDEN);
          }
        }
        for (const n of notes) expect(n).not.toMatch(HIDDEN);
      }),
      { numRuns: 300 },
    );
  });
});

describe("readTenantPolicy against the double", () => {
  let double: GraphDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  function tenant(): DoubleTenant {
    const t: DoubleTenant = { tenantId: "94064533-4527-47b7-9975-e04a81fb6295", initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [], policies: freshTenantPolicies() };
    t.users.push({ ...guestUser(t, { id: "0b5e1a55-0000-4000-8000-000000000001", mail: "breakglass@contoso.com" }), userType: "Member" });
    return t;
  }
  const client = () => createGraphClient({ baseUrl: double!.url, token: { token: async () => double!.token }, sleep: async () => undefined });

  it("reads a fresh tenant: everyone may invite, limited guests, no partners, no list, no guest MFA", async () => {
    double = await startGraphDouble(tenant());
    expect(await readTenantPolicy(client())).toEqual({ allowInvitesFrom: "everyone", guestAccess: "limited", defaultTrust: { trustMfa: false, trustCompliantDevice: false }, partners: [], domainList: { mode: "off", domains: [] }, excludeAccounts: [], unresolvedExcludes: [], notes: [] });
  });

  it("follows the partners' and policies' nextLinks, and maps excluded ids to addresses", async () => {
    const t = tenant();
    for (let i = 0; i < 25; i++) t.policies!.partners.push(partnerOf(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
    for (let i = 0; i < 9; i++) t.policies!.conditionalAccessPolicies.push({ ...guestMfaPolicy(`p${i}`, "disabled", []), conditions: { users: {}, applications: {} } });
    t.policies!.conditionalAccessPolicies.push(guestMfaPolicy("mfa", "enabled", ["0b5e1a55-0000-4000-8000-000000000001", "0b5e1a55-0000-4000-8000-0000000000ff"]));
    double = await startGraphDouble(t, { defaultPage: 4 });
    const read = await readTenantPolicy(client());
    expect(read.partners).toHaveLength(25);
    expect(read.guestMfaPolicy?.id).toBe("mfa");
    expect(read.excludeAccounts).toEqual(["breakglass@contoso.com"]);
    expect(read.unresolvedExcludes).toEqual(["0b5e1a55-0000-4000-8000-0000000000ff"]);
    expect(double.log.filter((l) => l.includes("crossTenantAccessPolicy/partners")).length).toBe(7);
  });

  it("shows the rest with a note when the domain list's permission is missing", async () => {
    double = await startGraphDouble(tenant(), { permissions: ALL_PERMISSIONS.filter((p) => !p.includes("B2BManagementPolicy")) });
    const read = await readTenantPolicy(client());
    expect(read.domainList).toBeUndefined();
    expect(read.notes).toEqual(["the B2B domain list is not shown: the identity lacks Policy.Read.B2BManagementPolicy (Graph: Authorization_RequestDenied)"]);
  });

  it("names Policy.Read.All when Graph refuses the policies", async () => {
    double = await startGraphDouble(tenant(), { permissions: ALL_PERMISSIONS.filter((p) => !p.startsWith("Policy.")) });
    await expect(readTenantPolicy(client())).rejects.toMatchObject({ status: 403, message: expect.stringContaining("the identity lacks Policy.Read.All") });
  });

  it("retries a throttled read after its Retry-After", async () => {
    double = await startGraphDouble(tenant());
    double.inject({ path: /^\/policies\/authorizationPolicy$/, status: 429, headers: { "Retry-After": "2" }, times: 2 });
    expect((await readTenantPolicy(client())).allowInvitesFrom).toBe("everyone");
    expect(double.log.filter((l) => l === "GET /policies/authorizationPolicy")).toHaveLength(3);
  });

  it("refuses a nextLink that leaves the beta version it started in", async () => {
    double = await startGraphDouble(tenant());
    double.inject({ path: /^\/beta\/policies\/b2bManagementPolicies$/, transform: (b, d) => ({ ...b, "@odata.nextLink": `${d.url}/v1.0/users` }) });
    await expect(readTenantPolicy(client())).rejects.toThrow(/nextLink leads elsewhere/);
  });

  it("stops paging a collection longer than any tenant's, before it holds it all", async () => {
    double = await startGraphDouble(tenant(), { defaultPage: 1000 });
    const many = Array.from({ length: 1000 }, (_, i) => partnerOf(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
    // Every page answers a thousand partners and a link to one more page, without end.
    double.inject({ path: /^\/policies\/crossTenantAccessPolicy\/partners/, times: 100, transform: (b, d) => ({ ...b, value: many, "@odata.nextLink": `${d.url}/v1.0/policies/crossTenantAccessPolicy/partners?$skiptoken=${Math.random()}` }) });
    const err = await readTenantPolicy(client()).catch((e: unknown) => e);
    expect((err as GraphError).message).toBe(`GET /v1.0/policies/crossTenantAccessPolicy/partners: Graph listed more than ${MAX_LIST} entries, more than any tenant holds`);
    expect(double.log.filter((l) => l.startsWith("GET /policies/crossTenantAccessPolicy/partners")).length).toBeLessThanOrEqual(7);
  });

  it("fails with the request and field on a hostile answer, and never crashes", async () => {
    double = await startGraphDouble(tenant());
    double.inject({ path: /^\/policies\/crossTenantAccessPolicy\/partners/, transform: (b) => ({ ...b, value: [{ tenantId: "\u202e" + FABRIKAM }] }) });
    const err = await readTenantPolicy(client()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).message).toBe('GET /v1.0/policies/crossTenantAccessPolicy/partners: Graph\'s partner configuration 1 has no tenantId that is a tenant id ("\\\\u202e3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c")');
  });
});
