// One Graph request with guestops' retry policy, for the clients that write: GuestLifecycle's and the
// tenant policy's. Plain fetch with the read client's errors, Retry-After honoured on 429 and server
// errors within the deploy's wait budget, 401 and 403 never retried. What writes to a just-invited user
// need comes on top: Graph may not see the user (404 Request_ResourceNotFound) or accept a reference to
// it (400 "Not a valid reference update", code Request_BadRequest) for a while, so a request marked
// `consistency` retries those with backoff for a bounded time.
import { terminal } from "../output/escape";
import { parseBaseUrl, type GraphConnection } from "./graph-client";
import { errorOf, GraphError } from "./graph-error";
import { createWaitBudget, isRetryable, MAX_ATTEMPTS, overBudget, parseRetryAfter, retryDelay } from "./retry-policy";

export interface SendOptions extends GraphConnection {
  /** How long a just-invited user's 404 or "Not a valid reference update" is retried: replication takes minutes. */
  consistencyBudgetMs?: number;
  /** Attempts on throttling and server errors before giving up. */
  maxAttempts?: number;
}

export const CONSISTENCY_BUDGET_MS = 5 * 60_000;

export interface Send {
  method: "GET" | "PATCH" | "POST" | "DELETE";
  /** Below the version, with its query: "/users/{id}". */
  path: string;
  /** v1.0 unless the endpoint exists only in beta (the B2B management policy). */
  version?: "v1.0" | "beta";
  body?: unknown;
  /** Named in the error when Graph answers 403. */
  permission: string;
  /** The request touches a user that may have just been invited. */
  consistency?: boolean;
  /** Asked before retrying a 400: whether what the request wants is already so (a sponsor already added). */
  done?: () => Promise<boolean>;
}

export interface Sent {
  status: number;
  /** The parsed JSON body; undefined when empty or not JSON. Untrusted: callers check its shape. */
  body: unknown;
}

export type Sender = (request: Send) => Promise<Sent>;

export function createSender(options: SendOptions): Sender {
  const root = parseBaseUrl(options.baseUrl);
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const budget = options.consistencyBudgetMs ?? CONSISTENCY_BUDGET_MS;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  // Throttling and server errors draw on the same budget as the read client's; replication has its own.
  const waits = options.waitBudget ?? createWaitBudget();

  async function wait(name: string, ms: number, asked: boolean): Promise<void> {
    if (!waits.take(ms)) {
      const { message, hint } = overBudget(ms, waits, asked);
      throw new GraphError(name, message, hint);
    }
    await sleep(ms);
  }

  return async function send({ method, path, version = "v1.0", body, permission, consistency, done }: Send): Promise<Sent> {
    const url = `${root.href}/${version}${path}`;
    const name = `${method} ${terminal(`/${version}${path}`)}`;
    const started = now();
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers: { Authorization: `Bearer ${await options.token.token()}`, Accept: "application/json", ...(body !== undefined && { "Content-Type": "application/json" }) },
          ...(body !== undefined && { body: JSON.stringify(body) }),
          redirect: "error",
        });
      } catch (err) {
        if (err instanceof GraphError) throw err;
        if (attempt < maxAttempts) {
          await wait(name, retryDelay(attempt, undefined, random), false);
          continue;
        }
        throw new GraphError(name, `could not reach Graph: ${terminal((err as Error).message)}`, "check the network, and GUESTOPS_GRAPH_URL if set");
      }
      const text = await response.text();
      const parsed = parse(text);
      if (response.ok) return { status: response.status, body: parsed };
      const code = codeOf(parsed);
      // Decided on the status and error.code, never on Graph's wording. 401 and 403 are never retried.
      const unseen = consistency && ((response.status === 404 && code === "Request_ResourceNotFound") || (response.status === 400 && code === "Request_BadRequest"));
      if (unseen && response.status === 400 && done && (await done())) return { status: 204, body: undefined };
      if (unseen && now() - started < budget) {
        await sleep(Math.min(retryDelay(Math.min(attempt, 6), undefined, random) + 1000, budget));
        continue;
      }
      if (isRetryable(response.status) && attempt < maxAttempts) {
        const after = parseRetryAfter(response.headers.get("retry-after"), now());
        await wait(name, retryDelay(attempt, after, random), after !== undefined);
        continue;
      }
      // Every other failure names the request and, on 403, the permission it needs.
      throw errorOf(name, response.status, parsed, { permission });
    }
  };
}

function parse(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function codeOf(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === "string" ? code : undefined;
}
