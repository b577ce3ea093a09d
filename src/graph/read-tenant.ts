// Reads what the tenant holds for the catalog: guests (streamed page by page), the members of catalog
// groups and the assignments of catalog apps. Thin I/O edge: the comparisons are pure, elsewhere.
import type { GraphClient } from "./graph-client";
import { GraphError } from "./graph-error";

/** A user as Graph v1.0 returns it for the `$select` below; every field may be missing or null. */
export interface TenantUser {
  id: string;
  mail?: string | null;
  otherMails?: string[] | null;
  userPrincipalName?: string | null;
  displayName?: string | null;
  userType?: string | null;
  accountEnabled?: boolean | null;
  createdDateTime?: string | null;
  creationType?: string | null;
  externalUserState?: string | null;
  externalUserStateChangeDateTime?: string | null;
  signInActivity?: { lastSuccessfulSignInDateTime?: string | null; lastSignInDateTime?: string | null } | null;
}

export interface Assignment {
  id: string;
  principalId: string;
  appRoleId: string;
}

export interface TenantGrants {
  /** Group object id → ids of its direct members (lower case). */
  members: Map<string, Set<string>>;
  /** Service principal id → principal id → its assignments there. */
  assignments: Map<string, Map<string, Assignment[]>>;
}

// https://learn.microsoft.com/graph/api/resources/user: externalUserState and its change date are
// returned only when selected. signInActivity needs AuditLog.Read.All and a P1 licence.
const USER_FIELDS = "id,mail,userPrincipalName,displayName,userType,accountEnabled,createdDateTime,creationType,externalUserState,externalUserStateChangeDateTime";
// https://learn.microsoft.com/graph/api/user-list: $top is at most 999, or 500 with signInActivity.
const PAGE = 999;
const SIGN_IN_PAGE = 500;

export const PERMISSIONS = {
  users: "User.Read.All",
  signIns: "AuditLog.Read.All",
  members: "GroupMember.Read.All",
  assignments: "Application.Read.All",
} as const;

/** Catalog ids that Graph answered 404 for: a wrong objectId or servicePrincipalId in the catalog. */
export class CatalogIdsNotFound extends Error {
  override name = "CatalogIdsNotFound";
  constructor(readonly missing: readonly { kind: "group" | "app"; id: string }[]) {
    super(`${missing.length} catalog id${missing.length === 1 ? "" : "s"} not found in the tenant: ${missing.map((m) => m.id).join(", ")}`);
  }
}

export async function readGrants(client: GraphClient, groupIds: readonly string[], appIds: readonly string[]): Promise<TenantGrants> {
  const grants: TenantGrants = { members: new Map(), assignments: new Map() };
  const missing: { kind: "group" | "app"; id: string }[] = [];
  // A 404 on a catalog object is the catalog's mistake, not Graph's: every such id is collected and
  // reported at once, so that one run names them all.
  const notFound = (kind: "group" | "app", id: string) => (err: unknown) => {
    if (err instanceof GraphError && err.status === 404) missing.push({ kind, id });
    else throw err;
  };
  const groupReads = groupIds.map(async (id) => {
    const members = new Set<string>();
    const path = `/groups/${encodeURIComponent(id)}/members?$select=id&$top=${PAGE}`;
    for await (const page of client.pages<{ id?: unknown }>(path, { needs: { permission: PERMISSIONS.members } })) {
      for (const m of page) if (typeof m?.id === "string") members.add(m.id.toLowerCase());
    }
    grants.members.set(id, members);
  }).map((p, i) => p.catch(notFound("group", groupIds[i]!)));
  const appReads = appIds.map(async (id) => {
    const byPrincipal = new Map<string, Assignment[]>();
    const path = `/servicePrincipals/${encodeURIComponent(id)}/appRoleAssignedTo?$select=id,principalId,principalType,appRoleId&$top=${PAGE}`;
    for await (const page of client.pages<Record<string, unknown>>(path, { needs: { permission: PERMISSIONS.assignments } })) {
      for (const a of page) {
        if (typeof a?.id !== "string" || typeof a.principalId !== "string" || typeof a.appRoleId !== "string") continue;
        if (a.principalType !== undefined && a.principalType !== "User") continue;
        const principal = a.principalId.toLowerCase();
        const list = byPrincipal.get(principal) ?? [];
        list.push({ id: a.id, principalId: principal, appRoleId: a.appRoleId.toLowerCase() });
        byPrincipal.set(principal, list);
      }
    }
    grants.assignments.set(id, byPrincipal);
  }).map((p, i) => p.catch(notFound("app", appIds[i]!)));
  await Promise.all([...groupReads, ...appReads]);
  if (missing.length > 0) throw new CatalogIdsNotFound(missing);
  return grants;
}

