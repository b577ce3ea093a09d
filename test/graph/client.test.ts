// The Graph client against scripted answers and the loopback double: retries and backoff, no retry on
// 401/403, paging, $batch partial failures, untrusted answers, bounded concurrency, token refresh.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createGraphClient, parseBaseUrl, type ClientOptions } from "../../src/graph/graph-client";
import { GraphError } from "../../src/graph/graph-error";
import { cachedTokens, REFRESH_MARGIN_MS, staticToken, tenantOfToken } from "../../src/graph/read-token";
import { MAX_ATTEMPTS, parseRetryAfter, retryDelay } from "../../src/graph/retry-policy";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { fakeId, guestUser, type DoubleTenant } from "../graph-double/tenant";

const BASE = "https://graph.example.test";

interface Scripted {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** A fetch that answers from a script and records every call. */
function scriptedFetch(answers: (url: string, init: RequestInit) => Scripted) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    const a = answers(url, init);
    const text = a.raw ?? (a.body === undefined ? "" : JSON.stringify(a.body));
    return new Response(text, { status: a.status, headers: { "content-type": "application/json", ...a.headers } });
  }) as typeof fetch;
  return { fn, calls };
}

function client(fetchFn: typeof fetch, extra: Partial<ClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = createGraphClient({ baseUrl: BASE, token: staticToken("t0k"), fetch: fetchFn, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...extra });
  return { c, sleeps };
}

const error = (code: string, message = "Graph's own words") => ({ error: { code, message, innerError: { date: "2026-12-01T00:00:00", "request-id": "r", "client-request-id": "c" } } });

