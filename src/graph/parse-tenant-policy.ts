// The tenant's guardrails from Graph's answers, checked: every answer is untrusted. A field guestops
// compares that has the wrong type fails with an error naming the request and the field; a value Graph
// may add later (an enum member guestops does not know) is a note, and the setting shows as unknown.
// Pure: bodies in, guardrails out. read-tenant-policy.ts does the requests.
import { GUEST_USER_ROLE_IDS, type AllowInvitesFrom, type DomainListMode, type GuestAccess, type GuestMfa } from "../model/tenant-policy";
import { terminal } from "../output/escape";
import { GraphError } from "./graph-error";

export interface TenantPartnerConfig {
  /** Lower case. */
  tenantId: string;
  /** What the tenant applies to this partner: its own inbound trust, else the default's. */
  trustMfa: boolean;
  trustCompliantDevice: boolean;
  /** The partner's inboundTrust is null: it follows the default. */
  inheritsTrust: boolean;
  /** B2B collaboration inbound is set for this partner, not inherited. */
  limitsInbound: boolean;
}

export interface TenantDomainList {
  mode: DomainListMode;
  /** Lower case, sorted. */
  domains: string[];
  /** The b2bManagementPolicy's id, when there is one. */
  policyId?: string;
}

export interface TenantGuestMfaPolicy {
  id: string;
  displayName: string;
  guestMfa: GuestMfa;
  /** Object ids (lower case) in conditions.users.excludeUsers. */
  excludeUserIds: string[];
}

export interface TenantGuardrails {
  /** Undefined when Graph answered a value guestops does not know (see notes). */
  allowInvitesFrom?: AllowInvitesFrom;
  guestAccess?: GuestAccess;
  defaultTrust: { trustMfa: boolean; trustCompliantDevice: boolean };
  /** Sorted by tenantId. */
  partners: TenantPartnerConfig[];
  /** Undefined when it could not be read (beta; its permission; see notes). */
  domainList?: TenantDomainList;
  /** The Conditional Access policy that requires MFA of guests on all apps, if the tenant has one. */
  guestMfaPolicy?: TenantGuestMfaPolicy;
  /** Addresses of the excluded accounts, from their object ids; those not found stay as ids in `unresolvedExcludes`. */
  excludeAccounts: string[];
  unresolvedExcludes: string[];
  notes: string[];
}

const ALLOW_INVITES_FROM: readonly AllowInvitesFrom[] = ["none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A domain as the B2B list holds it: labels of letters, digits and hyphens. Anything else is not one.
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** No tenant holds more: Graph allows 195 Conditional Access policies; partners and domains stay far below. */
export const MAX_LIST = 5000;
/** Characters of a Graph string shown in a note. */
const SHOWN = 80;
const MISBEHAVING = "nothing was changed; try again, and if it persists check GUESTOPS_GRAPH_URL or --graph-url and any proxy in between";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A Graph string for a note: control and hidden characters escaped, and cut short. */
export function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const cut = text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
  return JSON.stringify(terminal(cut));
}

function fail(request: string, message: string): never {
  throw new GraphError(request, message, MISBEHAVING);
}

