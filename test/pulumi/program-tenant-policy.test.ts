// The guardrails as the program registers them under mocks: each setting's resource, with the name,
// inputs and options resourcesFor gives it; the dynamic ones with their own providers and no explicit
// azuread provider, the Conditional Access policy with the stack's provider and the break-glass accounts
// as object ids, never as addresses and never without them; and a stack that deploys only tenant policy.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import {
  AUTHORIZATION_POLICY,
  B2B_DOMAIN_LIST,
  CONDITIONAL_ACCESS_POLICY,
  CROSS_TENANT_PARTNER,
  GUEST_LIFECYCLE,
  INVITATION,
  PROVIDER,
  GUEST_OR_EXTERNAL_USER_TYPES,
  type ResourceSpec,
} from "../../src/model/resources-for";
import { GUEST_USER_ROLE_IDS } from "../../src/model/tenant-policy";
import { MappingError, registerResources } from "../../src/pulumi/register-resources";
import { resolveAccount } from "../../src/pulumi/resolve-accounts";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { installMocks, MOCK_DIRECTORY, type Registration } from "./record-registrations";
import { runFixture } from "./run-fixture";

const FABRIKAM_TENANT = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c";
const EXPENSES_SP = "55555555-5555-4555-8555-555555555555";

const POLICY = `tenantPolicy:
  invitations:
    allowInvitesFrom: adminsAndGuestInviters
  guestAccess: restricted
  conditionalAccess:
    guestMfa: reportOnly
    excludeAccounts: [breakglass@contoso.com, breakglass2@contoso.com]
  domainList: allow
  crossTenant:
    limitInboundToCatalog: true
`;
const PARTNER = FABRIKAM.replace("domains: [fabrikam.com]\n", `domains: [fabrikam.com]\ntenantIds: [${FABRIKAM_TENANT}]\ncrossTenant: { trustMfa: true, trustCompliantDevice: false }\n`);
const FILES = { "stacks/prod.yaml": STACK + POLICY, "guests/fabrikam.yaml": PARTNER };

/** A registration's inputs without the dynamic provider's serialized code. */
function inputsOf(r: Registration | undefined): Record<string, unknown> {
  expect(r, "registered").toBeDefined();
  const { __provider, ...inputs } = r!.inputs;
  return inputs;
}

const byName = (regs: readonly Registration[], name: string) => regs.find((r) => r.name === name);

