// A throttled or hostile Graph cannot hold a command: every wait of one client, and of one deploy's
// lifecycle writes, draws on one budget (120 s by default, GUESTOPS_GRAPH_MAX_WAIT), and past it the
// command gives up with exit 5 instead of sleeping through a Retry-After of ten minutes per request.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createGraphClient } from "../../src/graph/graph-client";
import { GraphError } from "../../src/graph/graph-error";
import { createLifecycleGraph } from "../../src/graph/lifecycle-graph";
import { staticToken } from "../../src/graph/read-token";
import { createWaitBudget, DEFAULT_MAX_WAIT_MS, maxWaitOf } from "../../src/graph/retry-policy";
import { runCli } from "../cli/run-cli";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { fakeId, guestUser, type DoubleTenant } from "../graph-double/tenant";
import { AS_OF, startDemo, type Demo } from "./demo-repo";

let double: GraphDouble | undefined;
let demo: Demo | undefined;
afterEach(async () => {
  await double?.close();
  await demo?.double.close();
  double = demo = undefined;
});

function tenantOf(n: number): DoubleTenant {
  const t: DoubleTenant = { tenantId: "9f3c7a2e-1b4d-4c8e-a6f0-2d5b8e1c9a47", initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
  for (let i = 0; i < n; i++) t.users.push(guestUser(t, { id: fakeId(1, i), mail: `guest${i}@fabrikam.com` }));
  return t;
}

function sleeper() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe("the Graph client's wait budget", () => {
  it("gives up at once on a Retry-After beyond it, naming the request and the way out", async () => {
    const t = tenantOf(1);
    double = await startGraphDouble(t);
    // Five answers of ten minutes each: slept through, that was fifty minutes for one read.
    double.inject({ path: new RegExp(`^/users/${t.users[0]!.id}$`), status: 429, headers: { "Retry-After": "600" }, times: 5 });
    const { sleeps, sleep } = sleeper();
    const c = createGraphClient({ baseUrl: double.url, token: staticToken(double.token), sleep });
    const err = (await c.get(`/users/${t.users[0]!.id}`).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err.message).toContain(`GET /v1.0/users/${t.users[0]!.id}: Graph asks to wait 600 s (Retry-After)`);
    expect(err.message).toContain("of the 120 s");
    expect(err.hint).toContain("GUESTOPS_GRAPH_MAX_WAIT");
    expect(sleeps).toEqual([]);
    expect(double.requests).toBe(1);
  });

  it("is shared by all the requests of a client", async () => {
    const t = tenantOf(3);
    double = await startGraphDouble(t);
    for (const u of t.users) double.inject({ path: new RegExp(`^/users/${u.id}$`), status: 429, headers: { "Retry-After": "50" } });
    const { sleeps, sleep } = sleeper();
    const c = createGraphClient({ baseUrl: double.url, token: staticToken(double.token), sleep, concurrency: 1 });
    const answers = [];
    for (const u of t.users) answers.push(await c.get<{ id: string }>(`/users/${u.id}`).then((r) => r.id, (e: GraphError) => e.message));
    expect(answers.slice(0, 2)).toEqual([t.users[0]!.id, t.users[1]!.id]);
    expect(answers[2]).toMatch(/asks to wait 50 s \(Retry-After\), but this command has waited 100 s of the 120 s/);
    expect(sleeps).toEqual([50_000, 50_000]);
  });

  it("bounds what any answers make it sleep, in every request, batch and retry together", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.integer({ min: 0, max: 900 }).map(String), fc.constant(undefined)), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 8 }), async (afters, parallel) => {
        let n = 0;
        const fetchFn = (async () => {
          const after = afters[n++ % afters.length];
          return new Response("{}", { status: 429, headers: { "content-type": "application/json", ...(after !== undefined && { "retry-after": after }) } });
        }) as typeof fetch;
        const { sleeps, sleep } = sleeper();
        const c = createGraphClient({ baseUrl: "https://graph.example.test", token: staticToken("t"), fetch: fetchFn, sleep, random: () => 0.999 });
        await Promise.allSettled([...Array.from({ length: parallel }, (_, i) => c.get(`/users/${i}`)), c.batch(["/users/a", "/users/b"])]);
        expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(DEFAULT_MAX_WAIT_MS);
      }),
      { numRuns: 100 },
    );
  });

  it("reads GUESTOPS_GRAPH_MAX_WAIT as whole seconds", () => {
    expect(maxWaitOf({})).toEqual({ ms: 120_000 });
    expect(maxWaitOf({ GUESTOPS_GRAPH_MAX_WAIT: " 900 " })).toEqual({ ms: 900_000 });
    expect(maxWaitOf({ GUESTOPS_GRAPH_MAX_WAIT: "0" })).toEqual({ ms: 0 });
    for (const bad of ["ten", "-1", "1.5", "1e9"]) expect(maxWaitOf({ GUESTOPS_GRAPH_MAX_WAIT: bad })).toMatchObject({ error: expect.stringContaining("whole number of seconds") });
  });
});