function optionalBoolean(request: string, owner: Json, field: string, where: string): boolean | undefined {
  const v = owner[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") fail(request, `Graph's ${where}.${field} is not true, false or null`);
  return v;
}

export interface AuthorizationSettings {
  allowInvitesFrom?: AllowInvitesFrom;
  guestAccess?: GuestAccess;
  notes: string[];
}

/** GET /policies/authorizationPolicy: who may invite, and the guest user role. */
export function parseAuthorizationPolicy(request: string, body: Json): AuthorizationSettings {
  const notes: string[] = [];
  const out: AuthorizationSettings = { notes };
  const invites = body.allowInvitesFrom;
  if (typeof invites !== "string") fail(request, "Graph's allowInvitesFrom is missing or not a string");
  if ((ALLOW_INVITES_FROM as readonly string[]).includes(invites)) out.allowInvitesFrom = invites as AllowInvitesFrom;
  else notes.push(`the tenant's allowInvitesFrom is ${shown(invites)}, which guestops does not know; it is shown as unknown`);
  const role = body.guestUserRoleId;
  if (typeof role !== "string") fail(request, "Graph's guestUserRoleId is missing or not a string");
  const access = (Object.keys(GUEST_USER_ROLE_IDS) as GuestAccess[]).find((k) => GUEST_USER_ROLE_IDS[k] === role.toLowerCase());
  if (access) out.guestAccess = access;
  else notes.push(`the tenant's guestUserRoleId is ${shown(role)}, which is none of the three guest user roles; it is shown as unknown`);
  return out;
}

function trustOf(request: string, owner: Json, where: string): { trustMfa?: boolean; trustCompliantDevice?: boolean } | undefined {
  const trust = owner.inboundTrust;
  if (trust === undefined || trust === null) return undefined;
  if (!isObject(trust)) fail(request, `Graph's ${where}.inboundTrust is not an object`);
  const mfa = optionalBoolean(request, trust, "isMfaAccepted", `${where}.inboundTrust`);
  const device = optionalBoolean(request, trust, "isCompliantDeviceAccepted", `${where}.inboundTrust`);
  return { ...(mfa !== undefined && { trustMfa: mfa }), ...(device !== undefined && { trustCompliantDevice: device }) };
}

/** GET /policies/crossTenantAccessPolicy/default: the trust every partner without its own inherits. */
export function parseCrossTenantDefault(request: string, body: Json): TenantGuardrails["defaultTrust"] {
  const trust = trustOf(request, body, "default");
  return { trustMfa: trust?.trustMfa ?? false, trustCompliantDevice: trust?.trustCompliantDevice ?? false };
}

/** The partner configurations of GET /policies/crossTenantAccessPolicy/partners, with the default applied. */
export function parsePartners(request: string, rows: readonly unknown[], defaults: TenantGuardrails["defaultTrust"]): TenantPartnerConfig[] {
  if (rows.length > MAX_LIST) fail(request, `Graph listed more than ${MAX_LIST} partner configurations`);
  const byId = new Map<string, TenantPartnerConfig>();
  rows.forEach((row, i) => {
    if (!isObject(row)) fail(request, `Graph's partner configuration ${i + 1} is not an object`);
    const id = row.tenantId;
    if (typeof id !== "string" || !GUID.test(id)) fail(request, `Graph's partner configuration ${i + 1} has no tenantId that is a tenant id (${shown(id)})`);
    const tenantId = id.toLowerCase();
    const trust = trustOf(request, row, `partner ${tenantId}`);
    const inbound = row.b2bCollaborationInbound;
    if (inbound !== undefined && inbound !== null && !isObject(inbound)) fail(request, `Graph's partner ${tenantId} b2bCollaborationInbound is not an object`);
    byId.set(tenantId, {
      tenantId,
      trustMfa: trust?.trustMfa ?? defaults.trustMfa,
      trustCompliantDevice: trust?.trustCompliantDevice ?? defaults.trustCompliantDevice,
      inheritsTrust: trust === undefined,
      limitsInbound: isObject(inbound),
    });
  });
  return [...byId.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
}

/**
 * The B2B domain list from GET /beta/policies/b2bManagementPolicies: the organization default's
 * definition, a JSON string with InvitationsAllowedAndBlockedDomainsPolicy.{AllowedDomains|BlockedDomains}.
 * No policy, or neither list, is off; an empty block list blocks nothing, so it is off too.
 */
export function parseDomainList(request: string, rows: readonly unknown[], notes: string[]): TenantDomainList {
  if (rows.length > MAX_LIST) fail(request, `Graph listed more than ${MAX_LIST} B2B management policies`);
  const policies = rows.filter(isObject);
  if (policies.length !== rows.length) fail(request, "Graph's B2B management policies are not all objects");
  const active = policies.filter((p) => p.isOrganizationDefault === true);
  const policy = active[0] ?? (policies.length === 1 ? policies[0] : undefined);
  if (active.length > 1) notes.push(`the tenant has ${active.length} B2B management policies marked as the organization default; the first is shown`);
  if (!policy) return { mode: "off", domains: [] };
  const policyId = typeof policy.id === "string" ? policy.id : undefined;
  const definition = policy.definition;
  if (!Array.isArray(definition) || !definition.every((d) => typeof d === "string")) fail(request, "Graph's B2B management policy definition is not a list of strings");
  let parsed: unknown;
  try {
    parsed = definition.length === 0 ? {} : JSON.parse(definition[0] as string);
  } catch {
    fail(request, "Graph's B2B management policy definition is not JSON");
  }
  const list = isObject(parsed) && isObject(parsed.B2BManagementPolicy) ? parsed.B2BManagementPolicy.InvitationsAllowedAndBlockedDomainsPolicy : undefined;
  if (list === undefined || list === null) return { mode: "off", domains: [], ...(policyId && { policyId }) };
  if (!isObject(list)) fail(request, "Graph's InvitationsAllowedAndBlockedDomainsPolicy is not an object");
  const allowed = list.AllowedDomains;
  const blocked = list.BlockedDomains;
  const mode: DomainListMode = Array.isArray(allowed) ? "allow" : Array.isArray(blocked) && blocked.length > 0 ? "deny" : "off";
  const raw = mode === "allow" ? (allowed as unknown[]) : mode === "deny" ? (blocked as unknown[]) : [];
  if (raw.length > MAX_LIST) fail(request, `Graph's domain list holds more than ${MAX_LIST} domains`);
  const domains = new Set<string>();
  for (const d of raw) {
    if (typeof d === "string" && DOMAIN.test(d)) domains.add(d.toLowerCase());
    else notes.push(`the tenant's domain list holds ${shown(d)}, which is not a domain; it is left out`);
  }
  return { mode, domains: [...domains].sort(), ...(policyId && { policyId }) };
}

const STATE: Record<string, GuestMfa> = { enabled: "on", enabledForReportingButNotEnforced: "reportOnly", disabled: "off" };
const STRENGTH: Record<GuestMfa, number> = { on: 2, reportOnly: 1, off: 0 };

/**
 * The guest MFA policy among GET /identity/conditionalAccess/policies: one that includes guests and
 * external users of all external tenants, on all apps, and grants with MFA (or an authentication
 * strength). With several, the one most in force.
 */
export function parseGuestMfaPolicy(request: string, rows: readonly unknown[], notes: string[]): TenantGuestMfaPolicy | undefined {
  if (rows.length > MAX_LIST) fail(request, `Graph listed more than ${MAX_LIST} Conditional Access policies`);
  const found: TenantGuestMfaPolicy[] = [];
  rows.forEach((row, i) => {
    if (!isObject(row)) fail(request, `Graph's Conditional Access policy ${i + 1} is not an object`);
    if (typeof row.id !== "string" || row.id.length === 0 || row.id.length > 200) fail(request, `Graph's Conditional Access policy ${i + 1} has no id`);
    const users = isObject(row.conditions) && isObject(row.conditions.users) ? row.conditions.users : undefined;
    const apps = isObject(row.conditions) && isObject(row.conditions.applications) ? row.conditions.applications : undefined;
    const guests = users?.includeGuestsOrExternalUsers;
    if (!isObject(guests)) return;
    const tenants = guests.externalTenants;
    if (isObject(tenants) && tenants.membershipKind !== undefined && tenants.membershipKind !== "all") return;
    if (!Array.isArray(apps?.includeApplications) || !apps.includeApplications.includes("All")) return;
    const grant = isObject(row.grantControls) ? row.grantControls : undefined;
    const mfa = (Array.isArray(grant?.builtInControls) && grant.builtInControls.includes("mfa")) || isObject(grant?.authenticationStrength);
    if (!mfa) return;
    const state = typeof row.state === "string" ? STATE[row.state] : undefined;
    if (state === undefined) {
      notes.push(`Conditional Access policy ${shown(row.displayName)} has state ${shown(row.state)}, which guestops does not know; it is left out`);
      return;
    }
    const exclude = users!.excludeUsers ?? [];
    if (!Array.isArray(exclude)) fail(request, `Graph's Conditional Access policy ${shown(row.id)} excludeUsers is not a list`);
    if (exclude.length > MAX_LIST) fail(request, `Graph's Conditional Access policy ${shown(row.id)} excludes more than ${MAX_LIST} users`);
    const ids: string[] = [];
    for (const e of exclude) {
      if (typeof e === "string" && GUID.test(e)) ids.push(e.toLowerCase());
      else notes.push(`Conditional Access policy ${shown(row.displayName)} excludes ${shown(e)}, which is not a user's object id; it is left out`);
    }
    found.push({ id: row.id, displayName: typeof row.displayName === "string" ? row.displayName : row.id, guestMfa: state, excludeUserIds: [...new Set(ids)].sort() });
  });
  if (found.length === 0) return undefined;
  found.sort((a, b) => STRENGTH[b.guestMfa] - STRENGTH[a.guestMfa] || (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0));
  if (found.length > 1) notes.push(`the tenant has ${found.length} Conditional Access policies that require MFA of guests; ${shown(found[0]!.displayName)} is shown`);
  return found[0];
}
