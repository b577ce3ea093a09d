// The status of each declared guest in the tenant, beside what Git declares. Pure: the users and
// grants read from Graph in, rows out.
import { dayNumber, daysBetween } from "../model/dates";
import type { DesiredState, GuestStatus } from "../model/desired-state";
import { grantDriftOf, heldGrants, type MembershipDrift } from "./build-drift";
import type { DeclaredIndex, MatchedBy } from "./match-guests";
import type { TenantGrants, TenantUser } from "./read-tenant";
import type { TenantPolicyComparison } from "./build-tenant-policy-drift";

export interface StatusOptions {
  /** An invitation still pending after this many days is flagged. */
  pendingDays: number;
  /** A guest whose last sign-in is older than this many days is flagged. */
  inactiveDays: number;
}

export const DEFAULT_STATUS_OPTIONS: StatusOptions = { pendingDays: 14, inactiveDays: 90 };

export type StatusFlag = "not-found" | "not-a-guest" | "disabled" | "pending-invitation" | "never-signed-in" | "inactive" | "undeclared-access" | "missing-access";

/** One difference between the tenant's access and Git's, exactly as guestops drift reports it. */
export type StatusMismatch = Omit<MembershipDrift, "email">;

export interface StatusRow {
  email: string;
  file: string;
  status: GuestStatus;
  found: boolean;
  matchedBy?: MatchedBy;
  objectId?: string;
  userType?: string | null;
  externalUserState?: string | null;
  externalUserStateChangeDateTime?: string | null;
  accountEnabled?: boolean | null;
  createdDateTime?: string | null;
  /** The last successful sign-in; null when never; absent when sign-ins could not be read. */
  lastSignIn?: string | null;
  groups: { declared: string[]; actual: string[] };
  apps: { declared: string[]; actual: string[] };
  /** What guestops drift reports for this guest: access held outside Git (an expired guest's included) and access missing. */
  mismatches: StatusMismatch[];
  flags: StatusFlag[];
}

export interface StatusReport {
  stack: string;
  asOf: string;
  options: StatusOptions;
  /** Set when sign-in activity could not be read, with the reason. */
  notes: string[];
  guests: StatusRow[];
  /** Each declared guardrail beside the tenant's, when the stack declares tenantPolicy. */
  tenantPolicy?: TenantPolicyComparison;
}

export function buildStatus(
  state: DesiredState,
  index: DeclaredIndex,
  grants: TenantGrants,
  users: ReadonlyMap<string, { user: TenantUser; by: MatchedBy }>,
  signInsRead: boolean,
  options: StatusOptions,
  notes: string[],
): StatusReport {
  // The drift command's own comparison, so that status flags what drift flags.
  const driftOf = grantDriftOf(index, grants);
  const guests = state.guests.map((guest): StatusRow => {
    const declared = {
      groups: guest.groups,
      apps: guest.apps.map((a) => (a.role ? `${a.app}/${a.role}` : a.app)),
    };
    const match = users.get(guest.key);
    if (!match) return { email: guest.email, file: guest.file, status: guest.status, found: false, groups: { declared: declared.groups, actual: [] }, apps: { declared: declared.apps, actual: [] }, mismatches: [], flags: ["not-found"] };
    const { user, by } = match;
    const held = heldGrants(index, grants, user.id.toLowerCase());
    const entry = index.byKey.get(guest.key);
    const mismatches = entry ? driftOf(entry, user.id.toLowerCase()).map(({ email: _, ...m }) => m) : [];
    const lastSignIn = signInsRead ? (user.signInActivity?.lastSuccessfulSignInDateTime ?? null) : undefined;
    const row: StatusRow = {
      email: guest.email,
      file: guest.file,
      status: guest.status,
      found: true,
      matchedBy: by,
      objectId: user.id.toLowerCase(),
      userType: user.userType ?? null,
      externalUserState: user.externalUserState ?? null,
      externalUserStateChangeDateTime: user.externalUserStateChangeDateTime ?? null,
      accountEnabled: user.accountEnabled ?? null,
      createdDateTime: user.createdDateTime ?? null,
      ...(lastSignIn !== undefined && { lastSignIn }),
      groups: { declared: declared.groups, actual: held.filter((g) => g.kind === "group").map((g) => g.key) },
      apps: { declared: declared.apps, actual: held.filter((g) => g.kind === "app").map((g) => (g.role ? `${g.key}/${g.role}` : g.key)).sort() },
      mismatches,
      flags: [],
    };
    row.flags = FLAGS.filter(([, applies]) => applies(row, state.asOf, options)).map(([flag]) => flag);
    return row;
  });
  return { stack: state.stack, asOf: state.asOf, options, notes, guests };
}

type FlagRule = readonly [StatusFlag, (row: StatusRow, asOf: string, options: StatusOptions) => boolean];

const FLAGS: readonly FlagRule[] = [
  // A converted or internal account is not managed as a guest; its access belongs to someone else's process.
  // An answer without a userType does not show a guest either: flagged, never taken for one.
  ["not-a-guest", (r) => r.userType !== "Guest"],
  // A disabled account cannot sign in: access lapsed, or lifecycle blocked it.
  ["disabled", (r) => r.accountEnabled === false],
  // An unredeemed invitation after N days usually means a wrong address or a guest who no longer needs access.
  ["pending-invitation", (r, asOf, o) => r.externalUserState === "PendingAcceptance" && olderThan(r.externalUserStateChangeDateTime ?? r.createdDateTime, asOf, o.pendingDays)],
  // Access that has never been used is a candidate for removal at the next review.
  ["never-signed-in", (r) => r.lastSignIn === null],
  // Entra's guidance on inactive accounts: review those without a sign-in for a long time.
  ["inactive", (r, asOf, o) => typeof r.lastSignIn === "string" && olderThan(r.lastSignIn, asOf, o.inactiveDays)],
  // What guestops drift reports: access granted outside Git (or kept after expiry), and access Git gives that the tenant lacks.
  ["undeclared-access", (r) => r.mismatches.some((m) => m.kind === "undeclared")],
  ["missing-access", (r) => r.mismatches.some((m) => m.kind === "missing")],
];

function olderThan(timestamp: string | null | undefined, asOf: string, days: number): boolean {
  if (typeof timestamp !== "string") return false;
  const day = timestamp.slice(0, 10);
  return dayNumber(day) !== undefined && daysBetween(day, asOf) > days;
}
