// Which declared guest a tenant user is: by objectId for adopted guests, otherwise by mail or by the
// address inside an `#EXT#` user principal name, without case. Pure.
import { DEFAULT_APP_ROLE } from "../model/build-desired-state";
import type { DesiredGuest, DesiredState } from "../model/desired-state";
import type { TenantUser } from "./read-tenant";

export interface DeclaredGuest {
  guest: DesiredGuest;
  stack: string;
  /** Group object ids the guest should be a member of now. */
  groups: Set<string>;
  /** Service principal id → the appRoleIds the guest should hold there now. */
  roles: Map<string, Set<string>>;
}

export interface CatalogTarget {
  /** The catalog key, from the first stack that lists the object. */
  key: string;
  id: string;
}

export interface DeclaredIndex {
  byKey: Map<string, DeclaredGuest>;
  byObjectId: Map<string, string>;
  groups: CatalogTarget[];
  apps: (CatalogTarget & { roleNames: Map<string, string> })[];
}

/** One index over every stack of a tenant, so that two stacks never report each other's guests. */
export function buildDeclaredIndex(states: readonly DesiredState[]): DeclaredIndex {
  const index: DeclaredIndex = { byKey: new Map(), byObjectId: new Map(), groups: [], apps: [] };
  const groups = new Map<string, CatalogTarget>();
  const apps = new Map<string, CatalogTarget & { roleNames: Map<string, string> }>();
  for (const state of states) {
    for (const [key, g] of Object.entries(state.catalog.groups)) if (!groups.has(g.id)) groups.set(g.id, { key, id: g.id });
    for (const [key, a] of Object.entries(state.catalog.apps)) {
      const app = apps.get(a.id) ?? { key, id: a.id, roleNames: new Map<string, string>() };
      for (const [name, roleId] of Object.entries(a.roles)) if (!app.roleNames.has(roleId)) app.roleNames.set(roleId, name);
      apps.set(a.id, app);
    }
    for (const guest of state.guests) {
      const entry = index.byKey.get(guest.key) ?? { guest, stack: state.stack, groups: new Set<string>(), roles: new Map<string, Set<string>>() };
      if (guest.status === "active") {
        for (const g of guest.groups) if (state.catalog.groups[g]) entry.groups.add(state.catalog.groups[g]!.id);
        for (const grant of guest.apps) {
          const app = state.catalog.apps[grant.app];
          if (!app) continue;
          const roles = entry.roles.get(app.id) ?? new Set<string>();
          roles.add(grant.role ? app.roles[grant.role]! : DEFAULT_APP_ROLE);
          entry.roles.set(app.id, roles);
        }
      }
      index.byKey.set(guest.key, entry);
      if (guest.objectId) index.byObjectId.set(guest.objectId, guest.key);
    }
  }
  index.groups = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  index.apps = [...apps.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return index;
}

export type MatchedBy = "objectId" | "mail" | "userPrincipalName";

/** The declared key of a tenant user, and how it was matched. */
export function matchUser(index: DeclaredIndex, user: TenantUser): { key: string; by: MatchedBy } | undefined {
  const byId = index.byObjectId.get(user.id.toLowerCase());
  if (byId) return { key: byId, by: "objectId" };
  const mail = typeof user.mail === "string" ? user.mail.toLowerCase() : undefined;
  // An adopted guest is matched by objectId only: an address match to another account is someone else.
  if (mail && index.byKey.has(mail) && !index.byKey.get(mail)!.guest.objectId) return { key: mail, by: "mail" };
  const upn = emailOfGuestUpn(user.userPrincipalName);
  if (upn && index.byKey.has(upn) && !index.byKey.get(upn)!.guest.objectId) return { key: upn, by: "userPrincipalName" };
  return undefined;
}

/**
 * The address inside a guest's user principal name, in lower case: `ana_fabrikam.com#EXT#@contoso.onmicrosoft.com`
 * is ana@fabrikam.com (the last `_` before `#EXT#` stands for the `@`).
 */
export function emailOfGuestUpn(upn: unknown): string | undefined {
  if (typeof upn !== "string") return undefined;
  const at = upn.toUpperCase().indexOf("#EXT#@");
  if (at <= 0) return undefined;
  const local = upn.slice(0, at);
  const us = local.lastIndexOf("_");
  if (us <= 0 || us === local.length - 1) return undefined;
  return `${local.slice(0, us)}@${local.slice(us + 1)}`.toLowerCase();
}

/** The address to show for a tenant user: mail, else the address in its #EXT# name, else the name. */
export function addressOf(user: TenantUser): string {
  return (typeof user.mail === "string" && user.mail) || emailOfGuestUpn(user.userPrincipalName) || (typeof user.userPrincipalName === "string" ? user.userPrincipalName : user.id);
}
