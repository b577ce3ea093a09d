// Calendar dates as YYYY-MM-DD strings, in UTC, compared as whole days.

const DAY_MS = 86_400_000;

/** Today's date in UTC. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

// Thousands of entries share a handful of dates: remember each one's answer (bounded, for odd input).
const known = new Map<string, number | undefined>();

/** Days since 1970-01-01 for a real calendar date, else undefined (2027-02-30 is not real). */
export function dayNumber(date: string): number | undefined {
  if (known.has(date)) return known.get(date);
  const n = computeDayNumber(date);
  if (known.size < 10_000) known.set(date, n);
  return n;
}

function computeDayNumber(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

export function isRealDate(date: unknown): date is string {
  return typeof date === "string" && dayNumber(date) !== undefined;
}

/** `b - a` in days. Both must be real dates. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b)! - dayNumber(a)!;
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date)! + days) * DAY_MS).toISOString().slice(0, 10);
}