export interface GuestRead {
  /** Why sign-in activity could not be read; undefined when it was, or was not asked for. */
  signInNote?: string;
}

/** Takes one page of users; the next page is read when it resolves (backpressure). */
export type PageHandler = (users: TenantUser[]) => void | Promise<void>;

/**
 * Every guest of the tenant, handed to `onPage` page by page and not kept. With `signIns`, asks for
 * signInActivity and, if Graph refuses it for want of the permission or the licence, reads without it.
 */
export async function readGuests(client: GraphClient, signIns: boolean, onPage: PageHandler): Promise<GuestRead> {
  if (signIns) {
    const path = guestsPath(`${USER_FIELDS},signInActivity`, SIGN_IN_PAGE);
    let delivered = false;
    try {
      for await (const page of client.pages<TenantUser>(path, { needs: { permission: `${PERMISSIONS.users} and ${PERMISSIONS.signIns}` } })) {
        delivered = true;
        await onPage(usersOf(page));
      }
      return {};
    } catch (err) {
      // Only a refusal of the first page can be retried without sign-ins: later pages were already used.
      if (delivered || !(err instanceof GraphError) || err.status !== 403) throw err;
      const note =
        err.code === "Authentication_RequestFromNonPremiumTenantOrB2CTenant"
          ? "sign-in activity is not shown: the tenant has no Microsoft Entra ID P1 licence (Graph: Authentication_RequestFromNonPremiumTenantOrB2CTenant)"
          : `sign-in activity is not shown: the identity lacks ${PERMISSIONS.signIns} (Graph: ${err.code ?? "403"})`;
      await readAll(client, guestsPath(USER_FIELDS, PAGE), onPage);
      return { signInNote: note };
    }
  }
  await readAll(client, guestsPath(USER_FIELDS, PAGE), onPage);
  return {};
}

/** Users by object id (`id in (...)`, 15 to a request) and by mail, through $batch; missing ones are absent. */
export async function lookupUsers(client: GraphClient, ids: readonly string[], mails: readonly string[], signIns: boolean): Promise<TenantUser[]> {
  const select = signIns ? `${USER_FIELDS},signInActivity` : USER_FIELDS;
  const paths: string[] = [];
  // https://learn.microsoft.com/graph/aad-advanced-queries: `in` takes a bounded list; 15 is safe everywhere.
  for (let i = 0; i < ids.length; i += 15) paths.push(`/users?$filter=${encodeURIComponent(`id in (${ids.slice(i, i + 15).map(quoted).join(",")})`)}&$select=${select}`);
  for (const mail of mails) paths.push(`/users?$filter=${encodeURIComponent(`mail eq ${quoted(mail)}`)}&$select=${select}`);
  const results = await client.batch<{ value?: unknown }>(paths, { needs: { permission: PERMISSIONS.users } });
  const users: TenantUser[] = [];
  for (const r of results) {
    if (!r.ok) {
      // A refusal is the user's to fix and says so; a missing user is just not found.
      if (r.error.status === 404) continue;
      throw r.error;
    }
    if (Array.isArray(r.value.value)) users.push(...usersOf(r.value.value as TenantUser[]));
  }
  return users;
}

async function readAll(client: GraphClient, path: string, onPage: PageHandler): Promise<void> {
  for await (const page of client.pages<TenantUser>(path, { needs: { permission: PERMISSIONS.users } })) await onPage(usersOf(page));
}

/** The entries of a page that are users at all: an object with a string id. */
function usersOf(page: readonly unknown[]): TenantUser[] {
  return page.filter((u): u is TenantUser => typeof u === "object" && u !== null && typeof (u as { id?: unknown }).id === "string");
}

function guestsPath(select: string, top: number): string {
  return `/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=${select}&$top=${top}`;
}

/** An OData string literal: single quotes doubled. */
export function quoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
