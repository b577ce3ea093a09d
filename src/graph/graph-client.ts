// The one way guestops talks to Microsoft Graph: a narrow interface (get, pages, batch) over plain fetch,
// with retries, paging, $batch and bounded concurrency. Every response is untrusted: a body that is not
// a JSON object, a nextLink to another host or one seen before, fails with an error naming the request.
import { terminal } from "../output/escape";
import { errorOf, GraphError, type RequestNeeds } from "./graph-error";
import { createWaitBudget, isRetryable, MAX_ATTEMPTS, overBudget, parseRetryAfter, retryDelay, type WaitBudget } from "./retry-policy";
import type { TokenSource } from "./read-token";

export interface RequestOptions {
  /** Sent on the request and, for `pages`, again on every page (ConsistencyLevel: eventual must be). */
  headers?: Record<string, string>;
  /** Named in the error when Graph answers 403. */
  needs?: RequestNeeds;
  /** Retry 404 too: for reads just after a create, which Graph may not see yet. */
  retryNotFound?: boolean;
  /** The API version the path is below; beta only for what v1.0 lacks (the B2B domain list). Default v1.0. */
  version?: GraphVersion;
}

export type GraphVersion = "v1.0" | "beta";

export type BatchResult<T> = { ok: true; value: T } | { ok: false; error: GraphError };

export interface GraphClient {
  /** One GET of `path` (below /v1.0, or the version asked for, with its query); the parsed JSON object. */
  get<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<T>;
  /** A collection, one page at a time, following every `@odata.nextLink` to the end. */
  pages<T = Record<string, unknown>>(path: string, options?: RequestOptions): AsyncGenerator<T[]>;
  /** Many GETs through `$batch`, in order; each fails or succeeds on its own. */
  batch<T = Record<string, unknown>>(paths: readonly string[], options?: RequestOptions): Promise<BatchResult<T>[]>;
  /** HTTP requests sent so far, retries included. */
  readonly requestCount: number;
}

/** Where Graph is and how to reach it; every Graph client of guestops takes these. */
export interface GraphConnection {
  /** Scheme and host, such as https://graph.microsoft.com; `/v1.0` is appended. */
  baseUrl: string;
  token: TokenSource;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** What all the client's waits may add up to; default createWaitBudget(), 120 s. */
  waitBudget?: WaitBudget;
}

export interface ClientOptions extends GraphConnection {
  /** Requests in flight at once. */
  concurrency?: number;
  /** More pages than this in one collection is taken for an endless nextLink chain. */
  maxPages?: number;
}

// https://learn.microsoft.com/graph/json-batching: a batch holds at most 20 requests.
export const BATCH_SIZE = 20;
// https://learn.microsoft.com/graph/throttling-limits (identity and access): reads are metered per app
// and tenant at 3,500 to 8,000 resource units per 10 s by tenant size, a user list page costing a few
// units. Four requests in flight, each taking 100 ms or more, stay under the smallest quota.
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_PAGES = 100_000;
/** For answers no real Graph gives: something in between, or a wrong GUESTOPS_GRAPH_URL. */
const MISBEHAVING = "nothing was written; try again, and if it persists check GUESTOPS_GRAPH_URL or --graph-url and any proxy in between";

