// Reads the tenant's guardrails: who may invite and the guest user role (authorizationPolicy), the
// cross-tenant access default and partner configurations, the B2B domain list (beta) and the guest MFA
// Conditional Access policy, whose excluded accounts are mapped back to addresses. Read-only: needs
// Policy.Read.All (and Policy.Read.B2BManagementPolicy for the domain list, User.Read.All for the
// addresses). Thin I/O edge; parse-tenant-policy.ts checks every answer.
import type { DesiredTenantPolicy } from "../model/tenant-policy";
import { compareTenantPolicy, type TenantPolicyComparison } from "./build-tenant-policy-drift";
import type { GraphClient } from "./graph-client";
import { GraphError } from "./graph-error";
import { MAX_LIST, parseAuthorizationPolicy, parseCrossTenantDefault, parseDomainList, parseGuestMfaPolicy, parsePartners, type TenantGuardrails } from "./parse-tenant-policy";
import { lookupUsers, PERMISSIONS as USER_PERMISSIONS } from "./read-tenant";

export const POLICY_PERMISSIONS = {
  // https://learn.microsoft.com/graph/api/authorizationpolicy-get, crosstenantaccesspolicy-list-partners,
  // conditionalaccessroot-list-policies: Policy.Read.All is the least privileged application permission.
  read: "Policy.Read.All",
  // https://learn.microsoft.com/graph/api/policyroot-list-b2bmanagementpolicies?view=graph-rest-beta names
  // only Policy.Read.B2BManagementPolicy (or its ReadWrite) for the domain list.
  domainList: "Policy.Read.B2BManagementPolicy",
} as const;

const PATHS = {
  authorization: "/policies/authorizationPolicy",
  crossTenantDefault: "/policies/crossTenantAccessPolicy/default",
  partners: "/policies/crossTenantAccessPolicy/partners",
  domainList: "/policies/b2bManagementPolicies",
  conditionalAccess: "/identity/conditionalAccess/policies",
} as const;

export interface GuardrailReadOptions {
  /** Read the B2B domain list (beta). */
  domainList?: boolean;
  /** Read Conditional Access and map its excluded accounts to addresses. */
  conditionalAccess?: boolean;
}

export async function readTenantPolicy(client: GraphClient, options: GuardrailReadOptions = {}): Promise<TenantGuardrails> {
  const needs = { needs: { permission: POLICY_PERMISSIONS.read } };
  const label = (path: string, version = "v1.0") => `GET /${version}${path}`;
  const [auth, defaults, partnerRows, domainList, caRows] = await Promise.all([
    client.get(PATHS.authorization, needs),
    client.get(PATHS.crossTenantDefault, needs),
    collect(client, PATHS.partners, needs),
    options.domainList === false ? Promise.resolve(undefined) : readDomainList(client),
    options.conditionalAccess === false ? Promise.resolve([]) : collect(client, PATHS.conditionalAccess, needs),
  ]);
  const authorization = parseAuthorizationPolicy(label(PATHS.authorization), auth);
  const notes = [...authorization.notes];
  const defaultTrust = parseCrossTenantDefault(label(PATHS.crossTenantDefault), defaults);
  const partners = parsePartners(label(PATHS.partners), partnerRows, defaultTrust, notes);
  let list: TenantGuardrails["domainList"];
  if (domainList && "rows" in domainList) list = parseDomainList(label(PATHS.domainList, "beta"), domainList.rows, notes);
  else if (domainList) notes.push(domainList.note);
  const guestMfaPolicy = parseGuestMfaPolicy(label(PATHS.conditionalAccess), caRows, notes);
  const excludes = guestMfaPolicy ? await addressesOf(client, guestMfaPolicy.excludeUserIds) : { addresses: [], unresolved: [] };
  for (const id of excludes.unresolved) notes.push(`the guest MFA policy excludes object id ${id}, which is no user in the tenant`);
  return {
    ...(authorization.allowInvitesFrom && { allowInvitesFrom: authorization.allowInvitesFrom }),
    ...(authorization.guestAccess && { guestAccess: authorization.guestAccess }),
    defaultTrust,
    partners,
    ...(list && { domainList: list }),
    ...(guestMfaPolicy && { guestMfaPolicy }),
    excludeAccounts: excludes.addresses,
    unresolvedExcludes: excludes.unresolved,
    notes,
  };
}

