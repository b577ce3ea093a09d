// The Graph writes of the tenant policy's dynamic resources, behind a narrow interface: the authorization
// policy, a partner's cross-tenant access configuration, the B2B management policy (the domain list) and
// the app id of a catalog app. Every request goes through the shared sender (graph-send.ts), so they
// retry, wait and fail as GuestLifecycle's do. Every answer is untrusted: a shape these settings cannot
// have is refused with the request and what is wrong, before anything is written from it.
import { terminal } from "../output/escape";
import type { AllowInvitesFrom } from "../model/tenant-policy";
import { GraphError } from "./graph-error";
import { createSender, type SendOptions } from "./graph-send";

/**
 * The application permissions each request needs, named in a 403's error; docs/platform-team.md lists
 * exactly these for the tenant policy's identity (test/docs-policy-permissions.test.ts).
 * https://learn.microsoft.com/graph/api/authorizationpolicy-update, crosstenantaccesspolicy-post-partners,
 * policyroot-list-b2bmanagementpolicies (beta), conditionalaccessroot-post-policies.
 */
export const POLICY_PERMISSIONS = {
  read: "Policy.Read.All",
  authorization: "Policy.ReadWrite.Authorization",
  crossTenant: "Policy.ReadWrite.CrossTenantAccess",
  conditionalAccess: "Policy.ReadWrite.ConditionalAccess",
  b2bManagement: "Policy.ReadWrite.B2BManagementPolicy",
  apps: "Application.Read.All",
  users: "User.Read.All",
} as const;

/** Why the tenant policy's identity holds each permission, for the docs' table. */
export const POLICY_PERMISSION_USES: Readonly<Record<(typeof POLICY_PERMISSIONS)[keyof typeof POLICY_PERMISSIONS], string>> = {
  "Policy.Read.All": "read the authorization policy, partner configurations and Conditional Access policies before writing them, and for drift",
  "Policy.ReadWrite.Authorization": "who may invite and the guest user role (`PATCH /policies/authorizationPolicy`)",
  "Policy.ReadWrite.CrossTenantAccess": "partner configurations (`/policies/crossTenantAccessPolicy/partners/{tenantId}`); never the default",
  "Policy.ReadWrite.ConditionalAccess": "the guest MFA policy (`azuread.ConditionalAccessPolicy`)",
  "Policy.ReadWrite.B2BManagementPolicy": "the B2B domain list (beta `/policies/b2bManagementPolicies`); it also reads it",
  "Application.Read.All": "the catalog apps' app ids, for a partner's B2B collaboration inbound",
  "User.Read.All": "the break-glass accounts' object ids, excluded from the guest MFA policy",
};

export const ALLOW_INVITES_FROM: readonly AllowInvitesFrom[] = ["none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"];

export interface AuthorizationSettings {
  allowInvitesFrom: AllowInvitesFrom;
  guestUserRoleId: string;
}

/** https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyinboundtrust */
export interface InboundTrust {
  isMfaAccepted: boolean;
  isCompliantDeviceAccepted: boolean;
  isHybridAzureADJoinedDeviceAccepted: boolean;
}

/** crossTenantAccessPolicyTarget: a user, group or application, or AllUsers, AllApplications, Office365. */
export interface AccessTarget {
  target: string;
  targetType: string;
}

export interface TargetConfiguration {
  accessType: "allowed" | "blocked";
  targets: AccessTarget[];
}

/** crossTenantAccessPolicyB2BSetting; a part that is null or absent inherits the default. */
export interface B2BSetting {
  usersAndGroups?: TargetConfiguration | null;
  applications?: TargetConfiguration | null;
}

/** The parts of a partner configuration guestops manages; null inherits the tenant's default. */
export interface PartnerSettings {
  inboundTrust: InboundTrust | null;
  b2bCollaborationInbound: B2BSetting | null;
}

/** The organization default B2B management policy: its id and its one definition, parsed. */
export interface B2BPolicy {
  id: string;
  definition: Record<string, unknown>;
}

