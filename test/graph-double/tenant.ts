// The data a Graph double serves: users, groups and service principals in Graph v1.0 shapes.
// https://learn.microsoft.com/graph/api/resources/user, .../group, .../approleassignment
import type { DoubleTenantPolicies } from "./tenant-policies";

export interface DoubleUser {
  id: string;
  displayName: string;
  mail: string | null;
  /** Other addresses of the account; Graph returns [] when there are none. */
  otherMails: string[];
  userPrincipalName: string;
  /** null or absent on some accounts Graph returns (a fault guestops must not take for "Guest"). */
  userType: "Guest" | "Member" | null;
  accountEnabled: boolean;
  createdDateTime: string;
  creationType: string | null;
  externalUserState: "PendingAcceptance" | "Accepted" | null;
  externalUserStateChangeDateTime: string | null;
  signInActivity: { lastSignInDateTime: string | null; lastSuccessfulSignInDateTime: string | null; lastNonInteractiveSignInDateTime: string | null } | null;
  sponsors: string[];
}

export interface DoubleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: "User" | "Group" | "ServicePrincipal";
  principalDisplayName: string;
  createdDateTime: string;
}

/** https://learn.microsoft.com/graph/api/resources/approle */
export interface DoubleAppRole {
  id: string;
  value: string | null;
  displayName: string;
  description?: string;
  isEnabled: boolean;
  allowedMemberTypes: ("User" | "Application")[];
  origin?: string;
}

export interface DoubleTenant {
  tenantId: string;
  /** The home tenant's initial domain, for guests' #EXT# user principal names. */
  initialDomain: string;
  users: DoubleUser[];
  groups: { id: string; displayName: string; members: string[] }[];
  servicePrincipals: { id: string; displayName: string; appId?: string; appRoles?: DoubleAppRole[]; assignments: DoubleAssignment[] }[];
  /** The tenant's guardrails; a fresh tenant's (freshTenantPolicies) when absent. */
  policies?: DoubleTenantPolicies;
}

/** A guest as Graph creates it on invitation, with its #EXT# user principal name. */
export function guestUser(tenant: Pick<DoubleTenant, "initialDomain">, fields: Partial<DoubleUser> & { id: string; mail: string }): DoubleUser {
  const upn = `${fields.mail.replace("@", "_")}#EXT#@${tenant.initialDomain}`;
  return {
    displayName: fields.mail,
    otherMails: [],
    userPrincipalName: upn,
    userType: "Guest",
    accountEnabled: true,
    createdDateTime: "2026-01-15T09:00:00Z",
    creationType: "Invitation",
    externalUserState: "Accepted",
    externalUserStateChangeDateTime: "2026-01-16T10:00:00Z",
    signInActivity: { lastSignInDateTime: "2026-11-20T08:00:00Z", lastSuccessfulSignInDateTime: "2026-11-20T08:00:00Z", lastNonInteractiveSignInDateTime: null },
    sponsors: [],
    ...fields,
  };
}

/** A deterministic object id from a number, so seeded tenants and goldens stay stable. */
export function fakeId(prefix: number, n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${hex}`;
}