/** A whole collection, refused past MAX_LIST rows while it is paged, so a hostile answer cannot fill memory. */
async function collect(client: GraphClient, path: string, options: Parameters<GraphClient["pages"]>[1]): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const page of client.pages<unknown>(path, options)) {
    if (rows.length + page.length > MAX_LIST) throw new GraphError(`GET /${options?.version ?? "v1.0"}${path}`, `Graph listed more than ${MAX_LIST} entries, more than any tenant holds`, "nothing was changed; try again, and if it persists check GUESTOPS_GRAPH_URL or --graph-url and any proxy in between");
    rows.push(...page);
  }
  return rows;
}

/**
 * The domain list is beta and has a permission of its own: when Graph refuses it or no longer serves it,
 * the rest is still shown, with a note saying why the list is not.
 */
async function readDomainList(client: GraphClient): Promise<{ rows: unknown[] } | { note: string }> {
  try {
    return { rows: await collect(client, PATHS.domainList, { version: "beta", needs: { permission: POLICY_PERMISSIONS.domainList } }) };
  } catch (err) {
    if (!(err instanceof GraphError) || err.status === undefined) throw err;
    if (err.status === 403) return { note: `the B2B domain list is not shown: the identity lacks ${POLICY_PERMISSIONS.domainList} (Graph: ${err.code ?? "403"})` };
    if (err.status === 400 || err.status === 404) return { note: `the B2B domain list is not shown: Graph's beta endpoint policies/b2bManagementPolicies answered ${err.status}${err.code ? ` (${err.code})` : ""}; it may have moved` };
    throw err;
  }
}

/** The accounts' addresses (mail, else user principal name), sorted; ids Graph does not know stay ids. */
async function addressesOf(client: GraphClient, ids: readonly string[]): Promise<{ addresses: string[]; unresolved: string[] }> {
  if (ids.length === 0) return { addresses: [], unresolved: [] };
  const users = await lookupUsers(client, ids, [], false);
  const byId = new Map(users.map((u) => [u.id.toLowerCase(), u]));
  const addresses: string[] = [];
  const unresolved: string[] = [];
  for (const id of ids) {
    const u = byId.get(id);
    const address = typeof u?.mail === "string" && u.mail.length > 0 ? u.mail : typeof u?.userPrincipalName === "string" ? u.userPrincipalName : undefined;
    if (address !== undefined) addresses.push(address);
    else unresolved.push(id);
  }
  return { addresses: [...new Set(addresses)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())), unresolved };
}

export const GUARDRAIL_READ_PERMISSIONS = `${POLICY_PERMISSIONS.read}, ${POLICY_PERMISSIONS.domainList} (the domain list), ${USER_PERMISSIONS.users} (the excluded accounts)`;

/**
 * The declared guardrails beside the tenant's: what status shows and drift filters. Reads the domain list
 * only when one is declared, and Conditional Access only when guestMfa is.
 */
export async function readPolicyComparison(client: GraphClient, desired: DesiredTenantPolicy, file: string): Promise<TenantPolicyComparison> {
  const tenant = await readTenantPolicy(client, { domainList: desired.domainList !== "off", conditionalAccess: desired.conditionalAccess !== undefined });
  return compareTenantPolicy(desired, tenant, file);
}

// https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbytenantid
export const TENANT_INFORMATION_PERMISSION = "CrossTenantInformation.ReadBasic.All";
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Each partner tenant's default domain, so that import finds the partner file of a configuration that
 * no file names by tenant id. Without the permission, none is known, and a note says why.
 */
export async function readTenantDomains(client: GraphClient, tenantIds: readonly string[]): Promise<{ domains: Map<string, string>; notes: string[] }> {
  const domains = new Map<string, string>();
  const notes: string[] = [];
  for (const id of tenantIds) {
    try {
      const info = await client.get(`/tenantRelationships/findTenantInformationByTenantId(tenantId='${id}')`, { needs: { permission: TENANT_INFORMATION_PERMISSION } });
      const domain = info.defaultDomainName;
      if (typeof domain === "string" && DOMAIN.test(domain) && String(info.tenantId).toLowerCase() === id) domains.set(id, domain.toLowerCase());
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      if (err.status === 404) continue;
      if (err.status === 403) {
        notes.push(`partner tenants' domains are not known: the identity lacks ${TENANT_INFORMATION_PERMISSION} (Graph: ${err.code ?? "403"})`);
        break;
      }
      throw err;
    }
  }
  return { domains, notes };
}
