// Builds the desired state from loaded files. Pure and total: entries too broken to use are skipped, so a
// base revision with errors still yields the state it would have deployed. Callers that deploy must
// refuse first when validation reports errors.
import { eachGuest, splitAddress } from "./address";
import { addDays, dayNumber } from "./dates";
import type { AppRoleGrant, DesiredCatalog, DesiredGuest, DesiredState, GuestStatus, InvitationOverrides } from "./desired-state";
import type { GuestFile } from "./guests-schema";
import type { StackFile } from "./stack-schema";
import { buildTenantPolicy } from "./build-tenant-policy";
import { deploysGuests } from "./tenant-policy";

/** What the state is built from: a loader's result fits, and so does a hand-made one in tests. */
export interface StateInput {
  stackName: string;
  stack?: { value?: Partial<StackFile> };
  guestFiles: readonly { path: string; value?: Partial<GuestFile> }[];
}

export const DEFAULT_APP_ROLE = "00000000-0000-0000-0000-000000000000";

export function buildDesiredState(load: StateInput, asOf: string): DesiredState {
  const stack = (load.stack?.value ?? {}) as Partial<StackFile>;
  const policy = stack.policy ?? {};
  const lifecycle = stack.lifecycle ?? {};
  const graceDays = num(policy.expiredGraceDays, 30);
  // Thousands of guests share a few expiry dates; the status of each date is worked out once.
  const statuses = new Map<string | undefined, GuestStatus>();
  const statusFor = (expires: string | undefined): GuestStatus => {
    let status = statuses.get(expires);
    if (status === undefined) statuses.set(expires, (status = statusOf(expires, asOf, graceDays)));
    return status;
  };
  const defaults = stack.invitation ?? {};
  const catalog = buildCatalog(stack);

  const guests = new Map<string, DesiredGuest>();
  // A stack of tenant policy alone reads the partner files for their tenant ids and domains, and deploys no guest.
  for (const { file, guest } of eachGuest(deploysGuests(stack) ? load.guestFiles : [])) {
    const email = typeof guest.email === "string" ? guest.email : undefined;
    if (!email || !splitAddress(email)) continue;
    const key = email.toLowerCase();
    if (guests.has(key)) continue; // a duplicate is a validation error; the first entry stands
    const expires = typeof guest.expires === "string" && dayNumber(guest.expires) !== undefined ? guest.expires : undefined;
    const inv = guest.invitation ?? {};
    const overrides = overridesOf(inv);
    const sponsor = str(guest.sponsor) ?? str(file.value?.sponsor);
    guests.set(key, {
      key,
      email,
      displayName: str(guest.displayName) ?? email,
      partner: str(file.value?.partner) ?? file.path,
      file: file.path,
      ...(sponsor && { sponsor }),
      // An entry without a usable date is treated as already expired: it never gains access by accident.
      expires: expires ?? "0000-01-01",
      justification: str(guest.justification) ?? "",
      ...(str(guest.reviewed) && { reviewed: guest.reviewed }),
      ...(guid(guest.objectId) && { objectId: guid(guest.objectId) }),
      invitation: {
        redirectUrl: str(inv.redirectUrl) ?? str(defaults.redirectUrl) ?? "https://myapps.microsoft.com",
        sendEmail: bool(inv.sendEmail) ?? bool(defaults.sendEmail) ?? true,
        language: str(inv.language) ?? str(defaults.language) ?? "en-US",
        ...(str(inv.message) && { message: inv.message }),
        ...(Array.isArray(inv.cc) && str(inv.cc[0]) && { cc: inv.cc[0] }),
      },
      ...(overrides && { overrides }),
      groups: [...new Set((Array.isArray(guest.groups) ? guest.groups : []).filter((g) => typeof g === "string" && Object.hasOwn(catalog.groups, g)))].sort(),
      apps: appGrants(guest.apps, catalog),
      status: statusFor(expires),
    });
  }

  const tenantPolicy = buildTenantPolicy(stack, load.guestFiles);
  return {
    stack: load.stackName,
    tenantId: guid(stack.tenantId) ?? "",
    asOf,
    policy: {
      onRemoval: policy.onRemoval === "delete" ? "delete" : "retain",
      maxRemovalShare: num(policy.maxRemovalShare, 0.25),
      removalHorizonDays: num(policy.removalHorizonDays, 7),
      expiredGraceDays: graceDays,
    },
    lifecycle: {
      manageSponsors: bool(lifecycle.manageSponsors) ?? true,
      blockSignInOnExpiry: bool(lifecycle.blockSignInOnExpiry) ?? true,
    },
    invitationsDeleteAccounts: policy.onRemoval === "delete" && lifecycle.blockSignInOnExpiry !== true,
    catalog,
    guests: [...guests.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
    ...(tenantPolicy && { tenantPolicy }),
  };
}

/** Access lasts through the `expires` day; the account stays `expiredGraceDays` more. */
export function statusOf(expires: string | undefined, asOf: string, graceDays: number): GuestStatus {
  if (!expires) return "expired";
  if (asOf <= expires) return "active";
  return asOf <= addDays(expires, graceDays) ? "expired" : "gone";
}

function overridesOf(inv: Partial<NonNullable<GuestFile["guests"][number]["invitation"]>>): InvitationOverrides | undefined {
  const o: InvitationOverrides = {};
  if (str(inv.redirectUrl)) o.redirectUrl = inv.redirectUrl!;
  if (str(inv.message)) o.message = inv.message!;
  if (str(inv.language)) o.language = inv.language!;
  if (Array.isArray(inv.cc) && str(inv.cc[0])) o.cc = inv.cc[0];
  if (bool(inv.sendEmail) !== undefined) o.sendEmail = inv.sendEmail!;
  return Object.keys(o).length > 0 ? o : undefined;
}

function buildCatalog(stack: Partial<StackFile>): DesiredCatalog {
  const catalog: DesiredCatalog = { groups: {}, apps: {} };
  for (const [key, g] of Object.entries(stack.groups ?? {})) {
    const id = guid(g?.objectId);
    if (g && id) catalog.groups[key] = { id, displayName: str(g.displayName) ?? key, owners: strings(g.owners) };
  }
  for (const [key, a] of Object.entries(stack.apps ?? {})) {
    const id = guid(a?.servicePrincipalId);
    if (!a || !id) continue;
    const roles: Record<string, string> = {};
    for (const [name, roleId] of Object.entries(a.roles ?? {})) if (guid(roleId)) roles[name] = guid(roleId)!;
    catalog.apps[key] = { id, displayName: str(a.displayName) ?? key, owners: strings(a.owners), roles };
  }
  return catalog;
}

function appGrants(value: unknown, catalog: DesiredCatalog): AppRoleGrant[] {
  const grants = new Map<string, AppRoleGrant>();
  for (const g of Array.isArray(value) ? value : []) {
    if (typeof g !== "object" || g === null || typeof g.app !== "string") continue;
    // Own properties only: a key like "constructor" must not find Object.prototype.
    const app = Object.hasOwn(catalog.apps, g.app) ? catalog.apps[g.app] : undefined;
    if (!app) continue;
    if (typeof g.role === "string" && !Object.hasOwn(app.roles, g.role)) continue;
    const grant: AppRoleGrant = typeof g.role === "string" ? { app: g.app, role: g.role } : { app: g.app };
    grants.set(`${grant.app}/${grant.role ?? ""}`, grant);
  }
  return [...grants.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, g]) => g);
}

/** Object ids in lower case: Entra compares them without case, so the case in a file must not show as a change. */
function guid(v: unknown): string | undefined {
  return str(v)?.toLowerCase();
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}
function bool(v: unknown): boolean | undefined {
  return typeof v === "boolean" ? v : undefined;
}
function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
