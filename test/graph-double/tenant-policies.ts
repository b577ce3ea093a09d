// The tenant's guardrails as the Graph double serves them: the authorization policy, cross-tenant access
// (default and partners), the B2B domain list (beta b2bManagementPolicies) and Conditional Access policies.
// Shapes follow Graph v1.0 (beta for the domain list):
// https://learn.microsoft.com/graph/api/resources/authorizationpolicy
// https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyconfigurationdefault
// https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyconfigurationpartner
// https://learn.microsoft.com/graph/api/resources/b2bmanagementpolicy?view=graph-rest-beta
// https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy
//
// Tests and the demo change these "in the tenant" by editing `tenant.policies` directly, or through the
// same PATCH requests an administrator's tool would send.

export type Json = Record<string, unknown>;

export interface DoubleTenantPolicies {
  /** GET /policies/authorizationPolicy, without @odata.context. */
  authorizationPolicy: Json;
  /** GET /policies/crossTenantAccessPolicy/default. */
  crossTenantDefault: Json;
  /** The partner configurations, in creation order (as Graph lists them). */
  partners: Json[];
  /** Beta /policies/b2bManagementPolicies. */
  b2bManagementPolicies: Json[];
  /** /identity/conditionalAccess/policies. */
  conditionalAccessPolicies: Json[];
}

export const GUEST_ROLE = {
  restricted: "2af84b1e-32c8-42b7-82bc-daa82404023b",
  limited: "10dae51f-b6af-4016-8d66-8c2a99b929b3",
  member: "a0b1b346-4d3e-4e8b-98f8-753987be4970",
} as const;

export const ALLOW_INVITES_FROM = ["none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"] as const;
const CA_STATES = ["enabled", "disabled", "enabledForReportingButNotEnforced"] as const;

/** Read and write permissions of each endpoint (the least privileged ones Graph's API pages name). */
export const POLICY_PERMISSIONS = {
  read: "Policy.Read.All",
  authorization: "Policy.ReadWrite.Authorization",
  crossTenant: "Policy.ReadWrite.CrossTenantAccess",
  conditionalAccess: "Policy.ReadWrite.ConditionalAccess",
  // The beta b2bManagementPolicy pages name only these two, for reads as for writes.
  b2bRead: "Policy.Read.B2BManagementPolicy",
  b2bWrite: "Policy.ReadWrite.B2BManagementPolicy",
} as const;

/** The inbound and outbound B2B settings every fresh tenant has: all users, all applications, allowed. */
function b2bSetting(accessType: "allowed" | "blocked"): Json {
  return {
    usersAndGroups: { accessType, targets: [{ target: "AllUsers", targetType: "user" }] },
    applications: { accessType, targets: [{ target: "AllApplications", targetType: "application" }] },
  };
}

/** The settings of a tenant nobody has changed. */
export function freshTenantPolicies(): DoubleTenantPolicies {
  return {
    authorizationPolicy: {
      id: "authorizationPolicy",
      displayName: "Authorization Policy",
      description: "Used to manage authorization related settings across the company.",
      // "everyone is the default setting for all cloud environments except US Government".
      allowInvitesFrom: "everyone",
      allowedToSignUpEmailBasedSubscriptions: true,
      allowedToUseSSPR: true,
      allowEmailVerifiedUsersToJoinOrganization: false,
      allowUserConsentForRiskyApps: null,
      blockMsolPowerShell: false,
      guestUserRoleId: GUEST_ROLE.limited,
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateSecurityGroups: true,
        allowedToCreateTenants: true,
        allowedToReadBitlockerKeysForOwnedDevice: true,
        allowedToReadOtherUsers: true,
        permissionGrantPoliciesAssigned: ["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"],
      },
    },
    crossTenantDefault: {
      isServiceDefault: true,
      inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false },
      b2bCollaborationInbound: b2bSetting("allowed"),
      b2bCollaborationOutbound: b2bSetting("allowed"),
      b2bDirectConnectInbound: b2bSetting("blocked"),
      b2bDirectConnectOutbound: b2bSetting("blocked"),
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
      invitationRedemptionIdentityProviderConfiguration: {
        primaryIdentityProviderPrecedenceOrder: ["azureActiveDirectory", "externalFederation", "socialIdentityProviders"],
        fallbackIdentityProvider: "defaultConfiguredIdp",
      },
      tenantRestrictions: null,
    },
    partners: [],
    b2bManagementPolicies: [],
    conditionalAccessPolicies: [],
  };
}

