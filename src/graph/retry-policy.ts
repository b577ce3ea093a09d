// When to try a Graph request again, and how long to wait. Pure, so it is tested without a clock.
// https://learn.microsoft.com/graph/throttling: on 429 wait for Retry-After, otherwise back off
// exponentially; 503 and 504 may also carry Retry-After.

export const MAX_ATTEMPTS = 6;
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 30_000;
/** A Retry-After longer than this is an answer to give up on, not to sleep through in a pipeline. */
export const MAX_RETRY_AFTER_MS = 120_000;

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
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}
