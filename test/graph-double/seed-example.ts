// The demo tenant: the bundled example (stacks/prod.yaml, guests/; the tests pass test/fixtures/example,
// the copy a fork keeps when it replaces the example) as a tenant would hold it some months
// in, with the drift a real one has: undeclared guests in catalog groups, a pending invitation, a stale
// sign-in, a membership added by hand and one removed by hand.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { parse } from "yaml";
import { fakeId, guestUser, type DoubleAssignment, type DoubleTenant, type DoubleUser } from "./tenant";
import { freshTenantPolicies, GUEST_ROLE, guestMfaPolicy, partnerOf } from "./tenant-policies";

interface ExampleStack {
  tenantId: string;
  groups: Record<string, { objectId: string; displayName: string }>;
  apps: Record<string, { servicePrincipalId: string; displayName: string; roles: Record<string, string> }>;
}

const DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";

/** Graph's assignment ids are 43 base64url characters; each assignment gets its own. */
function assignmentId(userId: string, n: number): string {
  return createHash("sha256").update(`${userId}/${n}`).digest("base64url");
}

export function seedExampleTenant(root: string): DoubleTenant {
  const stack = parse(readFileSync(join(root, "stacks/prod.yaml"), "utf8")) as ExampleStack;
  const tenant: DoubleTenant = { tenantId: stack.tenantId, initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
  for (const [, g] of Object.entries(stack.groups)) tenant.groups.push({ id: g.objectId, displayName: g.displayName, members: [] });
  for (const [, a] of Object.entries(stack.apps)) {
    const appRoles = Object.entries(a.roles).map(([value, id]) => ({ id, value, displayName: value, isEnabled: true, allowedMemberTypes: ["User" as const], origin: "Application" }));
    tenant.servicePrincipals.push({ id: a.servicePrincipalId, displayName: a.displayName, appRoles, assignments: [] });
  }
  let n = 0;
  const add = (fields: Partial<DoubleUser> & { mail: string; id?: string }, groups: string[], roles: [string, string?][]): DoubleUser => {
    const user = guestUser(tenant, { id: fields.id ?? fakeId(0x9e5, ++n), ...fields });
    tenant.users.push(user);
    for (const g of groups) tenant.groups.find((x) => x.id === stack.groups[g]!.objectId)!.members.push(user.id);
    for (const [app, role] of roles) {
      const sp = tenant.servicePrincipals.find((x) => x.id === stack.apps[app]!.servicePrincipalId)!;
      const assignment: DoubleAssignment = { id: assignmentId(user.id, ++n), appRoleId: role ? stack.apps[app]!.roles[role]! : DEFAULT_ACCESS, principalId: user.id, principalType: "User", principalDisplayName: user.displayName, createdDateTime: "2026-02-01T09:00:00Z" };
      sp.assignments.push(assignment);
    }
    return user;
  };
  const never = { lastSignInDateTime: null, lastSuccessfulSignInDateTime: null, lastNonInteractiveSignInDateTime: null };

  // Declared in guests/fabrikam.yaml.
  add({ mail: "ana.silva@fabrikam.com", displayName: "Ana Silva (Fabrikam)" }, ["erp-project"], [["expenses", "Submitter"]]);
  add({ mail: "ben.carter@fabrikam.com", displayName: "Benjamin Carter (Fabrikam)", signInActivity: { lastSignInDateTime: "2026-05-04T07:30:00Z", lastSuccessfulSignInDateTime: "2026-05-04T07:30:00Z", lastNonInteractiveSignInDateTime: null } }, ["erp-project", "finance-reporting"], []);
  add({ mail: "chloe.dubois@fabrikam.com", displayName: "Chloé Dubois (Fabrikam)" }, ["finance-reporting"], [["expenses", "Approver"]]);
  add({ id: "ae9587fe-cd5c-4dd9-80fa-9c824512b27a", mail: "david.kim@fabrikam.com", displayName: "David Kim (Fabrikam)", createdDateTime: "2025-03-10T12:00:00Z" }, ["erp-project"], []);
  add({ mail: "elena.petrova@fabrikam.com", displayName: "Elena Petrova (Fabrikam)", externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: "2026-11-02T09:00:00Z", createdDateTime: "2026-11-02T09:00:00Z", signInActivity: never }, ["design-review"], []);
  // No mail on the account: matched by the address in its #EXT# user principal name.
  add({ mail: "farid.haddad@fabrikam.com" }, ["supplier-portal"], [["supplier-portal", "Reader"]]).mail = null;
  // kwame.mensah@fabrikam.com is declared but not invited yet: missing from the tenant.

  // Declared in guests/northwind.yaml.
  add({ mail: "grace.obi@northwind.example", displayName: "Grace Obi (Northwind)" }, ["supplier-portal", "erp-project"], [["supplier-portal", "Contributor"]]);
  add({ mail: "henrik.larsen@northwind.example", displayName: "Henrik Larsen (Northwind)" }, [], [["supplier-portal", "Reader"]]);
  add({ mail: "isabel.moreno@northwind.example", displayName: "Isabel Moreno (Northwind)" }, [], [["expenses"]]);
  // Adopted by objectId; its supplier-portal Reader role was removed by hand.
  add({ id: "c99c9aba-45c7-4dc0-9f0e-25e37ee4e7d5", mail: "lucia.ferrari@northwind.example", displayName: "Lucia Ferrari (Northwind)" }, ["supplier-portal"], []);

  // Not in Git: guests invited by hand, in catalog groups and apps; and one with no catalog access.
  add({ mail: "oliver.grant@fabrikam.com", displayName: "Oliver Grant (Fabrikam)", createdDateTime: "2025-09-01T10:00:00Z" }, ["erp-project"], [["expenses", "Submitter"]]);
  add({ mail: "mia.tanaka@tailspin.example", displayName: "Mia Tanaka (Tailspin)", createdDateTime: "2025-10-12T10:00:00Z" }, ["supplier-portal"], [["supplier-portal", "Reader"]]);
  add({ mail: "sam.lee@adatum.example", displayName: "Sam Lee (Adatum)" }, [], []);

  // An internal member in a catalog group: not a guest, never reported.
  const member = add({ mail: "priya.natarajan@contoso.com", displayName: "Priya Natarajan" }, ["erp-project"], []);
  Object.assign(member, { userType: "Member", userPrincipalName: "priya.natarajan@contoso.com", creationType: null, externalUserState: null, externalUserStateChangeDateTime: null });
  // Sponsors, as internal members in no catalog group. samuel.okafor@contoso.com has left: his account is
  // disabled, so guestops due and the renewal run ask the owners of his guests' groups instead.
  for (const [mail, displayName, accountEnabled] of [["olivia.chen@contoso.com", "Olivia Chen", true], ["tomas.berg@contoso.com", "Tomas Berg", true], ["samuel.okafor@contoso.com", "Samuel Okafor", false]] as const) {
    const person = add({ mail, displayName }, [], []);
    Object.assign(person, { userType: "Member", userPrincipalName: mail, accountEnabled, creationType: null, externalUserState: null, externalUserStateChangeDateTime: null });
  }
  return tenant;
}

export const FABRIKAM_TENANT = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c";
export const NORTHWIND_TENANT = "8d1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6";
export const BREAKGLASS_ID = "0b5e1a55-0000-4000-8000-000000000001";
export const GUEST_MFA_POLICY_ID = "6a1f0c3e-0000-4000-8000-00000000ca01";

/**
 * The demo tenant's guardrails, as an administrator set them in the portal before guestops managed them:
 * invitations by admins and Guest Inviters only, restricted guests, Fabrikam's MFA trusted, and a
 * report-only MFA policy for guests that excludes the break-glass account. Partner tenants' domains, for
 * import to find their partner files.
 */
export function seedExampleGuardrails(tenant: DoubleTenant): DoubleTenant {
  const p = (tenant.policies ??= freshTenantPolicies());
  tenant.users.push({ ...guestUser(tenant, { id: BREAKGLASS_ID, mail: "breakglass@contoso.com" }), displayName: "Break glass", userType: "Member", userPrincipalName: "breakglass@contoso.com", creationType: null, externalUserState: null, externalUserStateChangeDateTime: null });
  p.authorizationPolicy.allowInvitesFrom = "adminsAndGuestInviters";
  p.authorizationPolicy.guestUserRoleId = GUEST_ROLE.restricted;
  p.partners.push(partnerOf(FABRIKAM_TENANT, { inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false } }));
  p.conditionalAccessPolicies.push(guestMfaPolicy(GUEST_MFA_POLICY_ID, "enabledForReportingButNotEnforced", [BREAKGLASS_ID], "Require MFA for guests"));
  p.tenantInformation.push({ tenantId: FABRIKAM_TENANT, displayName: "Fabrikam", defaultDomainName: "fabrikam.com" }, { tenantId: NORTHWIND_TENANT, displayName: "Northwind Traders", defaultDomainName: "northwind.example" });
  return tenant;
}
