// Rules about time: access that is about to lapse, has lapsed, or was never reviewed, and new entries
// that could never get access at all.
import { daysBetween, isRealDate } from "../model/dates";
import { count, quote } from "../model/words";
import type { GuestEntry, Rule, RuleContext } from "./rule";
import { isLimit } from "./values";

/** Days an expired account is kept when the policy does not say (the schema's default). */
const DEFAULT_GRACE_DAYS = 30;

/** Warn this many days before an entry expires, so its sponsor can renew it in time. */
export const EXPIRING_SOON_DAYS = 30;

// Sponsors get a month's notice to renew, and reviewers see access that is about to lapse.
export const expiringSoon: Rule = (ctx) => {
  for (const e of ctx.entries) {
    if (!isRealDate(e.guest.expires)) continue;
    const left = daysBetween(ctx.asOf, e.guest.expires);
    if (left >= 0 && left <= EXPIRING_SOON_DAYS) {
      const when = left === 0 ? "today" : left === 1 ? "tomorrow" : `in ${count(left, "day")}`;
      ctx.warn(e.file, [...e.path, "expires"], `${quote(e.email ?? "this guest")} expires on ${e.guest.expires}, ${when}; renew it with a new date and justification, or let it lapse`);
    }
  }
};

/** Days past expiry, and whether that is past the grace period, for an entry with a real date. */
function pastGrace(ctx: RuleContext, e: GuestEntry): { ago: number; grace: number; past: boolean } | undefined {
  if (!isRealDate(e.guest.expires)) return undefined;
  const policy = ctx.stack.policy?.expiredGraceDays;
  const grace = Number.isInteger(policy) && (policy as number) >= 0 ? (policy as number) : DEFAULT_GRACE_DAYS;
  const ago = daysBetween(e.guest.expires, ctx.asOf);
  return { ago, grace, past: ago > grace };
}

/** A plan knows the base: an address it lacks is new in this change. */
function isNew(ctx: RuleContext, e: GuestEntry): boolean {
  return ctx.base !== undefined && e.email !== undefined && !ctx.base.emails.has(e.email.toLowerCase());
}

// A new entry whose expires has passed is a mistake in the date, not a guest to invite: inviting it would
// have Entra email a guest whose access has already ended (and past policy.expiredGraceDays it could never
// get access at all). Only a plan knows the entry is new: validate warns instead (alreadyExpired).
export const newEntryNotExpired: Rule = (ctx) => {
  for (const e of ctx.entries) {
    const age = pastGrace(ctx, e);
    if (!age || age.ago <= 0 || !isNew(ctx, e)) continue;
    const never = age.past ? `, past the ${count(age.grace, "day")} grace period: it can never get access` : ": inviting it would email a guest whose access has already ended";
    ctx.error(e.file, [...e.path, "expires"], `${quote(e.email ?? "this guest")} is new in this change but expired on ${e.guest.expires}, ${count(age.ago, "day")} ago${never}; set expires to a future date`);
  }
};

// An expired entry still in Git loses its access on the next run; say so before it surprises anyone.
export const alreadyExpired: Rule = (ctx) => {
  for (const e of ctx.entries) {
    const age = pastGrace(ctx, e);
    if (!age || age.ago <= 0 || isNew(ctx, e)) continue;
    // Without a base, validate cannot tell a new entry from an old one: it says what each would mean.
    const fate =
      ctx.base === undefined
        ? `an existing entry loses its access on the next deploy, and a new one is refused by guestops plan${age.past ? ` (it is past the ${count(age.grace, "day")} grace period, so it could never get access)` : ""}: renew the date or delete the entry`
        : "their access will be removed: renew the date or delete the entry";
    ctx.warn(e.file, [...e.path, "expires"], `${quote(e.email ?? "this guest")} expired on ${e.guest.expires}, ${count(age.ago, "day")} ago; ${fate}`);
  }
};

/**
 * Days until a review recorded on `reviewed` falls due under a review interval: 0 on the last day it is
 * on time, negative once overdue. reviewOverdue warns, and guestops due lists, from this one reckoning.
 */
export function reviewDaysLeft(reviewed: string, asOf: string, interval: number): number {
  return interval - daysBetween(reviewed, asOf);
}

// Access reviews are due every policy.reviewIntervalDays (entitlement-management style recertification).
export const reviewOverdue: Rule = (ctx) => {
  const interval = ctx.stack.policy?.reviewIntervalDays;
  if (!isLimit(interval)) return;
  for (const e of ctx.entries) {
    if (!isRealDate(e.guest.reviewed)) continue;
    const since = daysBetween(e.guest.reviewed, ctx.asOf);
    if (reviewDaysLeft(e.guest.reviewed, ctx.asOf, interval) < 0) {
      ctx.warn(e.file, [...e.path, "reviewed"], `${quote(e.email ?? "this guest")} was last reviewed on ${e.guest.reviewed}, ${count(since, "day")} ago; reviews are due every ${count(interval, "day")}: review the access with the sponsor and set reviewed to the review's date`);
    }
  }
};

// A review is evidence of something that happened: a date after the judged day would clear the overdue
// warning for a review nobody has done yet.
export const reviewedNotInFuture: Rule = (ctx) => {
  for (const e of ctx.entries) {
    if (!isRealDate(e.guest.reviewed) || e.guest.reviewed <= ctx.asOf) continue;
    ctx.error(e.file, [...e.path, "reviewed"], `${quote(e.email ?? "this guest")} is marked reviewed on ${e.guest.reviewed}, after ${ctx.asOf}, the day it is judged on; a review is recorded once it has happened: set reviewed to the review's date`);
  }
};