export function createGraphClient(options: ClientOptions): GraphClient {
  const root = parseBaseUrl(options.baseUrl);
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const slots = semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  const budget = options.waitBudget ?? createWaitBudget();
  let requestCount = 0;

  /** Waits before a retry, or gives up when the command's wait budget has not that much left. */
  async function wait(name: string, ms: number, asked: boolean): Promise<void> {
    if (!budget.take(ms)) {
      const { message, hint } = overBudget(ms, budget, asked);
      throw new GraphError(name, message, hint);
    }
    await sleep(ms);
  }

  const urlOf = (path: string, version: GraphVersion = "v1.0"): string => `${root.href}/${version}${path.startsWith("/") ? path : `/${path}`}`;
  const label = (method: string, url: string): string => `${method} ${terminal(url.startsWith(root.href) ? url.slice(root.href.length) : url)}`;

  async function request(method: string, url: string, body: unknown, opts: RequestOptions = {}): Promise<Record<string, unknown>> {
    const name = label(method, url);
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let text = "";
      let contentType = "";
      let retryAfter: string | null = null;
      let failure: Error | undefined;
      await slots.acquire();
      try {
        requestCount++;
        const token = await options.token.token();
        const response = await doFetch(url, {
          method,
          headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...(body !== undefined && { "Content-Type": "application/json" }), ...opts.headers },
          ...(body !== undefined && { body: JSON.stringify(body) }),
          redirect: "error",
        });
        status = response.status;
        contentType = response.headers.get("content-type") ?? "";
        retryAfter = response.headers.get("retry-after");
        text = await response.text();
      } catch (err) {
        if (err instanceof GraphError) throw err;
        failure = err as Error;
      } finally {
        slots.release();
      }
      if (failure) {
        // A dropped connection is worth another try; after the last, say what failed.
        if (attempt < MAX_ATTEMPTS) {
          await wait(name, retryDelay(attempt, undefined, random), false);
          continue;
        }
        throw new GraphError(name, `could not reach Graph: ${terminal(failure.message)}`, "check the network, and GUESTOPS_GRAPH_URL or --graph-url if set");
      }
      if (status >= 200 && status < 300) return parseObject(name, status, contentType, text);
      if (attempt < MAX_ATTEMPTS && isRetryable(status, opts.retryNotFound)) {
        const after = parseRetryAfter(retryAfter, now());
        await wait(name, retryDelay(attempt, after, random), after !== undefined);
        continue;
      }
      throw errorOf(name, status, tryParse(text), opts.needs);
    }
  }

  async function* pages<T>(path: string, opts: RequestOptions = {}): AsyncGenerator<T[]> {
    let url = urlOf(path, opts.version);
    const seen = new Set<string>([url]);
    let pending = request("GET", url, undefined, opts);
    for (let page = 1; ; page++) {
      const body = await pending;
      const value = body.value;
      if (!Array.isArray(value)) throw new GraphError(label("GET", url), "Graph's answer has no `value` list, so it is not a collection", MISBEHAVING);
      const next = nextOf(body, url, seen, page, path, opts.version);
      if (next !== undefined) {
        // The next page is asked for before this one is used, so Graph and the caller work at once;
        // one page ahead at most, so memory stays bounded.
        pending = request("GET", next, undefined, opts);
        pending.catch(() => undefined);
      }
      yield value as T[];
      if (next === undefined) return;
      url = next;
    }
  }

  function nextOf(body: Record<string, unknown>, url: string, seen: Set<string>, page: number, path: string, version: GraphVersion = "v1.0"): string | undefined {
    const next = body["@odata.nextLink"];
    if (next === undefined || next === null) return undefined;
    if (typeof next !== "string") throw new GraphError(label("GET", url), "Graph's @odata.nextLink is not a string", MISBEHAVING);
    checkNextLink(root, label("GET", url), next, version);
    // The same link twice would page forever; so would a chain longer than any tenant.
    if (seen.has(next)) throw new GraphError(label("GET", url), `Graph's @odata.nextLink repeats an earlier page (${terminal(next)}), which would never end`, MISBEHAVING);
    if (page >= maxPages) throw new GraphError(label("GET", urlOf(path, version)), `more than ${maxPages} pages: the @odata.nextLink chain does not end`, MISBEHAVING);
    seen.add(next);
    return next;
  }

  async function batch<T>(paths: readonly string[], opts: RequestOptions = {}): Promise<BatchResult<T>[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < paths.length; i += BATCH_SIZE) chunks.push(paths.slice(i, i + BATCH_SIZE));
    const results = await Promise.all(chunks.map((chunk) => batchChunk<T>(chunk, opts)));
    return results.flat();
  }

  async function batchChunk<T>(chunk: readonly string[], opts: RequestOptions): Promise<BatchResult<T>[]> {
    const url = urlOf("/$batch");
    const requests = chunk.map((path, i) => ({ id: String(i + 1), method: "GET", url: path, ...(opts.headers && { headers: opts.headers }) }));
    const body = await request("POST", url, { requests }, opts);
    const responses = Array.isArray(body.responses) ? body.responses : undefined;
    if (!responses) throw new GraphError(label("POST", url), "Graph's $batch answer has no `responses` list", MISBEHAVING);
    const byId = new Map<string, Record<string, unknown>>();
    for (const r of responses) if (typeof r === "object" && r !== null && typeof (r as { id?: unknown }).id === "string") byId.set((r as { id: string }).id, r as Record<string, unknown>);
    return Promise.all(
      chunk.map(async (path, i): Promise<BatchResult<T>> => {
        const sub = byId.get(String(i + 1));
        const status = typeof sub?.status === "number" ? sub.status : undefined;
        if (status !== undefined && status >= 200 && status < 300 && typeof sub!.body === "object" && sub!.body !== null) return { ok: true, value: sub!.body as T };
        // A throttled, failed or missing answer inside a batch is retried on its own, after its Retry-After.
        if (status === undefined || isRetryable(status, opts.retryNotFound)) {
          const headers = (typeof sub?.headers === "object" && sub.headers !== null ? sub.headers : {}) as Record<string, unknown>;
          const after = headers["Retry-After"] ?? headers["retry-after"];
          try {
            if (status !== undefined) {
              const ms = parseRetryAfter(typeof after === "string" ? after : after === undefined ? undefined : String(after), now());
              await wait(label("GET", urlOf(path)), retryDelay(1, ms, random), ms !== undefined);
            }
            return { ok: true, value: (await request("GET", urlOf(path), undefined, opts)) as T };
          } catch (err) {
            if (err instanceof GraphError) return { ok: false, error: err };
            throw err;
          }
        }
        return { ok: false, error: errorOf(label("GET", urlOf(path)), status, sub!.body, opts.needs) };
      }),
    );
  }

  return {
    get: <T>(path: string, opts?: RequestOptions) => request("GET", urlOf(path, opts?.version), undefined, opts) as Promise<T>,
    pages,
    batch,
    get requestCount() {
      return requestCount;
    },
  };
}