describe("retries", () => {
  it.each([429, 503, 504])("honours a fractional Retry-After on %i", async (status) => {
    let n = 0;
    const f = scriptedFetch(() => (n++ === 0 ? { status, body: error("TooManyRequests"), headers: { "retry-after": "1.5" } } : { status: 200, body: { ok: 1 } }));
    const { c, sleeps } = client(f.fn);
    expect(await c.get("/users/x")).toEqual({ ok: 1 });
    expect(sleeps).toEqual([1500]);
    expect(c.requestCount).toBe(2);
  });

  it("backs off exponentially with jitter, capped, and names the request when it gives up", async () => {
    const f = scriptedFetch(() => ({ status: 500, body: error("UnknownError") }));
    const { c, sleeps } = client(f.fn, { random: () => 0.999 });
    const err = await c.get("/users?$select=id").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).message).toBe("GET /v1.0/users?$select=id: Graph answered 500 (UnknownError)");
    expect(f.calls).toHaveLength(MAX_ATTEMPTS);
    expect(sleeps).toEqual([499, 999, 1998, 3996, 7992]);
  });

  it("keeps every backoff within its cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (attempt, r) => {
        const d = retryDelay(attempt, undefined, () => r);
        return d >= 0 && d <= Math.min(30_000, 500 * 2 ** (attempt - 1));
      }),
    );
  });

  it("reads Retry-After as seconds or an HTTP date, and ignores anything else", () => {
    const now = Date.parse("2026-12-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("0.25", now)).toBe(250);
    expect(parseRetryAfter("Tue, 01 Dec 2026 00:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("waits for Retry-After on a real clock (fake timers)", async () => {
    vi.useFakeTimers();
    try {
      let n = 0;
      const f = scriptedFetch(() => (n++ === 0 ? { status: 429, body: error("TooManyRequests"), headers: { "retry-after": "2" } } : { status: 200, body: { done: true } }));
      const c = createGraphClient({ baseUrl: BASE, token: staticToken("t"), fetch: f.fn });
      const pending = c.get("/users/x");
      await vi.advanceTimersByTimeAsync(1999);
      expect(f.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(await pending).toEqual({ done: true });
      expect(f.calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("refusals are never retried and name the fix from error.code", () => {
  it.each([
    [403, "Authorization_RequestDenied", /lacks GroupMember\.Read\.All/],
    [403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", /P1 licence/],
    [401, "InvalidAuthenticationToken", /expired, malformed, or not for Microsoft Graph/],
  ])("%i %s", async (status, code, expected) => {
    const f = scriptedFetch(() => ({ status, body: error(code) }));
    const { c, sleeps } = client(f.fn);
    const err = (await c.get("/groups/g/members", { needs: { permission: "GroupMember.Read.All" } }).catch((e: unknown) => e)) as GraphError;
    expect(err.message).toMatch(expected);
    expect(err.code).toBe(code);
    expect(f.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("never repeats Graph's wording, which may say anything", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 8 }), async (words) => {
        const f = scriptedFetch(() => ({ status: 403, body: error("Authorization_RequestDenied", words) }));
        const err = (await client(f.fn).c.get("/users").catch((e: unknown) => e)) as GraphError;
        return !err.message.includes(words) && !(err.hint ?? "").includes(words);
      }),
      { numRuns: 50 },
    );
  });
});

describe("untrusted answers fail with the request named", () => {
  const page = (next: unknown) => ({ status: 200, body: { value: [{ id: "1" }], "@odata.nextLink": next } });
  it.each<[string, Scripted, RegExp]>([
    ["HTML", { status: 200, raw: "<html>sign in</html>", headers: { "content-type": "text/html" } }, /GET \/v1\.0\/users: Graph answered 200 with text\/html, not JSON/],
    ["cut-short JSON", { status: 200, raw: '{"value":[{"id":"1"' }, /does not parse \(19 bytes, possibly cut short\)/],
    ["JSON that is not an object", { status: 200, raw: "[1,2]" }, /not an object/],
    ["no value list", { status: 200, body: { items: [] } }, /has no `value` list/],
    ["a nextLink to another host", page("https://evil.example/v1.0/users?page=2"), /leads elsewhere \(https:\/\/evil\.example\/v1\.0\/users\); the token is not sent there/],
    ["a relative nextLink", page("/v1.0/users?page=2"), /is not an absolute URL/],
    ["a nextLink that repeats", page(`${BASE}/v1.0/users`), /repeats an earlier page/],
  ])("%s", async (_, answer, expected) => {
    const f = scriptedFetch(() => answer);
    const { c } = client(f.fn);
    const read = async () => {
      for await (const p of c.pages("/users")) void p;
    };
    await expect(read()).rejects.toThrow(expected);
    // The token never left for another host.
    expect(f.calls.every((call) => call.url.startsWith(BASE))).toBe(true);
  });

  it("stops an endless chain of distinct nextLinks", async () => {
    let n = 0;
    const f = scriptedFetch(() => page(`${BASE}/v1.0/users?$skiptoken=${++n}`));
    const { c } = client(f.fn, { maxPages: 50 });
    const read = async () => {
      for await (const p of c.pages("/users")) void p;
    };
    await expect(read()).rejects.toThrow("GET /v1.0/users: more than 50 pages: the @odata.nextLink chain does not end");
    expect(f.calls).toHaveLength(50);
  });

  it("escapes hidden characters from a hostile nextLink in its message", async () => {
    const f = scriptedFetch(() => page("https://evil.example/\u001b[2J::error::x"));
    const read = async () => {
      for await (const p of client(f.fn).c.pages("/users")) void p;
    };
    const err = (await read().catch((e: unknown) => e)) as Error;
    expect(err.message).not.toMatch(/\u001b/);
  });

  it("refuses plain http beyond this machine, and URLs with credentials", () => {
    expect(() => parseBaseUrl("http://graph.microsoft.com")).toThrow(/is not https/);
    expect(() => parseBaseUrl("https://u:p@graph.microsoft.com")).toThrow(/query, fragment or user/);
    expect(parseBaseUrl("http://127.0.0.1:8080/").href).toBe("http://127.0.0.1:8080");
  });
});

describe("paging, batching and concurrency against the double", () => {
  let double: GraphDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  function tenantOf(guests: number): DoubleTenant {
    const t: DoubleTenant = { tenantId: "94064533-4527-47b7-9975-e04a81fb6295", initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
    for (let i = 0; i < guests; i++) t.users.push(guestUser(t, { id: fakeId(1, i), mail: `guest${i}@fabrikam.com` }));
    return t;
  }

  it("follows absolute nextLinks across many pages and resends ConsistencyLevel on each", async () => {
    double = await startGraphDouble(tenantOf(1000));
    const seen: string[] = [];
    const headers: (string | null)[] = [];
    const tracking = (async (input: string | URL | Request, init?: RequestInit) => {
      headers.push(new Headers(init?.headers).get("ConsistencyLevel"));
      return fetch(input, init);
    }) as typeof fetch;
    const c = createGraphClient({ baseUrl: double.url, token: staticToken(double.token), fetch: tracking });
    let pages = 0;
    for await (const page of c.pages<{ id: string }>(`/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=id&$top=7`, { headers: { ConsistencyLevel: "eventual" } })) {
      pages++;
      for (const u of page) seen.push(u.id);
    }
    expect(pages).toBe(143);
    expect(new Set(seen).size).toBe(1000);
    expect(headers).toHaveLength(143);
    expect(headers.every((h) => h === "eventual")).toBe(true);
  });

  it("retries each failed request of a $batch on its own, and reports the rest", async () => {
    const t = tenantOf(3);
    double = await startGraphDouble(t);
    double.inject({ path: new RegExp(`^/users/${t.users[0]!.id}$`), status: 429, headers: { "Retry-After": "7.5" } });
    double.inject({ path: new RegExp(`^/users/${t.users[1]!.id}$`), status: 503 });
    const sleeps: number[] = [];
    const c = createGraphClient({ baseUrl: double.url, token: staticToken(double.token), sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
    const paths = [...t.users.map((u) => `/users/${u.id}`), "/users/00000000-0000-4000-8000-00000000dead"];
    const results = await c.batch<{ id: string }>(paths);
    expect(results.map((r) => (r.ok ? r.value.id : r.error.status))).toEqual([t.users[0]!.id, t.users[1]!.id, t.users[2]!.id, 404]);
    // One batch, then the throttled and the failed request again, each alone.
    expect(double.log.filter((l) => l.startsWith("POST"))).toHaveLength(1);
    expect(double.requests).toBe(3);
    // The throttled one waited for its own Retry-After; the failed one backed off.
    expect(sleeps.sort((a, b) => a - b)).toEqual([250, 7500]);
  });

  it("splits batches at 20 requests", async () => {
    const t = tenantOf(45);
    double = await startGraphDouble(t);
    const c = createGraphClient({ baseUrl: double.url, token: staticToken(double.token) });
    const results = await c.batch(t.users.map((u) => `/users/${u.id}`));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(double.requests).toBe(3);
  });

  it("retries 404 just after a create when asked to, and only then", async () => {
    const t = tenantOf(0);
    double = await startGraphDouble(t);
    const user = guestUser(t, { id: fakeId(2, 1), mail: "new@fabrikam.com" });
    double.create(user, 2);
    const sleeps: number[] = [];
    const c = createGraphClient({ baseUrl: double.url, token: staticToken(double.token), sleep: async (ms) => void sleeps.push(ms) });
    await expect(c.get(`/users/${user.id}`)).rejects.toThrow(/404 not found \(Request_ResourceNotFound\)/);
    expect(await c.get<{ id: string }>(`/users/${user.id}`, { retryNotFound: true })).toMatchObject({ id: user.id });
    expect(sleeps).toHaveLength(1);
  });

  it("keeps at most four requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const slow = (async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return new Response(JSON.stringify({ value: [] }), { status: 200, headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    const c = createGraphClient({ baseUrl: BASE, token: staticToken("t"), fetch: slow });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.get(`/groups/${i}/members`)));
    expect(most).toBe(4);
  });
});

describe("tokens", () => {
  it("refreshes a credential's token before it expires, once for concurrent callers", async () => {
    let now = 1_000_000;
    let issued = 0;
    const credential = {
      getToken: vi.fn(async () => ({ token: `token-${++issued}`, expiresOnTimestamp: now + 60 * 60_000 })),
    };
    const source = cachedTokens(credential, "https://graph.microsoft.com/.default", () => now);
    expect(await Promise.all([source.token(), source.token(), source.token()])).toEqual(["token-1", "token-1", "token-1"]);
    now += 60 * 60_000 - REFRESH_MARGIN_MS - 1;
    expect(await source.token()).toBe("token-1");
    now += 2;
    expect(await source.token()).toBe("token-2");
    expect(credential.getToken).toHaveBeenCalledTimes(2);
    expect(credential.getToken).toHaveBeenCalledWith("https://graph.microsoft.com/.default");
  });

  it("turns a credential's failure into a clear error with the fix", async () => {
    const source = cachedTokens({ getToken: async () => Promise.reject(new Error("Please run 'az login' to set up an account.\nmore")) }, "https://graph.microsoft.com/.default");
    const err = (await source.token().catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err.message).toBe("token: could not get a token for https://graph.microsoft.com/.default: Please run 'az login' to set up an account.");
    expect(err.hint).toMatch(/az login --tenant/);
  });

  it("sends the refreshed token on the next request", async () => {
    let n = 0;
    const tokens = { token: async () => `tok-${++n}` };
    const f = scriptedFetch(() => ({ status: 200, body: {} }));
    const c = createGraphClient({ baseUrl: BASE, token: tokens, fetch: f.fn });
    await c.get("/a");
    await c.get("/b");
    expect(f.calls.map((call) => new Headers(call.init.headers).get("authorization"))).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  it("reads the tenant of a JWT, and nothing from other tokens", () => {
    const jwt = `e30.${Buffer.from(JSON.stringify({ tid: "ABC" })).toString("base64url")}.sig`;
    expect(tenantOfToken(jwt)).toBe("abc");
    expect(tenantOfToken("opaque")).toBeUndefined();
    expect(tenantOfToken("a.%%%.c")).toBeUndefined();
  });
});
