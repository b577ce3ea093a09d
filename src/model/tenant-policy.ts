// The tenant's guardrails as desired state: who may invite, what guests see, which partner tenants are
// trusted, the B2B domain list and Conditional Access for guests (stack `tenantPolicy`, partner files'
// `tenantIds` and `crossTenant`). Pure data; resourcesFor maps it to resources like guests.
//
// The resources, one contract for the mapping, the Pulumi program, the plan, drift and import:
//
// | type token                                                      | logical name                     |
// |-----------------------------------------------------------------|----------------------------------|
// | pulumi-nodejs:dynamic/guestops:AuthorizationPolicy               | tenant/authorization-policy      |
// | pulumi-nodejs:dynamic/guestops:CrossTenantPartner                | cross-tenant/<tenantId>          |
// | pulumi-nodejs:dynamic/guestops:B2BDomainList                     | tenant/b2b-domain-list           |
// | azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy   | tenant/guest-mfa                 |
//
// The dynamic ones never delete a tenant default: each keeps in its state the value it read before its
// first write (`restore`), and its delete writes that back.

/** Graph's `allowInvitesFrom` on v1.0 policies/authorizationPolicy. */
export type AllowInvitesFrom = "none" | "adminsAndGuestInviters" | "adminsGuestInvitersAndAllMembers" | "everyone";

/** The guest user role, by its name in the stack file. */
export type GuestAccess = "restricted" | "limited" | "member";

/** Graph's `guestUserRoleId` for each guest user role (v1.0 authorizationPolicy). */
export const GUEST_USER_ROLE_IDS: Readonly<Record<GuestAccess, string>> = {
  // "Guest user access is restricted to properties and memberships of their own directory objects".
  restricted: "2af84b1e-32c8-42b7-82bc-daa82404023b",
  // "Guest users have limited access to properties and memberships of directory objects" (the default).
  limited: "10dae51f-b6af-4016-8d66-8c2a99b929b3",
  // "Guest users have the same access as members".
  member: "a0b1b346-4d3e-4e8b-98f8-753987be4970",
};

export type GuestMfa = "off" | "reportOnly" | "on";
export type DomainListMode = "off" | "allow" | "deny";

export interface DesiredConditionalAccess {
  guestMfa: GuestMfa;
  /** Internal addresses (break-glass accounts) always excluded; never empty unless guestMfa is off. */
  excludeAccounts: string[];
  /** An authentication strength policy's id, instead of plain MFA. */
  authenticationStrengthId?: string;
  /** An existing terms of use (agreement) id the guests must accept. */
  termsOfUseId?: string;
}

export interface DesiredCrossTenantPartner {
  /** The partner organisation's tenant id, lower case. */
  tenantId: string;
  /** The partner file's `partner` name and path, for messages. */
  partner: string;
  file: string;
  trustMfa: boolean;
  trustCompliantDevice: boolean;
}

export interface DesiredTenantPolicy {
  /** Absent: not managed, the tenant's value is left alone. */
  allowInvitesFrom?: AllowInvitesFrom;
  guestAccess?: GuestAccess;
  conditionalAccess?: DesiredConditionalAccess;
  domainList: DomainListMode;
  /** The domains of the list: the partner files' `domains` (allow) or policy.blockedDomains (deny); sorted. */
  domainListDomains: string[];
  /** B2B collaboration inbound for declared partner tenants limited to the catalog's apps. */
  limitInboundToCatalog: boolean;
  /** Sorted by tenantId. */
  partners: DesiredCrossTenantPartner[];
}
