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
//
// Inputs (resourcesFor, src/model/resources-for.ts, builds them; keep them stable):
//
// AuthorizationPolicy (dynamic; registered when allowInvitesFrom or guestAccess is set; no replacement):
//   allowInvitesFrom?: AllowInvitesFrom            absent: not managed
//   guestUserRoleId?: string                       GUEST_USER_ROLE_IDS[guestAccess]; absent: not managed
// CrossTenantPartner (dynamic; one per declared partner tenant id; a new tenantId replaces it):
//   tenantId: string                               lower case
//   partner: string                                the partner file's `partner`, for people only
//   inboundTrust: { isMfaAccepted: boolean, isCompliantDeviceAccepted: boolean }
//   b2bCollaborationInbound?: { applications: string[] }
//                                                  under crossTenant.limitInboundToCatalog: the catalog apps'
//                                                  SERVICE PRINCIPAL object ids, sorted; the provider resolves
//                                                  each to its appId and writes applications
//                                                  { accessType: allowed, targets: [{ target: appId,
//                                                  targetType: application }] }. Absent: inbound not managed.
//                                                  Graph's inbound usersAndGroups name the PARTNER's users and
//                                                  groups, so the catalog's groups are never a target.
// B2BDomainList (dynamic, Graph beta policies/b2bManagementPolicies; registered unless domainList is off):
//   mode: "allow" | "deny"
//   domains: string[]                              lower case, sorted
// ConditionalAccessPolicy tenant/guest-mfa (azuread, explicit provider `tenant`; absent when guestMfa is off):
//   displayName: "guestops <stack>: MFA for guests and external users"
//   state: "enabled" | "enabledForReportingButNotEnforced"
//   conditions: { clientAppTypes: ["all"], applications: { includedApplications: ["All"] },
//     users: { includedGuestsOrExternalUsers: [{ guestOrExternalUserTypes: GUEST_OR_EXTERNAL_USER_TYPES,
//       externalTenants: [{ membershipKind: "all" }] }],
//       excludedUsers: string[] } }                 ADDRESSES (lower case): the program resolves them to object ids
//   grantControls: { operator: "OR" | "AND",       AND only with termsOfUses (both required)
//     builtInControls?: ["mfa"] | authenticationStrengthPolicyId?: "/policies/authenticationStrengthPolicies/<id>",
//     termsOfUses?: [agreementId] }

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

/** What a stack deploys (stack `deploys`). */
export type Deploys = "guests" | "tenantPolicy" | "both";

/** A whole stack deploys both by default; a shard only its guests, so that one tenant file's guardrails have one deployer. */
export function deploysOf(stack: { tenant?: unknown; deploys?: unknown } | undefined): Deploys {
  const d = stack?.deploys;
  if (d === "guests" || d === "tenantPolicy" || d === "both") return d;
  return typeof stack?.tenant === "string" ? "guests" : "both";
}

export function deploysGuests(stack: { tenant?: unknown; deploys?: unknown } | undefined): boolean {
  return deploysOf(stack) !== "tenantPolicy";
}

export function deploysTenantPolicy(stack: { tenant?: unknown; deploys?: unknown } | undefined): boolean {
  return deploysOf(stack) !== "guests";
}
