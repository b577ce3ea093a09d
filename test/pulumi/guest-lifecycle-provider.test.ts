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
/** A guest account no invitation created (added by hand through the API): creationType null. */
const HANDMADE = fakeId(0x9e5, 2);
const member = (id: string, mail: string): DoubleUser => ({ ...guestUser({ initialDomain: "contoso.onmicrosoft.com" }, { id, mail }), userType: "Member", userPrincipalName: mail, creationType: null });
const forbidden = { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.", innerError: {} } };
const notValidReference = { error: { code: "Request_BadRequest", message: "Not a valid reference update.", innerError: {} } };

let double: GraphDouble;
let sleeps: number[];
let clock: number;

function tenant(): DoubleTenant {
  const t: DoubleTenant = { tenantId: TENANT, initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
  t.users.push(guestUser(t, { id: GUEST, mail: "ana.silva@fabrikam.com", sponsors: [PRIYA] }), member(MEGAN, "megan.bowen@contoso.com"), member(PRIYA, "priya.natarajan@contoso.com"));
  t.users.push(guestUser(t, { id: HANDMADE, mail: "dana.reyes@fabrikam.com", creationType: null, createdDateTime: "2025-04-01T08:00:00Z", sponsors: [PRIYA] }));
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
const inputs = (extra: Partial<LifecycleInputs> = {}): LifecycleInputs => ({ userId: GUEST, accountFrom: "invitation", accountEnabled: true, sponsors: ["megan.bowen@contoso.com"], deleteOnRemoval: false, ...extra });
/** What the provider records of the seeded guest: an account its invitation created. */
const SEEN = { userId: GUEST, from: "invitation" as const, creationType: "Invitation", createdDateTime: "2026-01-15T09:00:00Z" };

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
    expect(outs).toEqual({ ...inputs({ accountEnabled: false }), sponsorIds: [MEGAN], seen: SEEN });
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
    expect(double.log.filter((l) => l === `GET /users/${fresh.id}?$select=id,accountEnabled,userType,creationType,createdDateTime`)).toHaveLength(4);
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
    const err = await provider().delete!(GUEST, { ...inputs(), accountEnabled: false, deleteOnRemoval: true, seen: SEEN }).catch((e: unknown) => e);
    expect((err as GraphError).message).toContain("User.DeleteRestore.All");
    expect(user()).toBeDefined();
  });
});

describe("delete", () => {
  const stored = (extra: Partial<LifecycleOutputs>): LifecycleOutputs => ({ ...inputs(), sponsorIds: [MEGAN], seen: SEEN, ...extra });

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
    const olds: LifecycleOutputs = { ...inputs({ sponsors: ["megan.bowen@contoso.com", "priya.natarajan@contoso.com"] }), sponsorIds: [MEGAN, PRIYA], seen: SEEN };
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
    await expect(provider().delete!(GUEST, { ...inputs({ accountEnabled: false, deleteOnRemoval: true, sponsors: undefined }), seen: SEEN })).rejects.toThrow("not known to be a guest");
    expect(user()).toBeDefined();
    expect(writes()).toEqual([]);
  });

  it("refuses to delete a member's account, even a disabled one", async () => {
    await start();
    user(MEGAN)!.accountEnabled = false;
    // Even with a state that claims the account was seen adopted (a member converted since, or a forged state).
    const props = { ...inputs({ userId: MEGAN, accountFrom: "objectId", accountEnabled: false, deleteOnRemoval: true, sponsors: [] }), sponsorIds: [], seen: { ...SEEN, userId: MEGAN, from: "objectId" } } as LifecycleOutputs;
    await expect(provider().delete!(MEGAN, props)).rejects.toThrow("not a guest");
    expect(writes()).toEqual([]);
    expect(user(MEGAN)).toBeDefined();
  });
});

describe("only an account it saw invited or adopted", () => {
  // An invitation to an address that already has an account returns that account; the lifecycle sets
  // sign-in, and deletes, only an account its invitation created or a stack owner adopted by objectId.
  it.each([
    { desc: "the invitation's account (creationType Invitation)", userId: GUEST, accountFrom: "invitation", blocked: true },
    { desc: "an account no invitation created, under the invitation's name", userId: HANDMADE, accountFrom: "invitation", blocked: false },
    { desc: "the same account adopted by objectId", userId: HANDMADE, accountFrom: "objectId", blocked: true },
    { desc: "an account whose source a state from before did not record", userId: GUEST, accountFrom: undefined, blocked: false },
  ] as const)("blocks sign-in of $desc: $blocked", async ({ userId, accountFrom, blocked }) => {
    await start();
    const given = { ...inputs({ userId, accountEnabled: false }), accountFrom };
    const result = await provider().create(given).catch((e: unknown) => e as Error);
    expect(user(userId)!.accountEnabled).toBe(!blocked);
    if (blocked) {
      const { creationType, createdDateTime } = user(userId)!;
      expect((result as { outs: LifecycleOutputs }).outs.seen).toEqual({ userId, from: accountFrom, creationType, createdDateTime });
    } else {
      expect((result as Error).message).toContain(`user ${userId} was not seen invited or adopted by this stack`);
      expect((result as Error).message).toContain("adopt it: set objectId in the guest's entry");
      // Refused before anything is written: its sponsors are not touched either.
      expect(writes()).toEqual([]);
    }
  });

  it("keeps an expired account that the state does not show it saw, even under onRemoval: delete", async () => {
    await start();
    user()!.accountEnabled = false;
    const expired = { ...inputs({ accountEnabled: false, deleteOnRemoval: true }), sponsorIds: [MEGAN] };
    await provider().delete!(GUEST, expired);
    await provider().delete!(GUEST, { ...expired, seen: { ...SEEN, userId: HANDMADE } });
    await provider().delete!(GUEST, { ...expired, accountFrom: "objectId", seen: SEEN });
    expect(user()).toBeDefined();
    expect(double.log).toEqual([]);
  });

  it("an entry re-pointed in place at another account is seen again before its sign-in is set", async () => {
    await start();
    const olds: LifecycleOutputs = { ...inputs(), sponsorIds: [MEGAN], seen: SEEN };
    await expect(provider().update!(GUEST, olds, inputs({ userId: HANDMADE, accountEnabled: false }))).rejects.toThrow(`user ${HANDMADE} was not seen invited or adopted`);
    expect(user(HANDMADE)!.accountEnabled).toBe(true);
    expect(writes()).toEqual([]);
  });

  it("a state from before is updated once, in place, to record the account, and nothing else is written", async () => {
    await start();
    user()!.sponsors = [MEGAN];
    const p = provider();
    const before: LifecycleOutputs = { ...inputs(), sponsorIds: [MEGAN] };
    expect(await p.diff!(GUEST, before, inputs())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs } = await p.update!(GUEST, before, inputs());
    expect(outs!.seen).toEqual(SEEN);
    expect(writes()).toEqual([]);
    expect(await p.diff!(GUEST, outs!, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });
});
