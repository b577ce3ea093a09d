// The one checked reading of each Graph answer the tenant's guardrails come from: authorizationPolicy,
// a cross-tenant access configuration (a partner's, or the default's inboundTrust), and the beta B2B
// management policies with their domain list. Every answer is untrusted. A wrong type, or an answer no
// tenant can give, is an error naming the request and the field. A value guestops does not know (an enum
// member Graph may add later, an entry that is not a domain) is an `Unknown`, never guessed at: the
// Pulumi providers (tenant-settings-graph.ts) refuse to write from an answer that has one, and drift,
// status, import and plan --online (parse-tenant-policy.ts) show it as a note. Pure: bodies in, exact
// values out.
import { GUEST_USER_ROLE_IDS, type AllowInvitesFrom } from "../model/tenant-policy";
import { terminal } from "../output/escape";
import { GraphError } from "./graph-error";

/** Where an answer came from, and what its reader tells the user when the answer is refused. */
export interface Answer {
  /** e.g. `GET /v1.0/policies/authorizationPolicy`. */
  request: string;
  hint: string;
}

/** A value guestops does not know, and what the parse did with it. */
export interface Unknown {
  field: string;
  value: unknown;
  /** What guestops knows in its place: "one of none, …", "a domain name". */
  known: string;
  /** What the parsed value holds instead, for a note: "shows the setting as unknown", "leaves it out". */
  then: string;
}

export interface Checked<T> {
  value: T;
  unknowns: Unknown[];
}

export const ALLOW_INVITES_FROM: readonly AllowInvitesFrom[] = ["none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"];
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A domain as the B2B list holds it: labels of letters, digits and hyphens. Anything else is not one.
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** No tenant holds more: Graph allows 195 Conditional Access policies; partners and domains stay far below. */
export const MAX_LIST = 5000;
/** https://learn.microsoft.com/entra/external-id/allow-deny-list: the whole policy is at most 25,000 characters. */
export const MAX_B2B_POLICY_CHARS = 25_000;
/** Characters of a Graph string shown in a message or note. */
const SHOWN = 80;

type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A Graph value for a message or note: control and hidden characters escaped, and cut short. */
export function shown(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const cut = text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
  return JSON.stringify(terminal(cut));
}

/** An unknown as a reader's note. */
export function noteOf(u: Unknown): string {
  return `the tenant's ${u.field} is ${shown(u.value)}, not ${u.known}: guestops does not know it, and ${u.then}`;
}

/** An unknown as the reason a writer refuses the answer. */
export function refusalOf(u: Unknown): string {
  return `Graph's answer has ${u.field} ${shown(u.value)}, not ${u.known}`;
}

function fail(at: Answer, message: string): never {
  throw new GraphError(at.request, message, at.hint);
}

/** GET /policies/authorizationPolicy. A setting absent from the value is unknown (see `unknowns`). */
export interface AuthorizationAnswer {
  allowInvitesFrom?: AllowInvitesFrom;
  /** Lower case; one of GUEST_USER_ROLE_IDS. */
  guestUserRoleId?: string;
}

export function checkAuthorization(at: Answer, body: unknown): Checked<AuthorizationAnswer> {
  if (!isObject(body)) fail(at, "Graph's answer is not an object");
  const value: AuthorizationAnswer = {};
  const unknowns: Unknown[] = [];
  const invites = body.allowInvitesFrom;
  if (typeof invites !== "string") fail(at, "Graph's allowInvitesFrom is missing or not a string");
  if ((ALLOW_INVITES_FROM as readonly string[]).includes(invites)) value.allowInvitesFrom = invites as AllowInvitesFrom;
  else
    unknowns.push({
      field: "allowInvitesFrom",
      value: invites,
      known: `one of ${ALLOW_INVITES_FROM.join(", ")}`,
      then: "shows the setting as unknown",
    });
  const role = body.guestUserRoleId;
  if (typeof role !== "string") fail(at, "Graph's guestUserRoleId is missing or not a string");
  if ((Object.values(GUEST_USER_ROLE_IDS) as string[]).includes(role.toLowerCase())) value.guestUserRoleId = role.toLowerCase();
  else
    unknowns.push({
      field: "guestUserRoleId",
      value: role,
      known: "the id of one of the three guest user roles",
      then: "shows the setting as unknown",
    });
  return { value, unknowns };
}

