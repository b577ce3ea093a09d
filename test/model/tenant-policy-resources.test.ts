// resourcesFor's guardrails: each tenantPolicy setting and each declared partner tenant becomes the
// resource of the contract (src/model/tenant-policy.ts) with the inputs its provider reads; a setting
// left out, or a stack that leaves its guardrails to another, registers nothing.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { buildDesiredState } from "../../src/model/build-desired-state";
import { RESOURCE_TYPES, settingsUpdateReason, TENANT_POLICY_TYPES } from "../../src/model/resource-types";
import { resourcesFor, type ResourceSpec } from "../../src/model/resources-for";
import { GUEST_USER_ROLE_IDS } from "../../src/model/tenant-policy";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { memorySource } from "../validate/helpers";

const DEMO = join(__dirname, "..", "fixtures", "guardrails");
const FAB_TENANT = "aaaaaaaa-1111-4111-8111-111111111111";

async function specsFor(tenantPolicy: string | undefined, partner = `tenantIds: [${FAB_TENANT.toUpperCase()}]\ncrossTenant: { trustMfa: true }\n`, extra = ""): Promise<ResourceSpec[]> {
  const stack = `${STACK}${extra}${tenantPolicy === undefined ? "" : `tenantPolicy:\n${tenantPolicy}`}`;
  const load = await loadRepo(memorySource({ "stacks/prod.yaml": stack, "guests/fabrikam.yaml": `${FABRIKAM}${partner}` }), "prod");
  return resourcesFor(buildDesiredState(load, AS_OF)).filter((s) => TENANT_POLICY_TYPES.includes(s.type));
}
const one = (specs: ResourceSpec[], name: string) => specs.find((s) => s.name === name);

describe("resourcesFor: the guardrails", () => {
  it("a stack without tenantPolicy registers none, even with partner tenant ids", async () => {
    expect(await specsFor(undefined)).toEqual([]);
  });

  it("who may invite and the guest role: one AuthorizationPolicy with the settings written, and nothing else", async () => {
    expect(one(await specsFor("  invitations: { allowInvitesFrom: adminsAndGuestInviters }\n  guestAccess: restricted\n", ""), "tenant/authorization-policy")).toEqual({
      type: "pulumi-nodejs:dynamic/guestops:AuthorizationPolicy",
      name: "tenant/authorization-policy",
      inputs: { allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_USER_ROLE_IDS.restricted },
      options: {},
    });
    expect(one(await specsFor("  guestAccess: member\n", ""), "tenant/authorization-policy")?.inputs).toEqual({ guestUserRoleId: "a0b1b346-4d3e-4e8b-98f8-753987be4970" });
    expect(await specsFor("  domainList: off\n", "")).toEqual([]);
  });

  it("a partner tenant: its configuration, with inbound trust, and the catalog's apps when limited", async () => {
    const trusted = await specsFor("  crossTenant: { limitInboundToCatalog: true }\n");
    expect(trusted).toEqual([
      {
        type: "pulumi-nodejs:dynamic/guestops:CrossTenantPartner",
        name: `cross-tenant/${FAB_TENANT}`,
        inputs: { tenantId: FAB_TENANT, partner: "Fabrikam", inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false }, b2bCollaborationInbound: { applications: ["55555555-5555-4555-8555-555555555555"] } },
        options: {},
      },
    ]);
    // Without the limit, inbound is not managed: the default's applies.
    expect((await specsFor("  domainList: off\n", `tenantIds: [${FAB_TENANT}]\n`))[0]!.inputs).toEqual({ tenantId: FAB_TENANT, partner: "Fabrikam", inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: false } });
  });

  it("the home tenant is never a partner", async () => {
    expect(await specsFor("  domainList: off\n", "tenantIds: [11111111-1111-4111-8111-111111111111]\n")).toEqual([]);
  });

  it("the B2B domain list: the partner files' domains to allow, or policy.blockedDomains to deny", async () => {
    expect(one(await specsFor("  domainList: allow\n", ""), "tenant/b2b-domain-list")?.inputs).toEqual({ mode: "allow", domains: ["fabrikam.com"] });
    const deny = await specsFor("  domainList: deny\n", "", "");
    expect(one(deny, "tenant/b2b-domain-list")?.inputs).toMatchObject({ mode: "deny", domains: expect.arrayContaining(["gmail.com", "outlook.com"]) });
  });

  it("MFA for guests: azuread's Conditional Access policy, report-only first, break-glass excluded, on the stack's provider", async () => {
    const [ca] = await specsFor("  conditionalAccess:\n    guestMfa: reportOnly\n    excludeAccounts: [BreakGlass@contoso.com]\n", "");
    expect(ca).toEqual({
      type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
      name: "tenant/guest-mfa",
      inputs: {
        displayName: "guestops prod: MFA for guests and external users",
        state: "enabledForReportingButNotEnforced",
        conditions: {
          clientAppTypes: ["all"],
          applications: { includedApplications: ["All"] },
          users: {
            includedGuestsOrExternalUsers: [{ guestOrExternalUserTypes: ["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"], externalTenants: [{ membershipKind: "all" }] }],
            excludedUsers: ["breakglass@contoso.com"],
          },
        },
        grantControls: { operator: "OR", builtInControls: ["mfa"] },
      },
      options: { provider: "tenant" },
    });
  });

  it("on is enforced; a strength replaces plain MFA; a terms of use is required besides (AND)", async () => {
    const [ca] = await specsFor("  conditionalAccess:\n    guestMfa: on\n    excludeAccounts: [breakglass@contoso.com]\n    authenticationStrength: 00000000-0000-0000-0000-000000000004\n    termsOfUse: 12121212-1212-4212-8212-121212121212\n", "");
    expect(ca!.inputs.state).toBe("enabled");
    expect(ca!.inputs.grantControls).toEqual({ operator: "AND", authenticationStrengthPolicyId: "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004", termsOfUses: ["12121212-1212-4212-8212-121212121212"] });
  });

  it("guestMfa off: no Conditional Access resource", async () => {
    expect(await specsFor("  conditionalAccess: { guestMfa: off }\n", "")).toEqual([]);
  });

  it("deploys: guests leaves the guardrails to another stack; deploys: tenantPolicy registers them and no guest", async () => {
    const tp = "  invitations: { allowInvitesFrom: none }\n";
    expect(await specsFor(tp, "", "deploys: guests\n")).toEqual([]);
    const load = await loadRepo(memorySource({ "stacks/prod.yaml": `${STACK}deploys: tenantPolicy\ntenantPolicy:\n${tp}`, "guests/fabrikam.yaml": FABRIKAM }), "prod");
    expect(resourcesFor(buildDesiredState(load, AS_OF)).map((s) => s.name)).toEqual(["tenant", "tenant/authorization-policy"]);
  });

  it("the demo stack is valid and registers each guardrail type, with no account-holding or granting descriptor among them", async () => {
    const load = await loadRepo(workingTree(DEMO), "contoso");
    const validation = validateRepo(load, AS_OF);
    expect(validation.errors).toEqual([]);
    const specs = resourcesFor(buildDesiredState(load, AS_OF));
    expect([...new Set(specs.map((s) => s.type))].filter((t) => TENANT_POLICY_TYPES.includes(t)).sort()).toEqual([...TENANT_POLICY_TYPES].sort());
    for (const type of TENANT_POLICY_TYPES) {
      const info = RESOURCE_TYPES[type];
      expect([info.grant, info.holdsAccount, info.deletesAccount({ inputs: {}, options: {} })]).toEqual([false, false, false]);
      expect(info.deleteReason({ inputs: { partner: "Fabrikam", tenantId: FAB_TENANT }, options: {} })).not.toMatch(/deletes? the tenant('s)? default/);
    }
  });
});