export interface GraphRoot {
  /** Scheme, host and any path prefix, without a trailing slash. */
  href: string;
  origin: string;
  pathname: string;
}

/** The base URL as scheme and host: https, or http on the loopback (the test double). */
export function parseBaseUrl(value: string): GraphRoot {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GraphError("Graph URL", `${JSON.stringify(terminal(value))} is not a URL`, "use a URL such as https://graph.microsoft.com");
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  // A token must never travel in clear text beyond this machine.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new GraphError("Graph URL", `${JSON.stringify(terminal(value))} is not https`, "Graph is reached over https; plain http is only for the local test double on 127.0.0.1");
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new GraphError("Graph URL", `${JSON.stringify(terminal(value))} has a query, fragment or user`, "give only the scheme and host, such as https://graph.microsoft.com");
  }
  const pathname = url.pathname.replace(/\/+$/, "");
  return { href: `${url.origin}${pathname}`, origin: url.origin, pathname };
}

// A nextLink is followed with the token, so it must lead to the same Graph, below the version asked for.
function checkNextLink(root: GraphRoot, request: string, next: string, version: GraphVersion): void {
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    throw new GraphError(request, `Graph's @odata.nextLink ${JSON.stringify(terminal(next))} is not an absolute URL`, MISBEHAVING);
  }
  if (url.origin !== root.origin || !url.pathname.startsWith(`${root.pathname}/${version}/`)) {
    throw new GraphError(request, `Graph's @odata.nextLink leads elsewhere (${terminal(url.origin + url.pathname)}); the token is not sent there`, "if you set GUESTOPS_GRAPH_URL, check it; otherwise this is Graph misbehaving");
  }
}

function parseObject(request: string, status: number, contentType: string, text: string): Record<string, unknown> {
  if (status === 204 || text.length === 0) return {};
  if (!/^application\/json\b/i.test(contentType.trim())) {
    throw new GraphError(request, `Graph answered ${status} with ${terminal(contentType.split(";")[0] || "no content type")}, not JSON`, `a proxy or captive portal may be in the way; ${MISBEHAVING}`);
  }
  const value = tryParse(text);
  if (value === undefined) throw new GraphError(request, `Graph answered ${status} with JSON that does not parse (${text.length} bytes, possibly cut short)`, MISBEHAVING);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new GraphError(request, `Graph answered ${status} with JSON that is not an object`, MISBEHAVING);
  return value as Record<string, unknown>;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function semaphore(size: number): { acquire(): Promise<void>; release(): void } {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  return {
    acquire: () => {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}