export interface TenantSettingsGraph {
  getAuthorizationPolicy(): Promise<AuthorizationSettings>;
  updateAuthorizationPolicy(patch: Partial<AuthorizationSettings>): Promise<void>;
  /** The partner's configuration, or undefined when the tenant has none for it (it inherits the default). */
  getPartner(tenantId: string): Promise<PartnerSettings | undefined>;
  createPartner(tenantId: string, settings: Partial<PartnerSettings>): Promise<void>;
  updatePartner(tenantId: string, settings: Partial<PartnerSettings>): Promise<void>;
  deletePartner(tenantId: string): Promise<void>;
  /** The appId of the service principal with this object id; refuses one that does not exist. */
  appIdOf(servicePrincipalId: string): Promise<string>;
  /** The organization default B2B management policy, or undefined when the tenant has none. */
  getB2BPolicy(): Promise<B2BPolicy | undefined>;
  /** Creates the organization default; returns its id. */
  createB2BPolicy(definition: Record<string, unknown>): Promise<string>;
  updateB2BPolicy(id: string, definition: Record<string, unknown>): Promise<void>;
  deleteB2BPolicy(id: string): Promise<void>;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** https://learn.microsoft.com/entra/external-id/allow-deny-list: the whole policy is at most 25,000 characters. */
export const MAX_B2B_POLICY_CHARS = 25_000;
const MISBEHAVING = "nothing was written; check GUESTOPS_GRAPH_URL and any proxy in between, and try again";
const PARTNERS = "/policies/crossTenantAccessPolicy/partners";
const B2B_POLICIES = "/policies/b2bManagementPolicies";

export function createTenantSettingsGraph(options: SendOptions): TenantSettingsGraph {
  const send = createSender(options);

  /**
   * A partner's path. Only a tenant id, never `default`: the tenant's default cross-tenant policy is
   * one level up (`/policies/crossTenantAccessPolicy/default`) and nothing here builds that path.
   */
  const partner = (tenantId: string): string => {
    if (!UUID.test(tenantId)) throw new GraphError(`${PARTNERS}/…`, `${JSON.stringify(terminal(tenantId))} is not a tenant id`, "a partner is named by its tenant id, a UUID; nothing was sent");
    return `${PARTNERS}/${tenantId.toLowerCase()}`;
  };

  return {
    async getAuthorizationPolicy() {
      const path = "/policies/authorizationPolicy";
      const { body } = await send({ method: "GET", path, permission: POLICY_PERMISSIONS.read });
      return parseAuthorization(`GET /v1.0${path}`, body);
    },
    async updateAuthorizationPolicy(patch) {
      await send({ method: "PATCH", path: "/policies/authorizationPolicy", body: patch, permission: POLICY_PERMISSIONS.authorization });
    },
    async getPartner(tenantId) {
      const path = partner(tenantId);
      try {
        const { body } = await send({ method: "GET", path, permission: POLICY_PERMISSIONS.read });
        return parsePartner(`GET /v1.0${path}`, body, tenantId);
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) return undefined;
        throw err;
      }
    },
    async createPartner(tenantId, settings) {
      partner(tenantId);
      try {
        await send({ method: "POST", path: PARTNERS, body: { tenantId: tenantId.toLowerCase(), ...settings }, permission: POLICY_PERMISSIONS.crossTenant });
      } catch (err) {
        // A retried POST whose first attempt Graph did carry out: the configuration is there, so set it.
        if (!(err instanceof GraphError) || err.status !== 409) throw err;
        await send({ method: "PATCH", path: partner(tenantId), body: settings, permission: POLICY_PERMISSIONS.crossTenant });
      }
    },
    async updatePartner(tenantId, settings) {
      await send({ method: "PATCH", path: partner(tenantId), body: settings, permission: POLICY_PERMISSIONS.crossTenant });
    },
    async deletePartner(tenantId) {
      try {
        await send({ method: "DELETE", path: partner(tenantId), permission: POLICY_PERMISSIONS.crossTenant });
      } catch (err) {
        // Already gone is what was asked for.
        if (err instanceof GraphError && err.status === 404) return;
        throw err;
      }
    },
    async appIdOf(servicePrincipalId) {
      const path = `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}?$select=id,appId`;
      const name = `GET /v1.0${terminal(path)}`;
      let body: unknown;
      try {
        ({ body } = await send({ method: "GET", path, permission: POLICY_PERMISSIONS.apps }));
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) {
          throw new GraphError(name, `no service principal ${terminal(servicePrincipalId)} in the tenant`, "correct the app's id in the stack's catalog (guestops catalog look-up finds it by name); nothing was written");
        }
        throw err;
      }
      const appId = (body as { appId?: unknown } | undefined)?.appId;
      if (typeof appId !== "string" || !UUID.test(appId)) throw new GraphError(name, "Graph's answer has no appId that is a UUID", MISBEHAVING);
      return appId.toLowerCase();
    },
    async getB2BPolicy() {
      const path = B2B_POLICIES;
      const { body } = await send({ method: "GET", path, version: "beta", permission: POLICY_PERMISSIONS.b2bManagement });
      return parseB2BPolicies(`GET /beta${path}`, body);
    },
    async createB2BPolicy(definition) {
      const body = { displayName: "B2BManagementPolicy", description: "Managed by guestops", definition: [definitionText(definition)], isOrganizationDefault: true };
      const { body: created } = await send({ method: "POST", path: B2B_POLICIES, version: "beta", body, permission: POLICY_PERMISSIONS.b2bManagement });
      const id = (created as { id?: unknown } | undefined)?.id;
      if (typeof id !== "string" || !/^[\w-]{1,100}$/.test(id)) throw new GraphError(`POST /beta${B2B_POLICIES}`, "Graph's answer has no policy id", "the policy may have been created: look for it with GET /beta/policies/b2bManagementPolicies before running again");
      return id;
    },
    async updateB2BPolicy(id, definition) {
      await send({ method: "PATCH", path: `${B2B_POLICIES}/${encodeURIComponent(id)}`, version: "beta", body: { definition: [definitionText(definition)] }, permission: POLICY_PERMISSIONS.b2bManagement });
    },
    async deleteB2BPolicy(id) {
      try {
        await send({ method: "DELETE", path: `${B2B_POLICIES}/${encodeURIComponent(id)}`, version: "beta", permission: POLICY_PERMISSIONS.b2bManagement });
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) return;
        throw err;
      }
    },
  };
}

