// Which guests are due, for whom: access that ends, or a review that falls due, within a number of days,
// grouped by sponsor. Pure: a desired state and its stack file in, a report out. guestops due prints it;
// guestops renewals turns each sponsor's part into a pull request.
import { addDays, daysBetween, isRealDate } from "../model/dates";
import type { DesiredGuest, DesiredState } from "../model/desired-state";
import type { StackFile } from "../model/stack-schema";
import { renewalTermOf } from "../rules/expiry-limits";
import { reviewDaysLeft } from "../rules/expiry-rules";
import { isLimit } from "../rules/values";

export const DEFAULT_WITHIN_DAYS = 30;

/** expires: access ends within the window; expired: it has ended (grace period); review: a review falls due. */
export type DueReason = "expires" | "expired" | "review";

/** What the renewal run does with a due guest: a later `expires` (and `reviewed` today), or only `reviewed`. */
export type DueRenewal = { action: "renew"; until: string; days: number; by: string } | { action: "review"; on: string };

export interface DueGuest {
  email: string;
  /** Lower-cased address. */
  key: string;
  displayName: string;
  file: string;
  sponsor?: string;
  expires: string;
  /** Days until access ends; negative once it has. */
  daysLeft: number;
  reviewed?: string;
  /** The last day a review is on time, and the days to it (negative when overdue). */
  reviewDue?: string;
  reviewDaysLeft?: number;
  reasons: DueReason[];
  groups: string[];
  /** app or app/role. */
  apps: string[];
  renewal: DueRenewal;
  /** Read from Graph (--online): absent offline. */
  tenant?: GuestFacts;
}

export interface GuestFacts {
  found: boolean;
  /** The last successful sign-in; null when never; absent when sign-ins could not be read. */
  lastSignIn?: string | null;
  externalUserState?: string | null;
}

/** A sponsor as the tenant holds them: unknown offline. */
export type SponsorState = "unknown" | "active" | "not-found" | "disabled";

export interface SponsorDue {
  /** As written in the guest file; null when no entry or file names one. */
  sponsor: string | null;
  state: SponsorState;
  /** Set when the sponsor cannot answer (left, disabled, or none declared): the owners of the guests' groups and apps. */
  askInstead: string[];
  guests: DueGuest[];
}

export interface DueReport {
  stack: string;
  asOf: string;
  within: number;
  online: boolean;
  /** Why something could not be read (sign-in activity without its licence, say). */
  notes: string[];
  sponsors: SponsorDue[];
}

export interface OnlineFacts {
  /** By guest key. A guest absent here was not found. */
  guests: ReadonlyMap<string, GuestFacts>;
  /** By lower-cased sponsor address. */
  sponsors: ReadonlyMap<string, Exclude<SponsorState, "unknown">>;
  notes: readonly string[];
}

export interface DueOptions {
  within: number;
  online?: OnlineFacts;
}

export function buildDue(state: DesiredState, stack: Partial<StackFile>, options: DueOptions): DueReport {
  const interval = stack.policy?.reviewIntervalDays;
  const bySponsor = new Map<string, { sponsor: string | null; guests: DueGuest[] }>();
  for (const guest of state.guests) {
    const due = dueGuest(guest, state.asOf, stack, isLimit(interval) ? interval : undefined, options);
    if (!due) continue;
    const key = guest.sponsor?.toLowerCase() ?? "";
    const group = bySponsor.get(key) ?? { sponsor: guest.sponsor ?? null, guests: [] };
    group.guests.push(due);
    bySponsor.set(key, group);
  }
  const sponsors = [...bySponsor.entries()]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { sponsor, guests }]): SponsorDue => {
      const state_: SponsorState = sponsor === null ? "not-found" : options.online ? (options.online.sponsors.get(key) ?? "not-found") : "unknown";
      guests.sort((a, b) => soonest(a) - soonest(b) || (a.key < b.key ? -1 : 1));
      const askInstead = sponsor === null || state_ === "not-found" || state_ === "disabled" ? ownersOf(state, guests, key) : [];
      return { sponsor, state: state_, askInstead, guests };
    });
  return { stack: state.stack, asOf: state.asOf, within: options.within, online: options.online !== undefined, notes: [...(options.online?.notes ?? [])], sponsors };
}

function dueGuest(guest: DesiredGuest, asOf: string, stack: Partial<StackFile>, interval: number | undefined, options: DueOptions): DueGuest | undefined {
  // Past the grace period there is no account left to renew: a renewal would be a new invitation.
  if (guest.status === "gone" || !isRealDate(guest.expires)) return undefined;
  const daysLeft = daysBetween(asOf, guest.expires);
  const reasons: DueReason[] = [];
  if (daysLeft < 0) reasons.push("expired");
  else if (daysLeft <= options.within) reasons.push("expires");
  // The review reckoning is the one reviewOverdue warns on; an entry never reviewed is judged by its expiry.
  const review = interval !== undefined && isRealDate(guest.reviewed) ? reviewDaysLeft(guest.reviewed, asOf, interval) : undefined;
  if (review !== undefined && review <= options.within) reasons.push("review");
  if (reasons.length === 0) return undefined;
  const apps = guest.apps.map((a) => (a.role ? `${a.app}/${a.role}` : a.app));
  const term = renewalTermOf(stack, guest.groups, guest.apps);
  const until = addDays(asOf, term.days);
  // A review of a guest whose access runs past the renewal term records the review and never shortens it.
  const renewal: DueRenewal = until > guest.expires ? { action: "renew", until, days: term.days, by: term.by } : { action: "review", on: asOf };
  const facts = options.online ? (options.online.guests.get(guest.key) ?? { found: false }) : undefined;
  return {
    email: guest.email,
    key: guest.key,
    displayName: guest.displayName,
    file: guest.file,
    ...(guest.sponsor !== undefined && { sponsor: guest.sponsor }),
    expires: guest.expires,
    daysLeft,
    ...(guest.reviewed !== undefined && { reviewed: guest.reviewed }),
    ...(review !== undefined && { reviewDue: addDays(guest.reviewed!, interval!), reviewDaysLeft: review }),
    reasons,
    groups: guest.groups,
    apps,
    renewal,
    ...(facts && { tenant: facts }),
  };
}

/** The days to the first thing due: access ending, or the review. */
export function soonest(g: DueGuest): number {
  return Math.min(g.reasons.includes("review") ? g.reviewDaysLeft! : Infinity, g.daysLeft);
}

/** Who answers for guests whose sponsor cannot: the owners of their groups and apps, never the missing sponsor. */
function ownersOf(state: DesiredState, guests: readonly DueGuest[], sponsorKey: string): string[] {
  const owners = new Map<string, string>();
  const add = (list: readonly string[] | undefined) => list?.forEach((o) => o.toLowerCase() !== sponsorKey && !owners.has(o.toLowerCase()) && owners.set(o.toLowerCase(), o));
  for (const g of guests) {
    for (const group of g.groups) add(state.catalog.groups[group]?.owners);
    for (const app of g.apps) add(state.catalog.apps[app.split("/")[0]!]?.owners);
  }
  return [...owners.values()].sort();
}
