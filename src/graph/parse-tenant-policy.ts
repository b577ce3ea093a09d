// The tenant's guardrails as drift, status, import and plan --online see them, from Graph's answers.
// Each answer is read by the one checked parse the Pulumi providers use too (parse-policy-answers.ts): a
// wrong type fails with an error naming the request and the field; a value guestops does not know is a
// note here, and the setting shows as unknown or the entry is left out. Conditional Access, which only
// this reader reads, is checked here. Pure: bodies in, guardrails out. read-tenant-policy.ts does the
// requests.
import { GUEST_USER_ROLE_IDS, type AllowInvitesFrom, type DomainListMode, type GuestAccess, type GuestMfa } from "../model/tenant-policy";
import { GraphError } from "./graph-error";
import { checkAuthorization, checkB2BPolicies, checkInboundTrust, checkPartner, isObject, MAX_LIST, noteOf, shown, UUID, type Answer } from "./parse-policy-answers";

export { MAX_LIST, shown } from "./parse-policy-answers";

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

/** The reader's hint: read-only commands change nothing, and can be pointed at another Graph. */
const MISBEHAVING = "nothing was changed; try again, and if it persists check GUESTOPS_GRAPH_URL or --graph-url and any proxy in between";

type Json = Record<string, unknown>;

const answer = (request: string): Answer => ({ request, hint: MISBEHAVING });

function fail(request: string, message: string): never {
  throw new GraphError(request, message, MISBEHAVING);
}

export interface AuthorizationSettings {
  allowInvitesFrom?: AllowInvitesFrom;
  guestAccess?: GuestAccess;
  notes: string[];
}

/** GET /policies/authorizationPolicy: who may invite, and the guest user role. */
export function parseAuthorizationPolicy(request: string, body: Json): AuthorizationSettings {
  const { value, unknowns } = checkAuthorization(answer(request), body);
  const access = (Object.keys(GUEST_USER_ROLE_IDS) as GuestAccess[]).find((k) => GUEST_USER_ROLE_IDS[k] === value.guestUserRoleId);
  return { ...(value.allowInvitesFrom && { allowInvitesFrom: value.allowInvitesFrom }), ...(access && { guestAccess: access }), notes: unknowns.map(noteOf) };
}

/** GET /policies/crossTenantAccessPolicy/default: the trust every partner without its own inherits. */
export function parseCrossTenantDefault(request: string, body: Json): TenantGuardrails["defaultTrust"] {
  const trust = checkInboundTrust(answer(request), body, "default");
  return { trustMfa: trust?.isMfaAccepted ?? false, trustCompliantDevice: trust?.isCompliantDeviceAccepted ?? false };
}

/** The partner configurations of GET /policies/crossTenantAccessPolicy/partners, with the default applied. */
export function parsePartners(request: string, rows: readonly unknown[], defaults: TenantGuardrails["defaultTrust"], notes: string[] = []): TenantPartnerConfig[] {
  if (rows.length > MAX_LIST) fail(request, `Graph listed more than ${MAX_LIST} partner configurations`);
  const byId = new Map<string, TenantPartnerConfig>();
  rows.forEach((row, i) => {
    const { value, unknowns } = checkPartner(answer(request), row, i + 1);
    notes.push(...unknowns.map(noteOf));
    const trust = value.inboundTrust;
    byId.set(value.tenantId, {
      tenantId: value.tenantId,
      // A flag that is null in the partner's own trust follows the default's.
      trustMfa: trust?.isMfaAccepted ?? defaults.trustMfa,
      trustCompliantDevice: trust?.isCompliantDeviceAccepted ?? defaults.trustCompliantDevice,
      inheritsTrust: trust === null,
      limitsInbound: value.b2bCollaborationInbound !== null,
    });
  });
  return [...byId.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
}

/**
 * The B2B domain list from GET /beta/policies/b2bManagementPolicies: the organization default's
 * InvitationsAllowedAndBlockedDomainsPolicy.{AllowedDomains|BlockedDomains}. No policy, or neither list,
 * is off; an empty block list blocks nothing, so it is off too.
 */
export function parseDomainList(request: string, rows: readonly unknown[], notes: string[]): TenantDomainList {
  const { value: policy, unknowns } = checkB2BPolicies(answer(request), rows);
  notes.push(...unknowns.map(noteOf));
  if (!policy) return { mode: "off", domains: [] };
  const { AllowedDomains: allowed, BlockedDomains: blocked } = policy.domains ?? {};
  // A block list whose every entry was left out still blocks something: it is a deny list.
  const blocks = blocked !== undefined && (blocked.length > 0 || unknowns.some((u) => u.field === "BlockedDomains entry"));
  const mode: DomainListMode = allowed !== undefined ? "allow" : blocks ? "deny" : "off";
  const raw = mode === "allow" ? allowed! : mode === "deny" ? blocked! : [];
  return { mode, domains: [...new Set(raw.map((d) => d.toLowerCase()))].sort(), policyId: policy.id };
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
      if (typeof e === "string" && UUID.test(e)) ids.push(e.toLowerCase());
      else notes.push(`Conditional Access policy ${shown(row.displayName)} excludes ${shown(e)}, which is not a user's object id; it is left out`);
    }
    found.push({ id: row.id, displayName: typeof row.displayName === "string" ? row.displayName : row.id, guestMfa: state, excludeUserIds: [...new Set(ids)].sort() });
  });
  if (found.length === 0) return undefined;
  found.sort((a, b) => STRENGTH[b.guestMfa] - STRENGTH[a.guestMfa] || (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0));
  if (found.length > 1) notes.push(`the tenant has ${found.length} Conditional Access policies that require MFA of guests; ${shown(found[0]!.displayName)} is shown`);
  return found[0];
}
