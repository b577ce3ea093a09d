// GuestLifecycle's provider called directly, as the Pulumi engine would, against the loopback Graph
// double: sponsors and sign-in set idempotently, a just-invited user's eventual consistency, throttling,
// 403s that name the permission, a sponsor who does not exist, and the one delete that deletes an account.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GraphError } from "../../src/graph/graph-error";
import { createLifecycleGraph } from "../../src/graph/lifecycle-graph";
import { staticToken } from "../../src/graph/read-token";
import { changedInputs, lifecycleProvider, type LifecycleInputs, type LifecycleOutputs } from "../../src/pulumi/guest-lifecycle-provider";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { fakeId, guestUser, type DoubleTenant, type DoubleUser } from "../graph-double/tenant";

const TENANT = "94064533-4527-47b7-9975-e04a81fb6295";
const GUEST = fakeId(0x9e5, 1);
const MEGAN = fakeId(0x1e5, 1);
const PRIYA = fakeId(0x1e5, 2);
const member = (id: string, mail: string): DoubleUser => ({ ...guestUser({ initialDomain: "contoso.onmicrosoft.com" }, { id, mail }), userType: "Member", userPrincipalName: mail, creationType: null });
const forbidden = { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.", innerError: {} } };
const notValidReference = { error: { code: "Request_BadRequest", message: "Not a valid reference update.", innerError: {} } };

let double: GraphDouble;
let sleeps: number[];
let clock: number;

function tenant(): DoubleTenant {
  const t: DoubleTenant = { tenantId: TENANT, initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
  t.users.push(guestUser(t, { id: GUEST, mail: "ana.silva@fabrikam.com", sponsors: [PRIYA] }), member(MEGAN, "megan.bowen@contoso.com"), member(PRIYA, "priya.natarajan@contoso.com"));
  return t;
}

async function start(permissions?: string[]) {
  double = await startGraphDouble(tenant(), permissions ? { permissions } : {});
}

/** The provider as `pulumi up` builds it, but reaching the double, with a clock that sleeping advances. */
function provider(budgetMs = 60_000) {
  const connect = () =>
    createLifecycleGraph({ baseUrl: double.url, token: staticToken(double.token), sleep: async (ms) => void (sleeps.push(ms), (clock += ms)), random: () => 0.5, now: () => clock, consistencyBudgetMs: budgetMs });
  return lifecycleProvider({ tenantId: TENANT, cloud: "public" }, connect);
}

const user = (id = GUEST) => double.tenant.users.find((u) => u.id === id);
const writes = () => double.log.filter((l) => !l.startsWith("GET "));
const inputs = (extra: Partial<LifecycleInputs> = {}): LifecycleInputs => ({ userId: GUEST, accountEnabled: true, sponsors: ["megan.bowen@contoso.com"], deleteOnRemoval: false, ...extra });

beforeEach(() => {
  sleeps = [];
  clock = 0;
});
afterEach(async () => {
  await double?.close();
});

describe("create and update", () => {
  it("records the declared sponsor, removes the undeclared one, and blocks sign-in; a re-run writes nothing", async () => {
    await start();
    const p = provider();
    const { id, outs } = await p.create(inputs({ accountEnabled: false }));
    expect(id).toBe(GUEST);
    expect(outs).toEqual({ ...inputs({ accountEnabled: false }), sponsorIds: [MEGAN] });
    expect(user()!.sponsors).toEqual([MEGAN]);
    expect(user()!.accountEnabled).toBe(false);
    expect(writes()).toEqual([`POST /users/${GUEST}/sponsors/$ref`, `DELETE /users/${GUEST}/sponsors/${PRIYA}/$ref`, `PATCH /users/${GUEST}`]);

    double.log.length = 0;
    await p.update!(GUEST, outs!, inputs({ accountEnabled: false }));
    await p.create(inputs({ accountEnabled: false }));
    expect(writes()).toEqual([]);
  });

  it("allows sign-in again on renewal, and leaves alone what a switch turned off", async () => {
    await start();
    user()!.accountEnabled = false;
    const p = provider();
    await p.update!(GUEST, { ...inputs(), accountEnabled: false }, inputs());
    expect(user()!.accountEnabled).toBe(true);
    double.log.length = 0;
    user()!.accountEnabled = false;
    const { outs } = await p.create({ userId: GUEST, deleteOnRemoval: false });
    expect(outs).toEqual({ userId: GUEST, deleteOnRemoval: false });
    expect(double.log).toEqual([]);
    expect(user()!.accountEnabled).toBe(false);
    expect(user()!.sponsors).toEqual([MEGAN]);
  });

  it("names a sponsor who is not a user of the tenant, and changes nothing", async () => {
    await start();
    const err = await provider().create(inputs({ sponsors: ["nobody@contoso.com"] })).catch((e: unknown) => e);
    expect((err as Error).message).toBe('sponsor "nobody@contoso.com" is not a user of the tenant (no user has that mail address); correct the sponsor in the guest\'s entry, or create that user first');
    expect(writes()).toEqual([]);
  });
});

describe("a just-invited user", () => {
  it("is retried while Graph answers 404 Request_ResourceNotFound, with backoff", async () => {
    await start();
    const fresh = guestUser(double.tenant, { id: fakeId(0x9e5, 9), mail: "new.guest@fabrikam.com" });
    double.create(fresh, 3);
    await provider().create(inputs({ userId: fresh.id, accountEnabled: true, sponsors: [] }));
    expect(double.log.filter((l) => l === `GET /users/${fresh.id}?$select=id,accountEnabled,userType`)).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps.every((ms) => ms >= 1000)).toBe(true);
  });

  it('is retried while a sponsor reference answers 400 "Not a valid reference update"', async () => {
    await start();
    double.inject({ method: "POST", path: /\/sponsors\/\$ref$/, status: 400, body: notValidReference, times: 2 });
    await provider().create(inputs());
    expect(user()!.sponsors).toEqual([MEGAN]);
    expect(double.log.filter((l) => l.startsWith("POST "))).toHaveLength(3);
  });

  it("gives up when the bounded time is spent, naming the request", async () => {
    await start();
    const ghost = fakeId(0x9e5, 77);
    const err = await provider(10_000).create(inputs({ userId: ghost, sponsors: undefined })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(`user ${ghost} does not exist in the tenant`);
    expect(clock).toBeGreaterThanOrEqual(10_000);
    expect(clock).toBeLessThan(20_000);
  });
});

describe("Graph's limits and refusals", () => {
  it("waits for Retry-After on 429, then succeeds", async () => {
    await start();
    double.inject({ method: "PATCH", path: /^\/users\//, status: 429, headers: { "Retry-After": "7" }, body: { error: { code: "TooManyRequests", message: "slow down" } } });
    await provider().create(inputs({ accountEnabled: false }));
    expect(sleeps).toEqual([7000]);
    expect(user()!.accountEnabled).toBe(false);
  });

  it.each([
    ["blocking sign-in", "PATCH", /^\/users\/[^/]+$/, inputs({ accountEnabled: false, sponsors: undefined }), "User.EnableDisableAccount.All"],
    ["recording a sponsor", "POST", /\/sponsors\/\$ref$/, inputs(), "User.ReadWrite.All"],
  ] as const)("a 403 on %s fails at once and names the permission", async (_what, method, path, given, permission) => {
    await start();
    double.inject({ method, path, status: 403, body: forbidden, times: 10 });
    const err = await provider().create(given).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).message).toContain(permission);
    expect((err as GraphError).hint).toContain(permission);
    expect(double.log.filter((l) => l.startsWith(`${method} `))).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("a 403 on deletion names User.DeleteRestore.All and keeps the account", async () => {
    await start();
    user()!.accountEnabled = false;
    double.inject({ method: "DELETE", path: /^\/users\/[^/]+$/, status: 403, body: forbidden, times: 10 });
    const err = await provider().delete!(GUEST, { ...inputs(), accountEnabled: false, deleteOnRemoval: true }).catch((e: unknown) => e);
    expect((err as GraphError).message).toContain("User.DeleteRestore.All");
    expect(user()).toBeDefined();
  });
});

describe("delete", () => {
  const stored = (extra: Partial<LifecycleOutputs>): LifecycleOutputs => ({ ...inputs(), sponsorIds: [MEGAN], ...extra });

  it.each([
    ["onRemoval: retain, expired", { deleteOnRemoval: false, accountEnabled: false }, false],
    ["onRemoval: delete, still active (its entry was removed)", { deleteOnRemoval: true, accountEnabled: true }, true],
    ["onRemoval: delete, sign-in not managed", { deleteOnRemoval: true, accountEnabled: undefined }, true],
  ] as const)("leaves the account as it is under %s", async (_what, extra, enabled) => {
    await start();
    user()!.accountEnabled = enabled;
    await provider().delete!(GUEST, stored(extra));
    expect(user()).toBeDefined();
    expect(user()!.accountEnabled).toBe(enabled);
    expect(writes()).toEqual([]);
  });

  it("deletes an expired, blocked account under onRemoval: delete; a second run is a no-op", async () => {
    await start();
    user()!.accountEnabled = false;
    const p = provider();
    await p.delete!(GUEST, stored({ deleteOnRemoval: true, accountEnabled: false }));
    expect(user()).toBeUndefined();
    expect(writes()).toEqual([`DELETE /users/${GUEST}`]);
    await p.delete!(GUEST, stored({ deleteOnRemoval: true, accountEnabled: false }));
    expect(writes()).toEqual([`DELETE /users/${GUEST}`]);
  });

  it("does not overrule someone who enabled the account again by hand", async () => {
    await start();
    await provider().delete!(GUEST, stored({ deleteOnRemoval: true, accountEnabled: false }));
    expect(user()).toBeDefined();
  });
});

describe("diff", () => {
  it("reports real changes only, and never a replacement", async () => {
    const p = lifecycleProvider({ tenantId: TENANT, cloud: "public" }, () => {
      throw new Error("diff must not reach Graph");
    });
    const olds: LifecycleOutputs = { ...inputs({ sponsors: ["megan.bowen@contoso.com", "priya.natarajan@contoso.com"] }), sponsorIds: [MEGAN, PRIYA] };
    expect(await p.diff!(GUEST, olds, inputs({ sponsors: ["Priya.Natarajan@contoso.com", "megan.bowen@contoso.com"] }))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    for (const news of [inputs({ accountEnabled: false }), inputs({ deleteOnRemoval: true }), inputs({ userId: PRIYA }), inputs()]) {
      expect(await p.diff!(GUEST, olds, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    }
    expect(changedInputs(olds, inputs({ accountEnabled: false, sponsors: undefined }))).toEqual(["accountEnabled", "sponsors"]);
  });
});

describe("only guests", () => {
  // An adopted objectId that names an employee must never have the lifecycle block or delete them.
  it("refuses to block a member's sign-in, and writes nothing", async () => {
    await start();
    await expect(provider().create(inputs({ userId: MEGAN, accountEnabled: false, sponsors: [] }))).rejects.toThrow(`user ${MEGAN} is a Member, not a guest`);
    expect(writes()).toEqual([]);
    expect(user(MEGAN)!.accountEnabled).not.toBe(false);
  });

  // Fails closed: Graph's answer for a converted or synced account may carry no userType at all.
  it.each([
    ["null", null],
    ["absent", undefined],
  ] as const)("refuses to block or delete an account whose userType is %s", async (_what, userType) => {
    await start();
    const account = user()!;
    if (userType === undefined) delete (account as Partial<DoubleUser>).userType;
    else account.userType = userType;
    await expect(provider().create(inputs({ accountEnabled: false, sponsors: undefined }))).rejects.toThrow(`user ${GUEST} has no userType in Graph's answer, so it is not known to be a guest`);
    expect(account.accountEnabled).toBe(true);
    account.accountEnabled = false;
    await expect(provider().delete!(GUEST, { ...inputs({ accountEnabled: false, deleteOnRemoval: true, sponsors: undefined }) })).rejects.toThrow("not known to be a guest");
    expect(user()).toBeDefined();
    expect(writes()).toEqual([]);
  });

  it("refuses to delete a member's account, even a disabled one", async () => {
    await start();
    user(MEGAN)!.accountEnabled = false;
    const props = { ...inputs({ userId: MEGAN, accountEnabled: false, deleteOnRemoval: true, sponsors: [] }), sponsorIds: [] } as LifecycleOutputs;
    await expect(provider().delete!(MEGAN, props)).rejects.toThrow("not a guest");
    expect(writes()).toEqual([]);
    expect(user(MEGAN)).toBeDefined();
  });
});