function refuse(request: string, what: string): GraphError {
  return new GraphError(request, `Graph's answer ${what}`, MISBEHAVING);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseAuthorization(request: string, body: unknown): AuthorizationSettings {
  if (!isObject(body)) throw refuse(request, "is not an object");
  const { allowInvitesFrom, guestUserRoleId } = body;
  if (typeof allowInvitesFrom !== "string" || !(ALLOW_INVITES_FROM as readonly string[]).includes(allowInvitesFrom)) {
    throw refuse(request, `has allowInvitesFrom ${JSON.stringify(typeof allowInvitesFrom === "string" ? terminal(allowInvitesFrom.slice(0, 60)) : allowInvitesFrom ?? null)}, not one of ${ALLOW_INVITES_FROM.join(", ")}`);
  }
  if (typeof guestUserRoleId !== "string" || !UUID.test(guestUserRoleId)) throw refuse(request, "has a guestUserRoleId that is not a UUID");
  return { allowInvitesFrom: allowInvitesFrom as AllowInvitesFrom, guestUserRoleId: guestUserRoleId.toLowerCase() };
}

export function parsePartner(request: string, body: unknown, tenantId: string): PartnerSettings {
  if (!isObject(body)) throw refuse(request, "is not an object");
  if (typeof body.tenantId !== "string" || body.tenantId.toLowerCase() !== tenantId.toLowerCase()) throw refuse(request, "is the configuration of another tenant, not of the one asked for");
  return { inboundTrust: parseTrust(request, body.inboundTrust), b2bCollaborationInbound: parseB2BSetting(request, body.b2bCollaborationInbound) };
}

function parseTrust(request: string, value: unknown): InboundTrust | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) throw refuse(request, "has an inboundTrust that is not an object");
  const flag = (name: keyof InboundTrust): boolean => {
    const v = value[name];
    if (v === null || v === undefined) return false;
    if (typeof v !== "boolean") throw refuse(request, `has inboundTrust.${name} that is not true or false`);
    return v;
  };
  return { isMfaAccepted: flag("isMfaAccepted"), isCompliantDeviceAccepted: flag("isCompliantDeviceAccepted"), isHybridAzureADJoinedDeviceAccepted: flag("isHybridAzureADJoinedDeviceAccepted") };
}

