// The Graph writes of the tenant policy's dynamic resources, behind a narrow interface: the authorization
// policy, a partner's cross-tenant access configuration, the B2B management policy (the domain list) and
// the app id of a catalog app. Every request goes through the shared sender (graph-send.ts), so they
// retry, wait and fail as GuestLifecycle's do. Every answer is untrusted and read by the one checked parse
// that drift and status use too (parse-policy-answers.ts); here, a shape these settings cannot have, and
// any value guestops does not know, is refused with the request and what is wrong, before anything is
// written from it.
import { terminal } from "../output/escape";
import type { AllowInvitesFrom } from "../model/tenant-policy";
import { GraphError } from "./graph-error";
import { createSender, type SendOptions } from "./graph-send";
import {
  checkAuthorization,
  checkB2BPolicies,
  checkPartner,
  isObject,
  MAX_B2B_POLICY_CHARS,
  refusalOf,
  UUID,
  type Answer,
  type B2BPolicy,
  type Checked,
  type PartnerSettings,
} from "./parse-policy-answers";

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

export type { AccessTarget, B2BPolicy, B2BSetting, InboundTrust, PartnerSettings, TargetConfiguration } from "./parse-policy-answers";

/** The authorization policy's two settings, both known (an answer with another value is refused). */
export interface AuthorizationSettings {
  allowInvitesFrom: AllowInvitesFrom;
  guestUserRoleId: string;
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

/**
 * The answer's exact values, or a refusal: a provider writes, and restores on delete, only values it
 * knows, so an answer with anything guestops does not know is refused before anything is written.
 */
function known<T>(at: Answer, checked: Checked<T>): T {
  const first = checked.unknowns[0];
  if (first) throw new GraphError(at.request, refusalOf(first), at.hint);
  return checked.value;
}

export function parseAuthorization(request: string, body: unknown): AuthorizationSettings {
  const at = { request, hint: MISBEHAVING };
  const value = known(at, checkAuthorization(at, body));
  // known() refused an answer without both.
  return { allowInvitesFrom: value.allowInvitesFrom!, guestUserRoleId: value.guestUserRoleId! };
}

export function parsePartner(request: string, body: unknown, tenantId: string): PartnerSettings {
  const at = { request, hint: MISBEHAVING };
  const checked = checkPartner(at, body, 1);
  if (checked.value.tenantId !== tenantId.toLowerCase()) throw new GraphError(request, "Graph's answer is the configuration of another tenant, not of the one asked for", MISBEHAVING);
  const { inboundTrust, b2bCollaborationInbound } = known(at, checked);
  return { inboundTrust, b2bCollaborationInbound };
}

/** The organization default among the tenant's B2B management policies (one GET, as a collection). */
export function parseB2BPolicies(request: string, body: unknown): B2BPolicy | undefined {
  const at = { request, hint: MISBEHAVING };
  if (!isObject(body) || !Array.isArray(body.value)) throw new GraphError(request, "Graph's answer has no `value` list, so it is not a collection", MISBEHAVING);
  return known(at, checkB2BPolicies(at, body.value));
}

function definitionText(definition: Record<string, unknown>): string {
  const text = JSON.stringify(definition);
  if (text.length > MAX_B2B_POLICY_CHARS) {
    throw new GraphError(`PATCH /beta${B2B_POLICIES}`, `the B2B management policy would be ${text.length} characters, more than the ${MAX_B2B_POLICY_CHARS} Entra allows`, "shorten the domain list (partner files' domains, or policy.blockedDomains); nothing was written");
  }
  return text;
}
