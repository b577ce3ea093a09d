// The auditor's one page as a value: the current state (guests per partner, group and app; expiring
// soon; overdue reviews; the largest grants) and the period (grants and removals with their evidence,
// every flagged event), each table with the command that reproduces it. Pure; rendered to JSON,
// Markdown and HTML.
import { daysBetween, isRealDate } from "../model/dates";
import type { DesiredState } from "../model/desired-state";
import type { AuditEvent } from "./audit-types";
import { buildAccess, type Access } from "./build-access";
import { buildLapses, buildRenewals, buildReviews, type Lapses, type Renewals, type Reviews } from "./build-reviews";

export interface Count {
  name: string;
  guests: number;
}

export interface ExpiringGuest {
  email: string;
  partner: string;
  expires: string;
  daysLeft: number;
}

export interface OverdueReview {
  email: string;
  partner: string;
  /** The last review, or null when never reviewed (then counted from the first grant). */
  reviewed: string | null;
  since: string;
  daysSince: number;
}

export interface Report {
  stack: string;
  /** The commit whose history was read. */
  head: string;
  /** The commit the current state is at; null before the first. */
  commit: string | null;
  since: string | null;
  /** The first commit read, when the history starts at one (--since COMMIT, .guestops.yaml). */
  start?: string;
  until: string;
  current: {
    asOf: string;
    guests: number;
    activeGuests: number;
    grants: number;
    byPartner: Count[];
    byGroup: Count[];
    byApp: Count[];
    expiring: { within30: number; within60: number; within90: number; guests: ExpiringGuest[] };
    reviewIntervalDays: number | null;
    overdueReviews: OverdueReview[];
    largestGrants: Count[];
  };
  period: {
    granted: AuditEvent[];
    removed: AuditEvent[];
    flagged: AuditEvent[];
    /** Reviews due in the period, by sponsor: on time, late or missed (see build-reviews.ts). */
    reviews: Reviews;
    renewals: Renewals;
    /** Access that ended by date, `expires` passing with no PR ending it first, and what came of it. */
    lapses: Lapses;
    counts: { events: number; granted: number; removed: number; flagged: number; invalid: number };
  };
  /** The command behind each table, keyed by the table's id. */
  commands: Record<string, string>;
}

export interface ReportInput {
  stack: string;
  head: string;
  commit: string | null;
  since: string | null;
  start?: string | null;
  until: string;
  /** The state at the end of the period, judged on its last day. */
  state: DesiredState | undefined;
  reviewIntervalDays: number | null;
  /** Every event up to the end of the period: the ledger needs those before it too. */
  events: readonly AuditEvent[];
}

const LARGEST = 10;

export function buildReport(input: ReportInput): Report {
  const { until, since } = input;
  const access = buildAccess(until, input.stack, input.state, input.commit, input.events);
  const active = access.guests.filter((g) => g.status === "active");
  const inPeriod = input.events.filter((e) => e.at.slice(0, 10) <= until && (since === null || e.at.slice(0, 10) >= since));
  const granted = inPeriod.filter((e) => e.kind === "granted");
  const removed = inPeriod.filter((e) => e.kind === "revoked");
  const flagged = inPeriod.filter((e) => e.flags.length > 0);
  const targets = countBy(active.flatMap((g) => g.grants.map((x) => x.target)));
  const expiring = active
    .filter((g) => isRealDate(g.expires))
    .map((g) => ({ email: g.email, partner: g.partner, expires: g.expires, daysLeft: daysBetween(until, g.expires) }))
    .filter((g) => g.daysLeft >= 0 && g.daysLeft <= 90)
    .sort((a, b) => a.daysLeft - b.daysLeft || (a.email < b.email ? -1 : 1));
  const scope = `--stack ${input.stack} --rev ${input.head}`;
  const from = since ?? input.start ?? null;
  const period = `${from ? ` --since ${from}` : ""} --until ${until}`;
  return {
    stack: input.stack,
    head: input.head,
    commit: input.commit,
    since,
    ...(input.start && { start: input.start }),
    until,
    current: {
      asOf: until,
      guests: access.guests.length,
      activeGuests: active.length,
      grants: active.reduce((n, g) => n + g.grants.length, 0),
      byPartner: countBy(active.map((g) => g.partner)),
      byGroup: targets.filter((t) => t.name.startsWith("group:")),
      byApp: targets.filter((t) => t.name.startsWith("app:")),
      expiring: { within30: expiring.filter((g) => g.daysLeft <= 30).length, within60: expiring.filter((g) => g.daysLeft <= 60).length, within90: expiring.length, guests: expiring },
      reviewIntervalDays: input.reviewIntervalDays,
      overdueReviews: overdue(access, input.state, input.reviewIntervalDays),
      largestGrants: [...targets].sort((a, b) => b.guests - a.guests || (a.name < b.name ? -1 : 1)).slice(0, LARGEST),
    },
    period: {
      granted,
      removed,
      flagged,
      reviews: buildReviews({ since, until, intervalDays: input.reviewIntervalDays, events: input.events }),
      renewals: buildRenewals({ since, until, events: input.events }),
      lapses: buildLapses({ since, until, events: input.events }),
      counts: { events: inPeriod.length, granted: granted.length, removed: removed.length, flagged: flagged.length, invalid: inPeriod.filter((e) => e.kind === "invalid").length },
    },
    commands: {
      current: `guestops access --as-of ${until} ${scope} --format csv`,
      granted: `guestops audit ${scope}${period} --kind granted --format csv`,
      removed: `guestops audit ${scope}${period} --kind revoked --format csv`,
      flagged: `guestops audit ${scope}${period} --flagged --format csv`,
      reviews: `guestops audit ${scope}${period} --kind reviewed --format csv`,
      renewals: `guestops audit ${scope}${period} --kind renewed --format csv`,
      lapses: `guestops audit ${scope}${period} --kind expired,renewed,removed --format csv`,
      report: `guestops report ${scope}${period} --format json`,
    },
  };
}

/** Guests per name, most first, then by name. */
function countBy(names: readonly string[]): Count[] {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.entries()].map(([name, guests]) => ({ name, guests })).sort((a, b) => b.guests - a.guests || (a.name < b.name ? -1 : 1));
}

// Recertification is due every reviewIntervalDays; a guest never reviewed is counted from their first grant.
function overdue(access: Access, state: DesiredState | undefined, interval: number | null): OverdueReview[] {
  if (interval === null || !state) return [];
  const reviewed = new Map(state.guests.map((g) => [g.key, g.reviewed]));
  const out: OverdueReview[] = [];
  for (const g of access.guests) {
    if (g.status !== "active" || g.grants.length === 0) continue;
    const last = reviewed.get(g.email);
    const firstGrant = g.grants.map((x) => x.since.slice(0, 10)).filter(isRealDate).sort()[0];
    const from = last && isRealDate(last) ? last : firstGrant;
    if (!from) continue;
    const days = daysBetween(from, access.asOf);
    if (days > interval) out.push({ email: g.email, partner: g.partner, reviewed: last && isRealDate(last) ? last : null, since: from, daysSince: days });
  }
  return out.sort((a, b) => b.daysSince - a.daysSince || (a.email < b.email ? -1 : 1));
}