function parseB2BSetting(request: string, value: unknown): B2BSetting | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) throw refuse(request, "has a b2bCollaborationInbound that is not an object");
  const part = (name: "usersAndGroups" | "applications"): TargetConfiguration | null => {
    const v = value[name];
    if (v === null || v === undefined) return null;
    const where = `b2bCollaborationInbound.${name}`;
    if (!isObject(v) || (v.accessType !== "allowed" && v.accessType !== "blocked") || !Array.isArray(v.targets)) throw refuse(request, `has a ${where} without an accessType of allowed or blocked and a targets list`);
    const targets = v.targets.map((t: unknown) => {
      if (!isObject(t) || typeof t.target !== "string" || typeof t.targetType !== "string" || !/^[\w.-]{1,100}$/.test(t.target) || !/^\w{1,40}$/.test(t.targetType)) throw refuse(request, `has a ${where} target that is not an id and a type`);
      return { target: t.target, targetType: t.targetType };
    });
    return { accessType: v.accessType, targets };
  };
  return { usersAndGroups: part("usersAndGroups"), applications: part("applications") };
}

/** The organization default among the tenant's B2B management policies; more than one is refused. */
export function parseB2BPolicies(request: string, body: unknown): B2BPolicy | undefined {
  if (!isObject(body) || !Array.isArray(body.value)) throw refuse(request, "has no `value` list, so it is not a collection");
  const defaults = body.value.filter((p: unknown) => isObject(p) && p.isOrganizationDefault === true) as Record<string, unknown>[];
  if (defaults.length === 0) return undefined;
  if (defaults.length > 1) throw refuse(request, `has ${defaults.length} organization default policies; a tenant has one`);
  const policy = defaults[0]!;
  if (typeof policy.id !== "string" || !/^[\w-]{1,100}$/.test(policy.id)) throw refuse(request, "has a policy without an id");
  const definition = policy.definition;
  if (!Array.isArray(definition) || definition.length !== 1 || typeof definition[0] !== "string") throw refuse(request, "has a policy whose definition is not one JSON string");
  if (definition[0].length > MAX_B2B_POLICY_CHARS) throw refuse(request, `has a policy definition of ${definition[0].length} characters, more than the ${MAX_B2B_POLICY_CHARS} Entra allows`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition[0]);
  } catch {
    throw refuse(request, "has a policy definition that is not JSON");
  }
  if (!isObject(parsed) || !isObject(parsed.B2BManagementPolicy)) throw refuse(request, "has a policy definition without a B2BManagementPolicy object");
  const domains = parsed.B2BManagementPolicy.InvitationsAllowedAndBlockedDomainsPolicy;
  if (domains !== undefined && domains !== null) parseDomainsPolicy(request, domains);
  return { id: policy.id, definition: parsed };
}

/** InvitationsAllowedAndBlockedDomainsPolicy: AllowedDomains or BlockedDomains, each a list of domains. */
export function parseDomainsPolicy(request: string, value: unknown): { AllowedDomains?: string[]; BlockedDomains?: string[] } {
  if (!isObject(value)) throw refuse(request, "has an InvitationsAllowedAndBlockedDomainsPolicy that is not an object");
  const out: { AllowedDomains?: string[]; BlockedDomains?: string[] } = {};
  for (const key of ["AllowedDomains", "BlockedDomains"] as const) {
    const list = value[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || !list.every((d) => typeof d === "string" && /^[A-Za-z0-9.*-]{1,253}$/.test(d))) throw refuse(request, `has ${key} that is not a list of domain names`);
    out[key] = list as string[];
  }
  return out;
}

function definitionText(definition: Record<string, unknown>): string {
  const text = JSON.stringify(definition);
  if (text.length > MAX_B2B_POLICY_CHARS) {
    throw new GraphError(`PATCH /beta${B2B_POLICIES}`, `the B2B management policy would be ${text.length} characters, more than the ${MAX_B2B_POLICY_CHARS} Entra allows`, "shorten the domain list (partner files' domains, or policy.blockedDomains); nothing was written");
  }
  return text;
}
