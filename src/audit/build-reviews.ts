// Reviews, renewals and lapses through the period, from the audit's events alone: each one is a guest
// diff the plan shows, with its evidence, so the report judges what the audit lists. Pure.
//
// A review is on time when an attested review reaches the branch within policy.reviewIntervalDays of the
// previous attested review, or of the grant when there has been none:
// - the clock starts on the day the guest's access begins (invited, adopted, or granted or renewed again
//   after it had lapsed), and again on the day of each attested review;
// - the review is due on the clock's day plus reviewIntervalDays; on time if an attested review reaches the
//   branch on or before that day, late if one reaches it after that day and by the end of the period,
//   missed if none has by then (one due on the period's last day and not yet done is still open, and not
//   counted), and not due at all if access ends (expiry, removal) on or before that day;
// - the day of a review is the day its commit reached the branch (the event's `at`), never the date written
//   in `reviewed`, which the change's own author writes;
// - attested: the review's commit gives every approval the plan of that commit asked for (the guest's
//   sponsor, the owners of what a renewal extends), from approvers that count (the approvals note, a signed
//   merge): no direct-push, no-approval or not-owner flag. Other reviews are listed, and settle nothing.
import { addDays, daysBetween, isRealDate } from "../model/dates";
import type { AuditEvent, EventFlag, EvidenceRequester } from "./audit-types";

export type ReviewOutcome = "on-time" | "late" | "missed";

/** One review that fell due in the period. */
export interface ReviewDue {
  guest: string;
  /** The sponsor who answers for it: the guest's at the review, or at the end of the period, or when access ended. */
  sponsor: string | null;
  /** The day the clock started, and why: the grant, or the previous attested review. */
  since: string;
  from: "grant" | "review";
  /** The last day on which the review is on time: `since` plus reviewIntervalDays. */
  due: string;
  outcome: ReviewOutcome;
  /** The attested review that settled it, when one reached the branch by the end of the period. */
  review: ReviewEvidence | null;
  /** Days after `due` for a late review, or up to the end of the period for a missed one; 0 when on time. */
  daysLate: number;
}

/** A review or renewal with who attested it. */
export interface ReviewEvidence {
  at: string;
  commit: string | null;
  pr: number | null;
  /** The approvers that count. */
  approvers: string[];
  /** Approvers that an unsigned commit's trailers name: shown, counting for nothing. */
  unverified: string[];
  requester?: EvidenceRequester;
  flags: EventFlag[];
}

export interface SponsorReviews {
  sponsor: string | null;
  due: number;
  onTime: number;
  late: number;
  missed: number;
  /** onTime / due, rounded to 4 places; null when nothing fell due. */
  shareOnTime: number | null;
}

export interface Reviews {
  /** The stack's policy.reviewIntervalDays at the end of the period; null when it sets none (then nothing is due). */
  intervalDays: number | null;
  /** Reviews due in the period (`due` within it), by due day, then guest. */
  due: ReviewDue[];
  bySponsor: SponsorReviews[];
  totals: Omit<SponsorReviews, "sponsor">;
  /** Reviews that reached the branch in the period without the approvals the plan asked for: they settle nothing. */
  unattested: AuditEvent[];
}

export interface RenewalsBySponsor {
  sponsor: string | null;
  renewals: number;
  /** Every approver that counts on those renewals. */
  approvers: string[];
}

export interface Renewals {
  /** The period's `renewed` events. */
  events: AuditEvent[];
  bySponsor: RenewalsBySponsor[];
}

/** Access that ended by date in the period: `expires` passed with no PR ending it first. */
export interface Lapse {
  guest: string;
  sponsor: string | null;
  /** The last day of access: the day before the `expired` event. */
  expires: string;
  at: string;
  /** What became of it by the end of the period: renewed (or invited or adopted again), removed by a PR, or nothing. */
  then: { kind: "renewed" | "removed"; at: string; commit: string | null; pr: number | null } | null;
}

export interface Lapses {
  guests: Lapse[];
  /** Lapses that nothing renewed by the end of the period. */
  withoutRenewal: number;
  renewedAfter: number;
}

export interface PeriodInput {
  since: string | null;
  until: string;
  intervalDays: number | null;
  /** Every event up to the end of the period, in the audit's order. */
  events: readonly AuditEvent[];
}

const UNATTESTED: readonly EventFlag[] = ["direct-push", "no-approval", "not-owner"];

/** Whether the approvals the plan asked for were given by approvers that count. */
export function isAttested(e: AuditEvent): boolean {
  return !e.flags.some((f) => UNATTESTED.includes(f));
}

const day = (at: string) => at.slice(0, 10);
const inPeriod = (at: string, p: Pick<PeriodInput, "since" | "until">) => day(at) <= p.until && (p.since === null || day(at) >= p.since);
/** Kinds that carry the guest's sponsor (see AuditEvent.sponsor). */
const SPONSORED = new Set(["invited", "adopted", "renewed", "reviewed", "shortened", "sponsor-changed", "expired", "removed"]);

export function evidenceOf(e: AuditEvent): ReviewEvidence {
  return { at: e.at, commit: e.commit, pr: e.pr, approvers: [...e.approvers], unverified: e.approvals.filter((a) => a.source === "trailer").map((a) => a.by), ...(e.requester && { requester: { ...e.requester } }), flags: [...e.flags] };
}