describe("the guardrails' update reasons, in words", () => {
  const cases: { desc: string; before: Record<string, unknown>; after: Record<string, unknown>; diffs: string[]; reason: string }[] = [
    { desc: "enforced to report-only", before: { state: "enabled" }, after: { state: "enabledForReportingButNotEnforced" }, diffs: ["state"], reason: "policy state enforced → report-only" },
    { desc: "a guest role by its name", before: { guestUserRoleId: GUEST_USER_ROLE_IDS.restricted }, after: { guestUserRoleId: GUEST_USER_ROLE_IDS.member }, diffs: ["guestUserRoleId"], reason: `guest user role restricted (${GUEST_USER_ROLE_IDS.restricted}) → member (${GUEST_USER_ROLE_IDS.member})` },
    { desc: "a setting taken over", before: {}, after: { allowInvitesFrom: "none" }, diffs: ["allowInvitesFrom"], reason: "allowInvitesFrom (unmanaged) → none" },
    { desc: "trust given", before: { inboundTrust: { isMfaAccepted: false } }, after: { inboundTrust: { isMfaAccepted: true } }, diffs: ["inboundTrust.isMfaAccepted"], reason: "now trusts the partner's MFA" },
    { desc: "trust taken back", before: { inboundTrust: { isCompliantDeviceAccepted: true } }, after: { inboundTrust: { isCompliantDeviceAccepted: false } }, diffs: ["inboundTrust.isCompliantDeviceAccepted"], reason: "no longer trusts the partner's compliant devices" },
    { desc: "the inbound limit added", before: {}, after: { b2bCollaborationInbound: { applications: ["a", "b"] } }, diffs: ["b2bCollaborationInbound"], reason: "B2B collaboration inbound limited to (unmanaged) → 2 catalog apps" },
    { desc: "an app more under the limit", before: { b2bCollaborationInbound: { applications: ["a"] } }, after: { b2bCollaborationInbound: { applications: ["a", "b"] } }, diffs: ["b2bCollaborationInbound.applications"], reason: "B2B collaboration inbound limited to 1 catalog app → 2 catalog apps" },
  ];
  it.each(cases)("$desc", ({ before, after, diffs, reason }) => {
    expect(settingsUpdateReason(before, after, diffs)).toBe(reason);
  });
});
