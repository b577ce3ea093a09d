// When to try a Graph request again, and how long to wait. Pure, so it is tested without a clock.
// https://learn.microsoft.com/graph/throttling: on 429 wait for Retry-After, otherwise back off
// exponentially; 503 and 504 may also carry Retry-After.

export const MAX_ATTEMPTS = 6;
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 30_000;
/**
 * What all the waits of one command's Graph client may add up to: a throttled or hostile Graph could
 * otherwise ask for minutes per request (a Retry-After of 600, five times over), and a pipeline would
 * sleep through each. Past it the command gives up, exit 5. GUESTOPS_GRAPH_MAX_WAIT (seconds) changes it.
 */
export const DEFAULT_MAX_WAIT_MS = 120_000;
export const MAX_WAIT_VARIABLE = "GUESTOPS_GRAPH_MAX_WAIT";

// 401 and 403 are never retried: the token or the permission will not change by waiting.
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export function isRetryable(status: number, retryNotFound = false): boolean {
  // A just-created user can answer 404 for a while (replication); only callers that just created one ask.
  return RETRYABLE.has(status) || (retryNotFound && status === 404);
}

/** Seconds (possibly fractional) or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): Retry-After when Graph gave one,
 * else capped exponential backoff with full jitter, so that many clients do not retry in step.
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, random: () => number): number {
  // However long Graph asks for; the client's wait budget decides whether to wait at all.
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The waits one Graph client has left, shared by all its requests: those in flight at once add up. */
export interface WaitBudget {
  readonly totalMs: number;
  readonly spentMs: number;
  /** Takes `ms` from what is left; false, taking nothing, when less is left. */
  take(ms: number): boolean;
}

export function createWaitBudget(totalMs: number = DEFAULT_MAX_WAIT_MS): WaitBudget {
  let spentMs = 0;
  return {
    totalMs,
    get spentMs() {
      return spentMs;
    },
    take(ms) {
      if (spentMs + ms > totalMs) return false;
      spentMs += ms;
      return true;
    },
  };
}

/** The budget from GUESTOPS_GRAPH_MAX_WAIT, in seconds; the error when it is not a number of seconds. */
export function maxWaitOf(env: Record<string, string | undefined>): { ms: number } | { error: string } {
  const text = env[MAX_WAIT_VARIABLE]?.trim();
  if (text === undefined || text === "") return { ms: DEFAULT_MAX_WAIT_MS };
  if (!/^\d{1,6}$/.test(text)) return { error: `${MAX_WAIT_VARIABLE} is ${JSON.stringify(text.slice(0, 40))}; set it to a whole number of seconds, such as ${DEFAULT_MAX_WAIT_MS / 1000}` };
  return { ms: Number(text) * 1000 };
}

/** Why a command gives up instead of waiting `ms` more, for the error and its hint. */
export function overBudget(ms: number, budget: WaitBudget, asked: boolean): { message: string; hint: string } {
  const seconds = (n: number) => `${Math.ceil(n / 1000)} s`;
  return {
    message: `${asked ? `Graph asks to wait ${seconds(ms)} (Retry-After)` : `another retry would wait ${seconds(ms)}`}, but this command has waited ${seconds(budget.spentMs)} of the ${seconds(budget.totalMs)} it may wait for Graph in all; nothing more was sent`,
    hint: `Graph is throttling this tenant or failing; try again later. To wait longer, set ${MAX_WAIT_VARIABLE} to more seconds than ${budget.totalMs / 1000}`,
  };
}
