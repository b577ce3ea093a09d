// Drift between the tenant and Git, collected while guests stream past: only undeclared guests who hold
// catalog access (or all, with --all-guests) and the differences are kept, never the whole tenant.
import { DEFAULT_APP_ROLE } from "../model/build-desired-state";
import { addressOf, matchUser, type DeclaredGuest, type DeclaredIndex } from "./match-guests";
import type { Assignment, TenantGrants, TenantUser } from "./read-tenant";

export interface MembershipDrift {
  /** `undeclared`: in the tenant, not in Git (added outside Git); `missing`: in Git, not in the tenant. */
  kind: "undeclared" | "missing";
  group?: string;
  app?: string;
  role?: string;
  email: string;
}

export interface HeldGrant {
  /** Catalog key of the group or app. */
  key: string;
  /** Group or service principal object id. */
  id: string;
  kind: "group" | "app";
  /** Role name from the catalog, or the appRoleId when the catalog does not name it; absent for default access. */
  role?: string;
  /** The app role assignment's id, for the import id. */
  assignmentId?: string;
}

/** An undeclared guest with what it holds in the catalog: what `import` adopts. */
export interface UndeclaredGuest {
  email: string;
  objectId: string;
  displayName?: string;
  grants: HeldGrant[];
}

export interface Drift {
  undeclaredGuests: UndeclaredGuest[];
  missingGuests: string[];
  memberships: MembershipDrift[];
}

export interface DriftCollector {
  /** Takes one tenant user into account; the declared key it matched, if any. */
  add(user: TenantUser): string | undefined;
  finish(): Drift;
}

/** What a declared guest's account holds in the catalog that Git does not give it now, and what it lacks. */
export type GrantDrift = (declared: DeclaredGuest, userId: string) => MembershipDrift[];

/**
 * The one comparison of a declared guest's catalog access with the tenant's, for drift and for status.
 * An expired guest should hold nothing, so any membership or role it keeps is access "not in Git".
 */
export function grantDriftOf(index: DeclaredIndex, grants: TenantGrants): GrantDrift {
  // Looked up once: every guest of the tenant passes through, and most hold exactly what Git says.
  const groups = index.groups.map((g) => ({ g, members: grants.members.get(g.id) ?? new Set<string>() }));
  const apps = index.apps.map((app) => ({ app, byPrincipal: grants.assignments.get(app.id) ?? new Map<string, Assignment[]>() }));
  const roleOf = (app: (typeof apps)[number]["app"], roleId: string) => (roleId === DEFAULT_APP_ROLE ? {} : { role: app.roleNames.get(roleId) ?? roleId });
  return (declared, id) => {
    const email = declared.guest.email;
    const memberships: MembershipDrift[] = [];
    for (const { g, members } of groups) {
      const has = members.has(id);
      if (has !== declared.groups.has(g.id)) memberships.push({ kind: has ? "undeclared" : "missing", group: g.key, email });
    }
    for (const { app, byPrincipal } of apps) {
      const held = byPrincipal.get(id);
      const wanted = declared.roles.get(app.id);
      if (!held && !wanted) continue;
      for (const a of held ?? []) if (!wanted?.has(a.appRoleId)) memberships.push({ kind: "undeclared", app: app.key, ...roleOf(app, a.appRoleId), email });
      for (const roleId of wanted ?? []) if (!held?.some((a) => a.appRoleId === roleId)) memberships.push({ kind: "missing", app: app.key, ...roleOf(app, roleId), email });
    }
    return memberships;
  };
}

export function createDriftCollector(index: DeclaredIndex, grants: TenantGrants, allGuests: boolean): DriftCollector {
  const found = new Set<string>();
  const undeclared: UndeclaredGuest[] = [];
  const memberships: MembershipDrift[] = [];
  const driftOfGuest = grantDriftOf(index, grants);
  const memberSets = index.groups.flatMap((g) => grants.members.get(g.id) ?? []);
  const assignmentMaps = index.apps.flatMap((app) => grants.assignments.get(app.id) ?? []);
  const holdsAny = (id: string): boolean => memberSets.some((members) => members.has(id)) || assignmentMaps.some((byPrincipal) => byPrincipal.has(id));
  return {
    add(user) {
      const id = user.id.toLowerCase();
      const match = matchUser(index, user);
      const declared = match ? index.byKey.get(match.key) : undefined;
      if (!declared) {
        if (!allGuests && !holdsAny(id)) return undefined;
        const email = addressOf(user);
        const held = heldGrants(index, grants, id);
        undeclared.push({ email, objectId: id, ...(typeof user.displayName === "string" && { displayName: user.displayName }), grants: held });
        for (const g of held) memberships.push(driftOf("undeclared", g, email));
        return undefined;
      }
      found.add(declared.guest.key);
      memberships.push(...driftOfGuest(declared, id));
      return declared.guest.key;
    },
    finish() {
      // A guest past its grace period has no resources, and under onRemoval: delete no account either.
      const missingGuests = [...index.byKey.values()].filter((d) => d.guest.status !== "gone" && !found.has(d.guest.key)).map((d) => d.guest.email);
      return {
        undeclaredGuests: undeclared.sort((a, b) => compare(a.email.toLowerCase(), b.email.toLowerCase()) || compare(a.objectId, b.objectId)),
        missingGuests: missingGuests.sort((a, b) => compare(a.toLowerCase(), b.toLowerCase())),
        memberships: memberships.sort((a, b) => compare(a.email.toLowerCase(), b.email.toLowerCase()) || compare(a.group ?? `~${a.app}`, b.group ?? `~${b.app}`) || compare(a.role ?? "", b.role ?? "") || compare(a.kind, b.kind)),
      };
    },
  };
}

/** What a user holds in the catalog's groups and apps. */
export function heldGrants(index: DeclaredIndex, grants: TenantGrants, userId: string): HeldGrant[] {
  const held: HeldGrant[] = [];
  for (const g of index.groups) if (grants.members.get(g.id)?.has(userId)) held.push({ key: g.key, id: g.id, kind: "group" });
  for (const app of index.apps) {
    for (const a of grants.assignments.get(app.id)?.get(userId) ?? []) {
      const role = a.appRoleId === DEFAULT_APP_ROLE ? undefined : (app.roleNames.get(a.appRoleId) ?? a.appRoleId);
      held.push({ key: app.key, id: app.id, kind: "app", ...(role !== undefined && { role }), assignmentId: a.id });
    }
  }
  return held;
}

function driftOf(kind: MembershipDrift["kind"], g: HeldGrant, email: string): MembershipDrift {
  return g.kind === "group" ? { kind, group: g.key, email } : { kind, app: g.key, ...(g.role !== undefined && { role: g.role }), email };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