interface Clock {
  since: string;
  from: "grant" | "review";
  commit: string | null;
}

export function buildReviews(input: PeriodInput): Reviews {
  const { intervalDays: interval } = input;
  const due: ReviewDue[] = [];
  const unattested = input.events.filter((e) => e.kind === "reviewed" && inPeriod(e.at, input) && !isAttested(e));
  if (interval !== null) {
    const sponsors = new Map<string, string | null>();
    const clocks = new Map<string, Clock>();
    const settle = (guest: string, clock: Clock, outcome: ReviewOutcome, review: AuditEvent | null, on: string) => {
      const last = addDays(clock.since, interval);
      due.push({ guest, sponsor: sponsors.get(guest) ?? null, since: clock.since, from: clock.from, due: last, outcome, review: review && evidenceOf(review), daysLate: outcome === "on-time" ? 0 : daysBetween(last, on) });
    };
    for (const e of input.events) {
      if (e.guest === null || day(e.at) > input.until) continue;
      const g = e.guest;
      if (SPONSORED.has(e.kind) && e.target === null) sponsors.set(g, e.sponsor ?? null);
      const clock = clocks.get(g);
      const at = day(e.at);
      if (!clock && (e.kind === "invited" || e.kind === "adopted" || e.kind === "granted" || e.kind === "renewed")) {
        clocks.set(g, { since: at, from: "grant", commit: e.commit });
      } else if (clock && (e.kind === "expired" || e.kind === "removed")) {
        // Due while the guest still had access, and never reviewed: missed. Ending access on or before the day is itself the decision.
        if (addDays(clock.since, interval) < at) settle(g, clock, "missed", null, addDays(at, -1));
        clocks.delete(g);
      } else if (clock && e.kind === "reviewed" && isAttested(e)) {
        // A review in the change that (re)grants access starts the clock; there was nothing yet to review.
        if (clock.commit !== e.commit || clock.from === "review") settle(g, clock, at <= addDays(clock.since, interval) ? "on-time" : "late", e, at);
        clocks.set(g, { since: at, from: "review", commit: e.commit });
      }
    }
    // A review due on the period's last day may still come that day: it is missed only once its day is over.
    for (const [g, clock] of clocks) if (addDays(clock.since, interval) < input.until) settle(g, clock, "missed", null, input.until);
  }
  const inside = due.filter((d) => d.due <= input.until && (input.since === null || d.due >= input.since)).sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.guest < b.guest ? -1 : 1));
  const bySponsor = [...groupBy(inside, (d) => d.sponsor)].map(([sponsor, list]) => ({ sponsor, ...tally(list) })).sort((a, b) => bySponsorName(a.sponsor, b.sponsor));
  return { intervalDays: interval, due: inside, bySponsor, totals: tally(inside), unattested };
}

function tally(list: readonly ReviewDue[]): Omit<SponsorReviews, "sponsor"> {
  const count = (o: ReviewOutcome) => list.filter((d) => d.outcome === o).length;
  const onTime = count("on-time");
  return { due: list.length, onTime, late: count("late"), missed: count("missed"), shareOnTime: list.length === 0 ? null : Math.round((onTime / list.length) * 10000) / 10000 };
}

export function buildRenewals(input: Omit<PeriodInput, "intervalDays">): Renewals {
  const events = input.events.filter((e) => e.kind === "renewed" && inPeriod(e.at, input));
  const bySponsor = [...groupBy(events, (e) => e.sponsor ?? null)]
    .map(([sponsor, list]) => ({ sponsor, renewals: list.length, approvers: [...new Set(list.flatMap((e) => e.approvers))].sort() }))
    .sort((a, b) => bySponsorName(a.sponsor, b.sponsor));
  return { events, bySponsor };
}

export function buildLapses(input: Omit<PeriodInput, "intervalDays">): Lapses {
  const guests: Lapse[] = [];
  const open = new Map<string, Lapse>();
  for (const e of input.events) {
    if (e.guest === null || e.target !== null || day(e.at) > input.until) continue;
    // An expiry that no commit made: `expires` passed. A PR that ends access is a removal, not a lapse.
    if (e.kind === "expired" && e.commit === null && inPeriod(e.at, input)) {
      const expires = isRealDate(day(e.at)) ? addDays(day(e.at), -1) : day(e.at);
      const lapse: Lapse = { guest: e.guest, sponsor: e.sponsor ?? null, expires, at: e.at, then: null };
      guests.push(lapse);
      open.set(e.guest, lapse);
      continue;
    }
    const lapse = open.get(e.guest);
    if (!lapse) continue;
    const kind = e.kind === "renewed" || e.kind === "invited" || e.kind === "adopted" ? "renewed" : e.kind === "removed" ? "removed" : undefined;
    if (kind) {
      lapse.then = { kind, at: e.at, commit: e.commit, pr: e.pr };
      open.delete(e.guest);
    }
  }
  guests.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.guest < b.guest ? -1 : 1));
  return { guests, withoutRenewal: guests.filter((l) => l.then?.kind !== "renewed").length, renewedAfter: guests.filter((l) => l.then?.kind === "renewed").length };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string | null, T[]> {
  const groups = new Map<string | null, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Sponsors by address; the guests without one last. */
function bySponsorName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
