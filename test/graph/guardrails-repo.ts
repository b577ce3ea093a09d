// The example with guardrails declared (tenantPolicy in the stack, tenantIds and crossTenant in the
// partner files), and the demo tenant holding them as a deploy would have left them: the fixture of
// drift, status, import and the plan's preflight.
import { guestUser, type DoubleTenant } from "../graph-double/tenant";
import { guestMfaPolicy, partnerOf } from "../graph-double/tenant-policies";
import { GUEST_USER_ROLE_IDS } from "../../src/model/tenant-policy";
import { exampleFiles, startDemo, type Demo } from "./demo-repo";
import type { DoubleOptions } from "../graph-double/graph-double";

export const FABRIKAM_TENANT = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c";
export const NORTHWIND_TENANT = "8d1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6";
export const TAILSPIN_TENANT = "5b6c7d8e-9f01-4a2b-8c3d-4e5f60718293";
export const BREAKGLASS_ID = "0b5e1a55-0000-4000-8000-000000000001";

export const TENANT_POLICY = `# The tenant's guardrails (docs/guardrails.md).
tenantPolicy:
  invitations:
    allowInvitesFrom: adminsAndGuestInviters  # guests arrive through this repository
  guestAccess: restricted
  conditionalAccess:
    guestMfa: reportOnly                      # on, once the sign-in logs look right
    excludeAccounts: [breakglass@contoso.com]
  domainList: off

`;

/** The example's files with the guardrails declared. */
export function guardrailFiles(): Record<string, string> {
  const files = exampleFiles();
  const stack = files["stacks/prod.yaml"]!;
  const at = stack.indexOf("# Groups guests may join");
  files["stacks/prod.yaml"] = `${stack.slice(0, at)}${TENANT_POLICY}${stack.slice(at)}`;
  files["guests/fabrikam.yaml"] = files["guests/fabrikam.yaml"]!.replace("domains: [fabrikam.com]\n", `domains: [fabrikam.com]\ntenantIds: [${FABRIKAM_TENANT}]\ncrossTenant: { trustMfa: true, trustCompliantDevice: false }\n`);
  return files;
}

/** The tenant as a deploy of guardrailFiles() leaves it. */
export function deployGuardrails(tenant: DoubleTenant): void {
  const breakglass = { ...guestUser(tenant, { id: BREAKGLASS_ID, mail: "breakglass@contoso.com" }), userType: "Member" as const, userPrincipalName: "breakglass@contoso.com", creationType: null, displayName: "Break glass" };
  tenant.users.push(breakglass);
  const p = tenant.policies!;
  p.authorizationPolicy.allowInvitesFrom = "adminsAndGuestInviters";
  p.authorizationPolicy.guestUserRoleId = GUEST_USER_ROLE_IDS.restricted;
  p.partners.push(partnerOf(FABRIKAM_TENANT, { inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false } }));
  p.conditionalAccessPolicies.push(guestMfaPolicy("6a1f0c3e-0000-4000-8000-00000000ca01", "enabledForReportingButNotEnforced", [BREAKGLASS_ID], "guestops prod: MFA for guests and external users"));
}

export async function startGuardrailDemo(options: DoubleOptions & { git?: boolean; files?: Record<string, string>; deployed?: boolean } = {}): Promise<Demo> {
  const demo = await startDemo({ ...options, files: { ...guardrailFiles(), ...options.files } });
  if (options.deployed !== false) deployGuardrails(demo.double.tenant);
  return demo;
}
