// Catalog ids by display name: a group's objectId, or an app's service principal and role ids, read with
// the read-only Graph client, so nobody copies a GUID from the portal by hand. Graph's answers are
// untrusted: only ids that look like ids and names that are strings are taken.
// https://learn.microsoft.com/graph/api/group-list, .../serviceprincipal-list, .../resources/approle
import type { GraphClient } from "./graph-client";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Catalog lookups read groups and service principals only. */
export const CATALOG_PERMISSIONS = { group: "GroupMember.Read.All (or Group.Read.All)", app: "Application.Read.All" } as const;

export interface FoundGroup {
  id: string;
  displayName: string;
}

export interface FoundRole {
  id: string;
  /** The role's value (what the app sees in tokens), else its display name. */
  name: string;
  isEnabled: boolean;
  forUsers: boolean;
}

export interface FoundApp {
  id: string;
  displayName: string;
  roles: FoundRole[];
}

/** OData string literal: a quote is doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export async function findGroups(client: GraphClient, name: string): Promise<FoundGroup[]> {
  const path = `/groups?$filter=${encodeURIComponent(`displayName eq ${odataString(name)}`)}&$select=id,displayName`;
  const found: FoundGroup[] = [];
  for await (const page of client.pages<Record<string, unknown>>(path, { needs: { permission: CATALOG_PERMISSIONS.group } })) {
    for (const g of page) if (typeof g.id === "string" && GUID.test(g.id) && sameName(g.displayName, name)) found.push({ id: g.id.toLowerCase(), displayName: g.displayName as string });
  }
  return found;
}

export async function findApps(client: GraphClient, name: string): Promise<FoundApp[]> {
  const path = `/servicePrincipals?$filter=${encodeURIComponent(`displayName eq ${odataString(name)}`)}&$select=id,displayName,appRoles`;
  const found: FoundApp[] = [];
  for await (const page of client.pages<Record<string, unknown>>(path, { needs: { permission: CATALOG_PERMISSIONS.app } })) {
    for (const sp of page) {
      if (typeof sp.id !== "string" || !GUID.test(sp.id) || !sameName(sp.displayName, name)) continue;
      found.push({ id: sp.id.toLowerCase(), displayName: sp.displayName as string, roles: rolesOf(sp.appRoles) });
    }
  }
  return found;
}

/** Graph compares displayName case-insensitively; what it answers is checked the same way, and spelled as the tenant spells it. */
function sameName(value: unknown, name: string): boolean {
  return typeof value === "string" && value.length <= 256 && value.toLowerCase() === name.toLowerCase();
}

function rolesOf(value: unknown): FoundRole[] {
  if (!Array.isArray(value)) return [];
  const roles: FoundRole[] = [];
  for (const r of value as Record<string, unknown>[]) {
    if (r === null || typeof r !== "object" || typeof r.id !== "string" || !GUID.test(r.id)) continue;
    const name = typeof r.value === "string" && r.value !== "" ? r.value : typeof r.displayName === "string" ? r.displayName : undefined;
    if (name === undefined) continue;
    const types = Array.isArray(r.allowedMemberTypes) ? r.allowedMemberTypes : [];
    roles.push({ id: r.id.toLowerCase(), name, isEnabled: r.isEnabled !== false, forUsers: types.includes("User") });
  }
  return roles;
}

export type Chosen<T> = { value: T } | { error: string; hint: string };

/** The one match, or why there is none: none found, or several with the same display name. */
export function chooseOne<T extends { id: string }>(kind: "group" | "app", name: string, found: readonly T[]): Chosen<T> {
  const what = kind === "group" ? "group" : "service principal (enterprise application)";
  if (found.length === 1) return { value: found[0]! };
  if (found.length === 0) return { error: `no ${what} is named ${JSON.stringify(name)} in the tenant`, hint: "the whole display name must match (case aside); check it in the Entra admin center" };
  return {
    error: `${found.length} ${what}s are named ${JSON.stringify(name)}: ${found.map((f) => f.id).join(", ")}`,
    hint: `rename all but one in the tenant, or write the entry by hand with the id you mean`,
  };
}

/** The roles a catalog entry lists: those named (by value or display name), or every enabled role users can hold. */
export function chooseRoles(app: FoundApp, wanted: readonly string[]): { roles: Record<string, string> } | { error: string; hint: string } {
  const assignable = app.roles.filter((r) => r.isEnabled && r.forUsers);
  if (wanted.length === 0) return { roles: Object.fromEntries(assignable.map((r) => [r.name, r.id])) };
  const roles: Record<string, string> = {};
  for (const w of wanted) {
    const role = assignable.find((r) => r.name === w);
    if (!role) {
      const names = assignable.map((r) => r.name);
      return { error: `app ${JSON.stringify(app.displayName)} has no enabled role ${JSON.stringify(w)} that users can be given`, hint: names.length > 0 ? `its roles: ${names.join(", ")}` : "it defines no roles for users; leave --role out to grant default access" };
    }
    roles[role.name] = role.id;
  }
  return { roles };
}
