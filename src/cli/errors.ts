// The CLI's two kinds of failure: the user's (a usage error, exit 2) and ours (a bug).

/** Wrong flags or arguments. Printed as one line with a hint; exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export const EXIT = {
  ok: 0,
  /** Validation errors. */
  invalid: 1,
  usage: 2,
  /** A plan that a safety guard refused. */
  refused: 3,
  /** The tenant differs from Git (guestops drift), for scheduled alerts. */
  drift: 4,
  /** Microsoft Graph refused or failed a request: a permission, a token, or Graph itself. */
  graph: 5,
  /** A bug or an environment failure. */
  internal: 70,
} as const;