describe("the guardrails, registered from resourcesFor", () => {
  test("each setting is one resource, named as the contract says, with resourcesFor's inputs", async () => {
    const { registrations, result } = await runFixture(FILES, { asOf: AS_OF });
    const policyTypes = [AUTHORIZATION_POLICY, CROSS_TENANT_PARTNER, B2B_DOMAIN_LIST, CONDITIONAL_ACCESS_POLICY];
    // The engine answers registrations in any order; the mapping's order is the specs'.
    const registered = registrations.filter((r) => policyTypes.includes(r.type)).map((r) => `${r.type} ${r.name}`);
    expect(result.specs.filter((s) => policyTypes.includes(s.type)).map((s) => `${s.type} ${s.name}`)).toEqual([
      `${AUTHORIZATION_POLICY} tenant/authorization-policy`,
      `${CROSS_TENANT_PARTNER} cross-tenant/${FABRIKAM_TENANT}`,
      `${B2B_DOMAIN_LIST} tenant/b2b-domain-list`,
      `${CONDITIONAL_ACCESS_POLICY} tenant/guest-mfa`,
    ]);
    // The program registers what the mapping returns, no more.
    expect(registered.sort()).toEqual(result.specs.filter((s) => policyTypes.includes(s.type)).map((s) => `${s.type} ${s.name}`).sort());

    expect(inputsOf(byName(registrations, "tenant/authorization-policy"))).toEqual({ allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_USER_ROLE_IDS.restricted });
    expect(inputsOf(byName(registrations, `cross-tenant/${FABRIKAM_TENANT}`))).toEqual({
      tenantId: FABRIKAM_TENANT,
      partner: "Fabrikam",
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false },
      b2bCollaborationInbound: { applications: [EXPENSES_SP] },
    });
    expect(inputsOf(byName(registrations, "tenant/b2b-domain-list"))).toEqual({ mode: "allow", domains: ["fabrikam.com"] });
  });

  test("the dynamic ones have their own provider: no azuread provider, no retainOnDelete (their delete restores), no ignoreChanges", async () => {
    const { registrations } = await runFixture(FILES, { asOf: AS_OF });
    for (const name of ["tenant/authorization-policy", `cross-tenant/${FABRIKAM_TENANT}`, "tenant/b2b-domain-list"]) {
      const r = byName(registrations, name)!;
      expect(r.provider, name).toBeUndefined();
      expect(r.retainOnDelete, name).toBeUndefined();
      expect(r.ignoreChanges, name).toEqual([]);
      expect(r.dependencies, name).toEqual([]);
      expect(r.inputs.__provider, name).toBeTypeOf("string");
    }
  });

  test("the Conditional Access policy uses the stack's provider and excludes the break-glass accounts by object id", async () => {
    const { registrations } = await runFixture(FILES, { asOf: AS_OF });
    const ca = byName(registrations, "tenant/guest-mfa")!;
    expect(ca.provider).toBe("tenant");
    expect(ca.retainOnDelete).toBeUndefined();
    expect(ca.dependencies).toEqual([]);
    expect(inputsOf(ca)).toEqual({
      displayName: "guestops prod: MFA for guests and external users",
      state: "enabledForReportingButNotEnforced",
      conditions: {
        clientAppTypes: ["all"],
        applications: { includedApplications: ["All"] },
        users: {
          includedGuestsOrExternalUsers: [{ guestOrExternalUserTypes: [...GUEST_OR_EXTERNAL_USER_TYPES], externalTenants: [{ membershipKind: "all" }] }],
          // In the mapping's (sorted) order of the addresses: breakglass2@ by its mail, breakglass@ by its
          // user principal name.
          excludedUsers: [MOCK_DIRECTORY.breakglass2!.objectId, MOCK_DIRECTORY.breakglass!.objectId],
        },
      },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    });
  });

  test("guestMfa on enforces it; off registers no policy", async () => {
    const on = await runFixture({ ...FILES, "stacks/prod.yaml": STACK + POLICY.replace("guestMfa: reportOnly", "guestMfa: on") }, { asOf: AS_OF });
    expect(byName(on.registrations, "tenant/guest-mfa")!.inputs.state).toBe("enabled");
    const off = await runFixture({ ...FILES, "stacks/prod.yaml": STACK + POLICY.replace("guestMfa: reportOnly", "guestMfa: off") }, { asOf: AS_OF });
    expect(byName(off.registrations, "tenant/guest-mfa")).toBeUndefined();
  });

  test("a stack without tenantPolicy registers none of them", async () => {
    const { registrations } = await runFixture({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": PARTNER }, { asOf: AS_OF });
    expect(registrations.filter((r) => r.name.startsWith("tenant/") || r.name.startsWith("cross-tenant/"))).toEqual([]);
  });
});

describe("a stack of tenant policy alone (deploys: tenantPolicy)", () => {
  test("registers the provider and the guardrails, no guest and no GuestLifecycle, without allowEmpty", async () => {
    const stack = `${STACK}deploys: tenantPolicy\nlifecycle:\n  blockSignInOnExpiry: true\n${POLICY}`;
    const { registrations } = await runFixture({ "stacks/prod.yaml": stack, "guests/fabrikam.yaml": PARTNER }, { asOf: AS_OF });
    expect(registrations.map((r) => `${r.type.split(":").pop()} ${r.name}`).sort()).toEqual([
      "AuthorizationPolicy tenant/authorization-policy",
      "B2BDomainList tenant/b2b-domain-list",
      "ConditionalAccessPolicy tenant/guest-mfa",
      `CrossTenantPartner cross-tenant/${FABRIKAM_TENANT}`,
      "azuread tenant",
    ]);
    expect(registrations.some((r) => [INVITATION, GUEST_LIFECYCLE].includes(r.type))).toBe(false);
  });

  test("as one shard of a tenant: it deploys the tenant file's guardrails, and the guests' shard none of them", async () => {
    const shard = (extra = "") => `tenant: contoso\nguestFiles: ["guests/**/*.yaml"]\n${extra}`;
    const files = { "tenants/contoso.yaml": STACK + POLICY, "stacks/contoso.yaml": shard(), "stacks/contoso-policy.yaml": shard("deploys: tenantPolicy\n"), "guests/fabrikam.yaml": PARTNER };
    const policy = await runFixture(files, { asOf: AS_OF, stack: "contoso-policy" });
    expect(policy.registrations.map((r) => r.name).sort()).toEqual([`cross-tenant/${FABRIKAM_TENANT}`, "tenant", "tenant/authorization-policy", "tenant/b2b-domain-list", "tenant/guest-mfa"]);
    const guests = await runFixture(files, { asOf: AS_OF, stack: "contoso" });
    expect(guests.registrations.filter((r) => r.name.startsWith("tenant/") || r.name.startsWith("cross-tenant/"))).toEqual([]);
    expect(guests.registrations.some((r) => r.type === INVITATION)).toBe(true);
  });

  test("a stack that deploys guests and declares none is still refused without allowEmpty", async () => {
    await expect(runFixture({ "stacks/prod.yaml": STACK + POLICY }, { asOf: AS_OF })).rejects.toThrow(/declares no guests/);
  });
});

describe("the break-glass accounts, resolved at deploy time", () => {
  test("by user principal name, else by mail", async () => {
    await installMocks();
    await expect(resolveAccount("breakglass@contoso.com", undefined)).resolves.toBe(MOCK_DIRECTORY.breakglass!.objectId);
    await expect(resolveAccount("BreakGlass2@contoso.com", undefined)).resolves.toBe(MOCK_DIRECTORY.breakglass2!.objectId);
  });

  test("an address that names no user stops the policy, with the address, the reason and the fix", async () => {
    await installMocks();
    const failed = resolveAccount("emergency@contoso.com", undefined);
    await expect(failed).rejects.toThrow(pulumi.RunError);
    await expect(failed).rejects.toThrow(
      'tenantPolicy.conditionalAccess.excludeAccounts: "emergency@contoso.com" is not a user of the tenant (no user has that user principal name or mail; ' +
        "userPrincipalName: not found; mail: not found). guestops never deploys the guests' Conditional Access policy without every break-glass account excluded, so it was not written. " +
        "Correct the address in the stack file, or create the account first; the identity needs User.Read.All to look accounts up",
    );
  });

  test("a Conditional Access spec without break-glass addresses is a mapping fault, refused before anything is registered", async () => {
    const recorder = await installMocks();
    const provider: ResourceSpec = { type: PROVIDER, name: "tenant", inputs: { tenantId: "11111111-1111-4111-8111-111111111111" }, options: {} };
    for (const excludedUsers of [undefined, [], ["00000000-0000-4000-8000-000000000001"]]) {
      const ca: ResourceSpec = { type: CONDITIONAL_ACCESS_POLICY, name: "tenant/guest-mfa", inputs: { displayName: "x", state: "enabled", conditions: { users: { ...(excludedUsers && { excludedUsers }) } } }, options: { provider: "tenant" } };
      expect(() => registerResources([provider, ca])).toThrow(MappingError);
    }
    expect(recorder.registrations).toEqual([]);
  });
});