describe("a command that Graph asks to wait too long", () => {
  it("exits 5 with the reason, and GUESTOPS_GRAPH_MAX_WAIT lets it wait", async () => {
    demo = await startDemo();
    const throttle = () => demo!.double.inject({ path: /^\/users\?/, status: 429, headers: { "Retry-After": "600" }, times: 5 });
    throttle();
    const r = await runCli(["status", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^guestops: error: GET \/v1\.0\/users\?.*: Graph asks to wait 600 s \(Retry-After\), but this command has waited 0 s of the 120 s it may wait for Graph in all; nothing more was sent\nhint: .*GUESTOPS_GRAPH_MAX_WAIT/);
    expect(r.stdout).toBe("");

    demo.double.log.length = 0;
    const patient = await runCli(["status", "--as-of", AS_OF], demo.root, { ...demo.env, GUESTOPS_GRAPH_MAX_WAIT: "3000" });
    expect(patient.code).toBe(0);
    const wrong = await runCli(["status", "--as-of", AS_OF], demo.root, { ...demo.env, GUESTOPS_GRAPH_MAX_WAIT: "soon" });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('GUESTOPS_GRAPH_MAX_WAIT is "soon"; set it to a whole number of seconds');
  });
});

describe("GuestLifecycle's Graph writes", () => {
  it("draw on the same kind of budget, shared by every lifecycle of one deploy", async () => {
    const t = tenantOf(2);
    double = await startGraphDouble(t);
    for (const u of t.users) double.inject({ method: "PATCH", path: new RegExp(`^/users/${u.id}$`), status: 503, headers: { "Retry-After": "70" } });
    const { sleeps, sleep } = sleeper();
    const waitBudget = createWaitBudget();
    const connect = () => createLifecycleGraph({ baseUrl: double!.url, token: staticToken(double!.token), sleep, waitBudget });
    await connect().setAccountEnabled(t.users[0]!.id, false);
    const err = (await connect().setAccountEnabled(t.users[1]!.id, false).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err.message).toMatch(new RegExp(`^PATCH /v1\\.0/users/${t.users[1]!.id}: Graph asks to wait 70 s \\(Retry-After\\), but this command has waited 70 s of the 120 s`));
    expect(sleeps).toEqual([70_000]);
    expect(t.users.map((u) => u.accountEnabled)).toEqual([false, true]);
  });

  it("give up on a ten-minute Retry-After without a budget of their own", async () => {
    const t = tenantOf(1);
    double = await startGraphDouble(t);
    double.inject({ method: "PATCH", path: /^\/users\//, status: 429, headers: { "Retry-After": "600" }, times: 5 });
    const { sleeps, sleep } = sleeper();
    const graph = createLifecycleGraph({ baseUrl: double.url, token: staticToken(double.token), sleep });
    await expect(graph.setAccountEnabled(t.users[0]!.id, false)).rejects.toThrow(/Graph asks to wait 600 s/);
    expect(sleeps).toEqual([]);
  });
});