/** https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicyinboundtrust; null: not set. */
export interface InboundTrust {
  isMfaAccepted: boolean | null;
  isCompliantDeviceAccepted: boolean | null;
  isHybridAzureADJoinedDeviceAccepted: boolean | null;
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

/** crossTenantAccessPolicyB2BSetting; a part that is null inherits the default. */
export interface B2BSetting {
  usersAndGroups?: TargetConfiguration | null;
  applications?: TargetConfiguration | null;
}

/** The parts of a cross-tenant access configuration guestops reads; null inherits the tenant's default. */
export interface PartnerSettings {
  inboundTrust: InboundTrust | null;
  b2bCollaborationInbound: B2BSetting | null;
}

/** The inboundTrust of a configuration, `where` naming it in messages (`default`, `partner <tenantId>`). */
export function checkInboundTrust(at: Answer, owner: Json, where: string): InboundTrust | null {
  const trust = owner.inboundTrust;
  if (trust === undefined || trust === null) return null;
  if (!isObject(trust)) fail(at, `Graph's ${where}.inboundTrust is not an object`);
  const flag = (name: keyof InboundTrust): boolean | null => {
    const v = trust[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== "boolean") fail(at, `Graph's ${where}.inboundTrust.${name} is not true, false or null`);
    return v;
  };
  return {
    isMfaAccepted: flag("isMfaAccepted"),
    isCompliantDeviceAccepted: flag("isCompliantDeviceAccepted"),
    isHybridAzureADJoinedDeviceAccepted: flag("isHybridAzureADJoinedDeviceAccepted"),
  };
}

/** One partner configuration (a row of GET .../partners, or GET .../partners/{tenantId}). */
export function checkPartner(at: Answer, row: unknown, n: number): Checked<PartnerSettings & { tenantId: string }> {
  if (!isObject(row)) fail(at, `Graph's partner configuration ${n} is not an object`);
  const id = row.tenantId;
  if (typeof id !== "string" || !UUID.test(id)) fail(at, `Graph's partner configuration ${n} has no tenantId that is a tenant id (${shown(id)})`);
  const tenantId = id.toLowerCase();
  const where = `partner ${tenantId}`;
  const unknowns: Unknown[] = [];
  const inboundTrust = checkInboundTrust(at, row, where);
  const inbound = row.b2bCollaborationInbound;
  let b2bCollaborationInbound: B2BSetting | null = null;
  if (inbound !== undefined && inbound !== null) {
    if (!isObject(inbound)) fail(at, `Graph's ${where}.b2bCollaborationInbound is not an object`);
    const part = (name: "usersAndGroups" | "applications"): TargetConfiguration | null => {
      const v = inbound[name];
      const field = `${where}.b2bCollaborationInbound.${name}`;
      if (v === undefined || v === null) return null;
      if (!isObject(v) || typeof v.accessType !== "string" || !Array.isArray(v.targets)) fail(at, `Graph's ${field} is not an accessType and a targets list`);
      if (v.targets.length > MAX_LIST) fail(at, `Graph's ${field} has more than ${MAX_LIST} targets`);
      const targets = v.targets.map((t: unknown, i: number) => {
        if (!isObject(t) || typeof t.target !== "string" || typeof t.targetType !== "string" || !/^[\w.-]{1,100}$/.test(t.target) || !/^\w{1,40}$/.test(t.targetType))
          fail(at, `Graph's ${field} target ${i + 1} is not an id and a type`);
        return { target: t.target, targetType: t.targetType };
      });
      if (v.accessType !== "allowed" && v.accessType !== "blocked") {
        unknowns.push({
          field: `${field}.accessType`,
          value: v.accessType,
          known: "allowed or blocked",
          then: "counts only that the partner's inbound is set",
        });
        return null;
      }
      return { accessType: v.accessType, targets };
    };
    b2bCollaborationInbound = {
      usersAndGroups: part("usersAndGroups"),
      applications: part("applications"),
    };
  }
  return {
    value: { tenantId, inboundTrust, b2bCollaborationInbound },
    unknowns,
  };
}

/** InvitationsAllowedAndBlockedDomainsPolicy: AllowedDomains or BlockedDomains, each a list of domains. */
export type DomainsPolicy = {
  AllowedDomains?: string[];
  BlockedDomains?: string[];
} | null;

/** The organization default B2B management policy: its id, its one definition parsed, and its domain list. */
export interface B2BPolicy {
  id: string;
  definition: Record<string, unknown>;
  /** The definition's InvitationsAllowedAndBlockedDomainsPolicy, exact, without the entries in `unknowns`. */
  domains: DomainsPolicy;
}

/**
 * The organization default among GET /beta/policies/b2bManagementPolicies's rows, or undefined when the
 * tenant has none: a policy not marked as the default is not in force. Its definition is one JSON string,
 * {"B2BManagementPolicy": {"InvitationsAllowedAndBlockedDomainsPolicy": {...}, ...}}.
 */
export function checkB2BPolicies(at: Answer, rows: readonly unknown[]): Checked<B2BPolicy | undefined> {
  if (rows.length > MAX_LIST) fail(at, `Graph listed more than ${MAX_LIST} B2B management policies`);
  if (!rows.every(isObject)) fail(at, "Graph's B2B management policies are not all objects");
  const defaults = (rows as Json[]).filter((p) => p.isOrganizationDefault === true);
  if (defaults.length === 0) return { value: undefined, unknowns: [] };
  if (defaults.length > 1) fail(at, `Graph's answer has ${defaults.length} organization default policies; a tenant has one`);
  const policy = defaults[0]!;
  if (typeof policy.id !== "string" || !/^[\w-]{1,100}$/.test(policy.id)) fail(at, "Graph's B2B management policy has no id");
  const definition = policy.definition;
  if (!Array.isArray(definition) || !definition.every((d) => typeof d === "string")) fail(at, "Graph's B2B management policy definition is not a list of strings");
  if (definition.length !== 1) fail(at, `Graph's B2B management policy definition holds ${definition.length} strings, not one`);
  const text = definition[0] as string;
  if (text.length > MAX_B2B_POLICY_CHARS) fail(at, `Graph's B2B management policy definition is ${text.length} characters, more than the ${MAX_B2B_POLICY_CHARS} Entra allows`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(at, "Graph's B2B management policy definition is not JSON");
  }
  if (!isObject(parsed) || !isObject(parsed.B2BManagementPolicy)) fail(at, "Graph's B2B management policy definition has no B2BManagementPolicy object");
  const unknowns: Unknown[] = [];
  const domains = checkDomainsPolicy(at, parsed.B2BManagementPolicy.InvitationsAllowedAndBlockedDomainsPolicy, unknowns);
  return { value: { id: policy.id, definition: parsed, domains }, unknowns };
}

function checkDomainsPolicy(at: Answer, value: unknown, unknowns: Unknown[]): DomainsPolicy {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) fail(at, "Graph's InvitationsAllowedAndBlockedDomainsPolicy is not an object");
  const out: NonNullable<DomainsPolicy> = {};
  for (const key of ["AllowedDomains", "BlockedDomains"] as const) {
    const list = value[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) fail(at, `Graph's InvitationsAllowedAndBlockedDomainsPolicy.${key} is not a list`);
    if (list.length > MAX_LIST) fail(at, `Graph's domain list holds more than ${MAX_LIST} domains`);
    out[key] = [];
    for (const d of list) {
      if (typeof d === "string" && DOMAIN.test(d)) out[key].push(d);
      else
        unknowns.push({
          field: `${key} entry`,
          value: d,
          known: "a domain name",
          then: "leaves it out",
        });
    }
  }
  return out;
}