/** A partner configuration as Graph creates it: every setting null, that is, inherited from the default. */
export function partnerOf(tenantId: string, settings: Json = {}): Json {
  return {
    tenantId,
    isServiceProvider: null,
    isInMultiTenantOrganization: false,
    inboundTrust: null,
    b2bCollaborationInbound: null,
    b2bCollaborationOutbound: null,
    b2bDirectConnectInbound: null,
    b2bDirectConnectOutbound: null,
    automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
    tenantRestrictions: null,
    ...settings,
  };
}

/** The definition string of a B2B management policy holding an allow or a block list. */
export function domainListDefinition(mode: "allow" | "deny", domains: readonly string[]): string {
  const list = mode === "allow" ? { AllowedDomains: domains } : { BlockedDomains: domains };
  return JSON.stringify({ B2BManagementPolicy: { InvitationsAllowedAndBlockedDomainsPolicy: list, AutoRedemptionPolicy: { AdminConsentedForUsersIntoTenantIds: [], NoAADConsentForUsersFromTenantsIds: [] } } });
}

/** A Conditional Access policy requiring MFA of guests and external users on all apps, as an admin would create it. */
export function guestMfaPolicy(id: string, state: (typeof CA_STATES)[number], excludeUsers: string[], displayName = "Require MFA for guests"): Json {
  return {
    id,
    templateId: null,
    displayName,
    createdDateTime: "2026-06-01T09:00:00Z",
    modifiedDateTime: null,
    state,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ["all"],
      platforms: null,
      locations: null,
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [] },
      users: {
        includeUsers: [],
        excludeUsers,
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: {
          guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider",
          externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
        },
        excludeGuestsOrExternalUsers: null,
      },
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
    sessionControls: null,
  };
}

export interface PolicyAnswer {
  status: number;
  body?: unknown;
}

