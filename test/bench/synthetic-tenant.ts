// A synthetic tenant and the desired state that declares it, for the drift benchmark: `guests` guests,
// each in three of five catalog groups and holding one app role, so 4 memberships per guest (200,000 at
// 50,000 guests). Git declares all but 1% of them, and 0.2% more that the tenant lacks. Optionally
// only some guests hold access, to show that memory follows memberships and Git, not the tenant's size.
import type { DesiredGuest, DesiredState } from "../../src/model/desired-state";
import { fakeId, guestUser, type DoubleTenant } from "../graph-double/tenant";

const GROUPS = 5;
const ROLES = ["Reader", "Contributor"];
export const TENANT_ID = "0a0b0c0d-0000-4000-8000-000000000001";
const groupId = (g: number) => fakeId(0xa00 + g, 0);
const SP = fakeId(0xb00, 0);
const roleId = (r: number) => fakeId(0xc00 + r, 0);

const email = (i: number) => `guest${i}@partner${i % 100}.example`;

/** `withAccess` of the guests (all by default) hold catalog access; the rest are guests with none. */
export function syntheticTenant(guests: number, withAccess = guests): DoubleTenant {
  const tenant: DoubleTenant = { tenantId: TENANT_ID, initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
  for (let g = 0; g < GROUPS; g++) tenant.groups.push({ id: groupId(g), displayName: `Group ${g}`, members: [] });
  tenant.servicePrincipals.push({ id: SP, displayName: "Portal", assignments: [] });
  for (let i = 0; i < guests; i++) {
    const user = guestUser(tenant, { id: fakeId(0xd00, i), mail: email(i), displayName: `Guest ${i}` });
    tenant.users.push(user);
    if (i >= withAccess) continue;
    for (let k = 0; k < 3; k++) tenant.groups[(i + k) % GROUPS]!.members.push(user.id);
    tenant.servicePrincipals[0]!.assignments.push({ id: `a${i}`, appRoleId: roleId(i % 2), principalId: user.id, principalType: "User", principalDisplayName: user.displayName, createdDateTime: "2026-01-01T00:00:00Z" });
  }
  return tenant;
}

export function syntheticState(guests: number): DesiredState {
  const list: DesiredGuest[] = [];
  const declared = guests + Math.floor(guests / 500);
  for (let i = 0; i < declared; i++) {
    if (i < guests && i % 100 === 0) continue; // undeclared in Git
    list.push({
      key: email(i),
      email: email(i),
      displayName: `Guest ${i}`,
      partner: `Partner ${i % 100}`,
      file: `guests/partner-${i % 100}.yaml`,
      expires: "2027-06-30",
      justification: "bench",
      invitation: { redirectUrl: "https://myapps.microsoft.com", sendEmail: false, language: "en-US" },
      groups: [0, 1, 2].map((k) => `group-${(i + k) % GROUPS}`).sort(),
      apps: [{ app: "portal", role: ROLES[i % 2]! }],
      status: "active",
    });
  }
  list.sort((a, b) => (a.key < b.key ? -1 : 1));
  const groups = Object.fromEntries(Array.from({ length: GROUPS }, (_, g) => [`group-${g}`, { id: groupId(g), displayName: `Group ${g}`, owners: ["owner@contoso.com"] }]));
  return {
    stack: "bench",
    tenantId: TENANT_ID,
    asOf: "2026-12-01",
    policy: { onRemoval: "retain", maxRemovalShare: 0.25, removalHorizonDays: 7, expiredGraceDays: 30 },
    lifecycle: { manageSponsors: true, blockSignInOnExpiry: true },
    invitationsDeleteAccounts: false,
    catalog: { groups, apps: { portal: { id: SP, displayName: "Portal", owners: ["owner@contoso.com"], roles: { Reader: roleId(0), Contributor: roleId(1) } } } },
    guests: list,
  };
}

/** The collections drift reads, as the client asks for them. */
export function driftPaths(state: DesiredState): string[] {
  return [
    ...Object.values(state.catalog.groups).map((g) => `/groups/${g.id}/members?$select=id&$top=999`),
    ...Object.values(state.catalog.apps).map((a) => `/servicePrincipals/${a.id}/appRoleAssignedTo?$select=id,principalId,principalType,appRoleId&$top=999`),
    `/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=id,mail,userPrincipalName,displayName,userType,accountEnabled,createdDateTime,creationType,externalUserState,externalUserStateChangeDateTime&$top=999`,
  ];
}