/** What the double's router lends the policy endpoints: permissions, paging and its error shapes. */
export interface PolicyContext {
  policies: DoubleTenantPolicies;
  has(permission: string): boolean;
  page(rows: readonly Json[], q: URLSearchParams, path: string, entity: string): PolicyAnswer;
  error(status: number, code: string, message: string): PolicyAnswer;
  /** Counts down the reads by id of a just-created object that Graph does not see yet; true while it hides. */
  hidden(id: string): boolean;
  /** Marks a created object as not yet visible to reads by id. */
  created(id: string): void;
  base: string;
  newId(): string;
  now(): string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The answer for a policy endpoint, or undefined when `path` is not one. `path` is below /v1.0, or starts
 * with /beta for the beta endpoints.
 */
export function servePolicies(ctx: PolicyContext, method: string, path: string, q: URLSearchParams, body: unknown): PolicyAnswer | undefined {
  let m: RegExpExecArray | null;
  if (path === "/policies/authorizationPolicy") return authorization(ctx, method, body);
  if (path === "/policies/crossTenantAccessPolicy/default") return crossTenantDefault(ctx, method, body);
  if (path === "/policies/crossTenantAccessPolicy/partners") return partners(ctx, method, q, path, body);
  if ((m = /^\/policies\/crossTenantAccessPolicy\/partners\/([^/]+)$/.exec(path))) return partner(ctx, method, decodeURIComponent(m[1]!), body);
  if (path === "/beta/policies/b2bManagementPolicies") return collection(ctx, method, q, path, body, B2B);
  if ((m = /^\/beta\/policies\/b2bManagementPolicies\/([^/]+)$/.exec(path))) return item(ctx, method, decodeURIComponent(m[1]!), body, B2B);
  if (path === "/identity/conditionalAccess/policies") return collection(ctx, method, q, path, body, CA);
  if ((m = /^\/identity\/conditionalAccess\/policies\/([^/]+)$/.exec(path))) return item(ctx, method, decodeURIComponent(m[1]!), body, CA);
  return undefined;
}

function denied(ctx: PolicyContext): PolicyAnswer {
  return ctx.error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

function canRead(ctx: PolicyContext, write: string): boolean {
  return ctx.has(POLICY_PERMISSIONS.read) || ctx.has(write);
}

function badRequest(ctx: PolicyContext, message: string): PolicyAnswer {
  return ctx.error(400, "Request_BadRequest", message);
}

function notAllowed(ctx: PolicyContext): PolicyAnswer {
  return ctx.error(405, "Request_BadRequest", "The requested method is not allowed on this resource.");
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** PATCH semantics of OData: complex values merge property by property; collections and scalars replace. */
export function merge(target: Json, patch: Json): void {
  for (const [k, v] of Object.entries(patch)) {
    if (k === "__proto__" || k.startsWith("@odata.")) continue;
    if (isObject(v) && isObject(target[k])) merge(target[k] as Json, v);
    else target[k] = structuredClone(v);
  }
}

function authorization(ctx: PolicyContext, method: string, body: unknown): PolicyAnswer {
  const policy = ctx.policies.authorizationPolicy;
  if (method === "GET") {
    if (!canRead(ctx, POLICY_PERMISSIONS.authorization)) return denied(ctx);
    return { status: 200, body: { "@odata.context": `${ctx.base}/v1.0/$metadata#policies/authorizationPolicy/$entity`, ...structuredClone(policy) } };
  }
  if (method !== "PATCH") return notAllowed(ctx);
  if (!ctx.has(POLICY_PERMISSIONS.authorization)) return denied(ctx);
  if (!isObject(body)) return badRequest(ctx, "Empty or invalid payload.");
  if ("allowInvitesFrom" in body && !(ALLOW_INVITES_FROM as readonly unknown[]).includes(body.allowInvitesFrom)) return badRequest(ctx, "Invalid value specified for property 'allowInvitesFrom' of resource 'AuthorizationPolicy'.");
  if ("guestUserRoleId" in body && !(Object.values(GUEST_ROLE) as unknown[]).includes(body.guestUserRoleId)) return badRequest(ctx, "Invalid value specified for property 'guestUserRoleId' of resource 'AuthorizationPolicy'.");
  if ("id" in body && body.id !== policy.id) return badRequest(ctx, "Property 'id' is read-only and cannot be set.");
  merge(policy, body);
  return { status: 204 };
}

function crossTenantDefault(ctx: PolicyContext, method: string, body: unknown): PolicyAnswer {
  if (method === "GET") {
    if (!canRead(ctx, POLICY_PERMISSIONS.crossTenant)) return denied(ctx);
    return { status: 200, body: { "@odata.context": `${ctx.base}/v1.0/$metadata#policies/crossTenantAccessPolicy/default/$entity`, ...structuredClone(ctx.policies.crossTenantDefault) } };
  }
  // The default is never deleted; Graph only resets it (resetToSystemDefault), which guestops never calls.
  if (method !== "PATCH") return notAllowed(ctx);
  if (!ctx.has(POLICY_PERMISSIONS.crossTenant)) return denied(ctx);
  if (!isObject(body)) return badRequest(ctx, "Empty or invalid payload.");
  const invalid = invalidPartnerSettings(body);
  if (invalid) return badRequest(ctx, invalid);
  merge(ctx.policies.crossTenantDefault, body);
  ctx.policies.crossTenantDefault.isServiceDefault = false;
  return { status: 204 };
}

function invalidPartnerSettings(body: Json): string | undefined {
  const trust = body.inboundTrust;
  if (trust !== undefined && trust !== null) {
    if (!isObject(trust)) return "Invalid value for property 'inboundTrust'.";
    for (const k of ["isMfaAccepted", "isCompliantDeviceAccepted", "isHybridAzureADJoinedDeviceAccepted"]) {
      if (k in trust && typeof trust[k] !== "boolean" && trust[k] !== null) return `Invalid value for property '${k}'.`;
    }
  }
  for (const k of ["b2bCollaborationInbound", "b2bCollaborationOutbound", "b2bDirectConnectInbound", "b2bDirectConnectOutbound"]) {
    const setting = body[k];
    if (setting === undefined || setting === null) continue;
    if (!isObject(setting)) return `Invalid value for property '${k}'.`;
    for (const part of ["usersAndGroups", "applications"]) {
      const target = setting[part];
      if (target === undefined || target === null) continue;
      if (!isObject(target) || !["allowed", "blocked"].includes(target.accessType as string) || !Array.isArray(target.targets)) return `Invalid value for property '${k}.${part}'.`;
    }
  }
  return undefined;
}

function partners(ctx: PolicyContext, method: string, q: URLSearchParams, path: string, body: unknown): PolicyAnswer {
  if (method === "GET") {
    if (!canRead(ctx, POLICY_PERMISSIONS.crossTenant)) return denied(ctx);
    return ctx.page(ctx.policies.partners, q, path, "policies/crossTenantAccessPolicy/partners");
  }
  if (method !== "POST") return notAllowed(ctx);
  if (!ctx.has(POLICY_PERMISSIONS.crossTenant)) return denied(ctx);
  if (!isObject(body) || typeof body.tenantId !== "string" || !GUID.test(body.tenantId)) return badRequest(ctx, "Property 'tenantId' is required and must be a tenant id.");
  const invalid = invalidPartnerSettings(body);
  if (invalid) return badRequest(ctx, invalid);
  const tenantId = body.tenantId.toLowerCase();
  if (ctx.policies.partners.some((p) => String(p.tenantId).toLowerCase() === tenantId)) return ctx.error(409, "Request_MultipleObjectsWithSameKeyValue", `A partner configuration for tenant '${tenantId}' already exists.`);
  const created = partnerOf(tenantId);
  merge(created, { ...body, tenantId });
  ctx.policies.partners.push(created);
  ctx.created(tenantId);
  return { status: 201, body: { "@odata.context": `${ctx.base}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners/$entity`, ...structuredClone(created) } };
}

function partner(ctx: PolicyContext, method: string, tenantId: string, body: unknown): PolicyAnswer {
  const id = tenantId.toLowerCase();
  const index = ctx.policies.partners.findIndex((p) => String(p.tenantId).toLowerCase() === id);
  if (index < 0 || ctx.hidden(id)) return ctx.error(404, "Request_ResourceNotFound", `Resource '${tenantId}' does not exist or one of its queried reference-property objects are not present.`);
  const found = ctx.policies.partners[index]!;
  if (method === "GET") return canRead(ctx, POLICY_PERMISSIONS.crossTenant) ? { status: 200, body: { "@odata.context": `${ctx.base}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners/$entity`, ...structuredClone(found) } } : denied(ctx);
  if (!ctx.has(POLICY_PERMISSIONS.crossTenant)) return denied(ctx);
  if (method === "DELETE") {
    ctx.policies.partners.splice(index, 1);
    return { status: 204 };
  }
  if (method !== "PATCH") return notAllowed(ctx);
  if (!isObject(body)) return badRequest(ctx, "Empty or invalid payload.");
  if ("tenantId" in body && String(body.tenantId).toLowerCase() !== id) return badRequest(ctx, "Property 'tenantId' cannot be changed.");
  const invalid = invalidPartnerSettings(body);
  if (invalid) return badRequest(ctx, invalid);
  merge(found, body);
  return { status: 204 };
}

interface Kind {
  entity: string;
  version: "v1.0" | "beta";
  read: string;
  write: string;
  /** Refuses a created or patched object, or undefined when it is fine. */
  check(value: Json, creating: boolean): string | undefined;
  /** The object as Graph stores it on create. */
  create(body: Json, ctx: PolicyContext): Json;
  list(p: DoubleTenantPolicies): Json[];
}

const B2B: Kind = {
  entity: "policies/b2bManagementPolicies",
  version: "beta",
  read: POLICY_PERMISSIONS.b2bRead,
  write: POLICY_PERMISSIONS.b2bWrite,
  check(value, creating) {
    if (creating && typeof value.displayName !== "string") return "Property 'displayName' is required.";
    if (creating || "definition" in value) {
      const d = value.definition;
      if (!Array.isArray(d) || d.length === 0 || !d.every((s) => typeof s === "string" && parses(s))) return "Property 'definition' must be a collection of JSON strings.";
    }
    return undefined;
  },
  create: (body, ctx) => ({ "@odata.type": "#microsoft.graph.b2bManagementPolicy", id: ctx.newId(), deletedDateTime: null, description: null, displayName: "", definition: [], isOrganizationDefault: false, ...body }),
  list: (p) => p.b2bManagementPolicies,
};

const CA: Kind = {
  entity: "identity/conditionalAccess/policies",
  version: "v1.0",
  read: POLICY_PERMISSIONS.read,
  write: POLICY_PERMISSIONS.conditionalAccess,
  check(value, creating) {
    if (creating && (typeof value.displayName !== "string" || value.displayName.length === 0)) return "Property 'displayName' is required.";
    if ((creating || "state" in value) && !(CA_STATES as readonly unknown[]).includes(value.state)) return "Invalid value specified for property 'state'.";
    if (creating && !isObject(value.conditions)) return "Property 'conditions' is required.";
    if (creating && !isObject(value.grantControls) && !isObject(value.sessionControls)) return "A policy needs grantControls or sessionControls.";
    return undefined;
  },
  create: (body, ctx) => ({ id: ctx.newId(), templateId: null, createdDateTime: ctx.now(), modifiedDateTime: null, sessionControls: null, ...body }),
  list: (p) => p.conditionalAccessPolicies,
};

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function collection(ctx: PolicyContext, method: string, q: URLSearchParams, path: string, body: unknown, kind: Kind): PolicyAnswer {
  const rows = kind.list(ctx.policies);
  if (method === "GET") {
    if (!ctx.has(kind.read) && !ctx.has(kind.write)) return denied(ctx);
    return ctx.page(rows, q, path, kind.entity);
  }
  if (method !== "POST") return notAllowed(ctx);
  if (!ctx.has(kind.write)) return denied(ctx);
  if (!isObject(body)) return badRequest(ctx, "Empty or invalid payload.");
  const invalid = kind.check(body, true);
  if (invalid) return badRequest(ctx, invalid);
  const { id: _ignored, ...rest } = body;
  const created = kind.create(structuredClone(rest), ctx);
  rows.push(created);
  ctx.created(String(created.id));
  return { status: 201, body: { "@odata.context": `${ctx.base}/${kind.version}/$metadata#${kind.entity}/$entity`, ...structuredClone(created) } };
}

function item(ctx: PolicyContext, method: string, id: string, body: unknown, kind: Kind): PolicyAnswer {
  const rows = kind.list(ctx.policies);
  const index = rows.findIndex((r) => r.id === id);
  if (index < 0 || ctx.hidden(id)) return ctx.error(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const found = rows[index]!;
  if (method === "GET") return ctx.has(kind.read) || ctx.has(kind.write) ? { status: 200, body: { "@odata.context": `${ctx.base}/${kind.version}/$metadata#${kind.entity}/$entity`, ...structuredClone(found) } } : denied(ctx);
  if (!ctx.has(kind.write)) return denied(ctx);
  if (method === "DELETE") {
    rows.splice(index, 1);
    return { status: 204 };
  }
  if (method !== "PATCH") return notAllowed(ctx);
  if (!isObject(body)) return badRequest(ctx, "Empty or invalid payload.");
  const invalid = kind.check(body, false);
  if (invalid) return badRequest(ctx, invalid);
  if ("id" in body && body.id !== id) return badRequest(ctx, "Property 'id' is read-only and cannot be set.");
  merge(found, body);
  if (kind === CA) found.modifiedDateTime = ctx.now();
  return { status: 204 };
}
