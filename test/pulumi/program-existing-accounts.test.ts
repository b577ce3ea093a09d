// At `pulumi up`, before it invites anyone, the program checks the tenant for an account that already
// holds a new entry's address: a guest invited by hand would otherwise be taken over (its sponsors
// replaced, its sign-in blocked, its account deleted under onRemoval: delete) with nobody's approval.
// Against the loopback Graph double, under Pulumi's mocks; a refusal registers nothing.
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createGraphClient } from "../../src/graph/graph-client";
import { staticToken } from "../../src/graph/read-token";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { buildDesiredState } from "../../src/model/build-desired-state";
import { INVITATION } from "../../src/model/resources-for";
import type { TenantFacts } from "../../src/pulumi/check-existing-accounts";
import { runProgram } from "../../src/pulumi/run-program";
import { ALL_PERMISSIONS, startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { seedExampleTenant } from "../graph-double/seed-example";
import { fakeId, guestUser, type DoubleTenant, type DoubleUser } from "../graph-double/tenant";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { fabrikamGuests, TENANT as SHARD_TENANT } from "../plan/plan-fixtures";
import { tenantFiles } from "../shards/shard-fixtures";
import { testdir } from "../helpers/testdir";
import { EXAMPLE_ROOT } from "../helpers/example";
import { installMocks, mockUserId, settled } from "./record-registrations";

// The program entry reads the repository it is installed in; here it reads the tests' copy of the example,
// so that this file passes in a fork whose own tenant replaced the example.
vi.mock("../../src/pulumi/run-program", async (original) => {
  const actual = await original<typeof import("../../src/pulumi/run-program")>();
  const { EXAMPLE_ROOT, REPO_ROOT } = await import("../helpers/example.js");
  return { ...actual, runProgram: (opts: Parameters<typeof actual.runProgram>[0]) => actual.runProgram(opts.root === REPO_ROOT ? { ...opts, root: EXAMPLE_ROOT } : opts) };
});

const TENANT = "11111111-1111-4111-8111-111111111111";
const HAND_INVITED = fakeId(0x4a0d, 1);
const ADOPTED = FABRIKAM.replace("  - email: ben.carter@fabrikam.com\n", `  - email: ben.carter@fabrikam.com\n    objectId: ${fakeId(0xb, 1)}\n`);

let double: GraphDouble | undefined;
let sleeps: number[] = [];

afterEach(async () => {
  await double?.close();
  double = undefined;
  sleeps = [];
});

async function tenantWith(users: Partial<DoubleUser>[], permissions?: readonly string[]): Promise<GraphDouble> {
  const tenant: DoubleTenant = { tenantId: TENANT, initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
  // Built from its mail, as an invitation names it; then the fields the case sets, a null mail included.
  users.forEach((fields, i) => tenant.users.push({ ...guestUser(tenant, { id: fakeId(0x4a0d, i + 1), mail: fields.mail ?? "someone@fabrikam.com", createdDateTime: "2025-09-01T10:00:00Z" }), ...fields }));
  double = await startGraphDouble(tenant, permissions ? { permissions } : {});
  return double;
}

function facts(d: GraphDouble, known: string[] = []): TenantFacts {
  return {
    knownInvitations: async (stacks) => new Set(stacks.includes("prod") ? known : []),
    connect: () => createGraphClient({ baseUrl: d.url, token: staticToken(d.token), sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 }),
  };
}

/** Runs the program at `pulumi up` with these tenant facts: its refusal, or the invitations it registered. */
async function deploy(files: Record<string, string>, tenant: TenantFacts | undefined): Promise<{ error?: Error; invitations: string[] }> {
  const recorder = await installMocks("prod");
  const run = runProgram({ root: testdir(files), stack: "prod", asOf: AS_OF, allowEmpty: false, warn: () => {}, ...(tenant && { tenant }) });
  const result = await run.catch((e: unknown) => e as Error);
  if (result instanceof Error) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorder.registrations).toEqual([]);
    expect(pulumi.RunError.isInstance(result)).toBe(true);
    return { error: result, invitations: [] };
  }
  await settled(result.registered.map((r) => r.resource));
  await recorder.waitFor(result.specs.length);
  return { invitations: recorder.registrations.filter((r) => r.type === INVITATION).map((r) => r.name).sort() };
}

const files = (guests = FABRIKAM) => ({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": guests });

describe("a new entry whose address already has an account", () => {
  test.each([
    { desc: "as its mail", user: { mail: "ana.silva@fabrikam.com" }, by: "mail" },
    { desc: "as its mail, in another case", user: { mail: "Ana.Silva@Fabrikam.COM" }, by: "mail" },
    { desc: "as another of its mails", user: { mail: "ana@fabrikam-labs.example", otherMails: ["ana.silva@fabrikam.com"] }, by: "otherMails" },
    { desc: "in its #EXT# name, with no mail", user: { mail: null, userPrincipalName: "ana.silva_fabrikam.com#EXT#@contoso.onmicrosoft.com" }, by: "userPrincipalName" },
  ])("is refused when the tenant holds it $desc, with the fix: adopt it by objectId", async ({ user, by }) => {
    const d = await tenantWith([user as Partial<DoubleUser>]);
    const { error } = await deploy(files(), facts(d));
    expect(error?.message).toContain('stack "prod": 1 new entry names an address that already has an account in tenant 11111111-1111-4111-8111-111111111111.');
    expect(error?.message).toContain(
      `guests/fabrikam.yaml:6:12 ana.silva@fabrikam.com already has an account in the tenant that this stack did not invite: user ${HAND_INVITED} (Guest, created 2025-09-01, matched by ${by}). ` +
        `To manage it here, adopt it: add objectId: ${HAND_INVITED} to the entry (adopting needs a stack owner's approval); otherwise remove the entry.`,
    );
    expect(error?.message).not.toContain("ben.carter");
  });

  test.each([
    { desc: "another address of the same domain", user: { mail: "anna.silva@fabrikam.com" } },
    { desc: "a name that only starts like the guest's", user: { mail: null, userPrincipalName: "ana.silva_fabrikam.com.au#EXT#@contoso.onmicrosoft.com" } },
  ])("is invited when the tenant holds only $desc", async ({ user }) => {
    const d = await tenantWith([user as Partial<DoubleUser>]);
    const { error, invitations } = await deploy(files(), facts(d));
    expect(error).toBeUndefined();
    expect(invitations).toEqual(["ana.silva@fabrikam.com", "ben.carter@fabrikam.com"]);
  });

  test("lists every taken address in one refusal", async () => {
    const d = await tenantWith([{ mail: "ana.silva@fabrikam.com" }, { mail: "ben.carter@fabrikam.com" }]);
    const { error } = await deploy(files(), facts(d));
    expect(error?.message).toContain("2 new entries name addresses that already have accounts");
    expect(error?.message).toMatch(/guests\/fabrikam\.yaml:6:12 ana\.silva@fabrikam\.com already has an account[^\n]*\n {2}guests\/fabrikam\.yaml:13:12 ben\.carter@fabrikam\.com already has/);
  });
});

describe("what is looked up", () => {
  test("only entries new to the stack: a guest whose invitation the state holds is not looked up again", async () => {
    const d = await tenantWith([{ mail: "ana.silva@fabrikam.com" }]);
    const { error, invitations } = await deploy(files(), facts(d, ["ana.silva@fabrikam.com"]));
    expect(error).toBeUndefined();
    expect(invitations).toEqual(["ana.silva@fabrikam.com", "ben.carter@fabrikam.com"]);
    const lookups = d.log.filter((l) => l.startsWith("GET /users?"));
    expect(lookups).toHaveLength(3);
    for (const l of lookups) expect(l).toContain("ben.carter");
  });

  test("an adopted entry names its account, so it is not looked up", async () => {
    const d = await tenantWith([{ mail: "ben.carter@fabrikam.com" }]);
    const { error } = await deploy(files(ADOPTED), facts(d, ["ana.silva@fabrikam.com"]));
    expect(error).toBeUndefined();
    expect(d.requests).toBe(0);
  });

  test("a deploy that invites no one new reads nothing from the tenant", async () => {
    const d = await tenantWith([], []);
    const { error } = await deploy(files(), facts(d, ["ana.silva@fabrikam.com", "ben.carter@fabrikam.com"]));
    expect(error).toBeUndefined();
    expect(d.requests).toBe(0);
  });

  test("a preview (no tenant facts) reads nothing and plans the invitation", async () => {
    const d = await tenantWith([{ mail: "ana.silva@fabrikam.com" }]);
    const { invitations } = await deploy(files(), undefined);
    expect(invitations).toEqual(["ana.silva@fabrikam.com", "ben.carter@fabrikam.com"]);
    expect(d.requests).toBe(0);
  });
});

describe("a guest moved between shards", () => {
  // `pulumi state move` hands the invitation to the new shard before either deploys; the shard it left
  // still lists the guest in its last outputs, so the new shard knows the account as the tenant's own.
  const [ana, ben] = fabrikamGuests();
  const moved = tenantFiles({ eu: [ana!, ben!], us: [] });

  test.each([
    { desc: "known by the shard it left", us: ["ben.carter@fabrikam.com"], refused: false },
    { desc: "known by no shard", us: [], refused: true },
  ])("$desc: refused $refused", async ({ us, refused }) => {
    const tenant: DoubleTenant = { tenantId: SHARD_TENANT, initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
    tenant.users.push(guestUser(tenant, { id: HAND_INVITED, mail: "ben.carter@fabrikam.com" }));
    double = await startGraphDouble(tenant);
    const d = double;
    const asked: string[][] = [];
    const shardFacts: TenantFacts = {
      knownInvitations: async (stacks) => (asked.push([...stacks]), new Set(stacks.includes("eu") ? ["ana.silva@fabrikam.com"] : stacks.includes("us") ? us : [])),
      connect: () => createGraphClient({ baseUrl: d.url, token: staticToken(d.token) }),
    };
    const recorder = await installMocks("eu");
    const error = await runProgram({ root: testdir(moved), stack: "eu", asOf: AS_OF, allowEmpty: false, warn: () => {}, tenant: shardFacts }).then(() => undefined, (e: unknown) => e as Error);
    expect(asked).toEqual([["eu"], ["us"]]);
    expect(error?.message.includes("ben.carter@fabrikam.com already has an account") ?? false).toBe(refused);
    if (!refused) await recorder.waitFor(1);
  });
});

describe("a tenant that cannot be read", () => {
  test("fails the deploy closed, naming the permission", async () => {
    const d = await tenantWith([], ALL_PERMISSIONS.filter((p) => p !== "User.Read.All"));
    const { error } = await deploy(files(), facts(d));
    expect(error?.message).toContain('stack "prod" could not check tenant 11111111-1111-4111-8111-111111111111 for accounts that already hold the 2 new entries\' addresses');
    expect(error?.message).toContain("the identity lacks User.Read.All");
    expect(error?.message).toContain("guestops does not invite an address it could not check, so nothing was deployed.");
  });

  test("throttling is waited out (Retry-After), then the check goes on", async () => {
    const d = await tenantWith([{ mail: "ana.silva@fabrikam.com" }]);
    d.inject({ path: /^\/users\?\$filter=mail eq 'ana/, status: 429, headers: { "Retry-After": "3" }, body: { error: { code: "TooManyRequests", message: "slow down" } } });
    const { error } = await deploy(files(), facts(d));
    expect(sleeps).toContain(3000);
    expect(error?.message).toContain("ana.silva@fabrikam.com already has an account");
  });

  test("a page that is empty but links on is followed to the end", async () => {
    const d = await tenantWith([{ mail: "ana.silva@fabrikam.com" }]);
    // The first answer for Ana's mail is an empty page with a nextLink to the real one.
    d.inject({ path: /^\/users\?\$filter=mail eq 'ana/, transform: (body) => ({ ...body, value: [], "@odata.nextLink": `${d.url}/v1.0/users?$filter=${encodeURIComponent("mail eq 'ana.silva@fabrikam.com'")}&$top=999&$skiptoken=MA` }) });
    const { error } = await deploy(files(), facts(d));
    expect(error?.message).toContain("ana.silva@fabrikam.com already has an account");
  });
});

describe("the program entry at pulumi up", () => {
  // The real entry (index.ts), the example (the tests' copy) and the demo tenant, in which Kwame, declared but never
  // deployed, was meanwhile invited by hand.
  const saved = { url: process.env.GUESTOPS_GRAPH_URL, token: process.env.GUESTOPS_GRAPH_TOKEN };
  afterEach(() => {
    for (const [key, value] of [["GUESTOPS_GRAPH_URL", saved.url], ["GUESTOPS_GRAPH_TOKEN", saved.token]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  async function demoTenantWithKwame(): Promise<DoubleUser> {
    const tenant = seedExampleTenant(EXAMPLE_ROOT);
    const kwame = guestUser(tenant, { id: fakeId(0x4a0d, 99), mail: "kwame.mensah@fabrikam.com", createdDateTime: "2026-11-20T10:00:00Z" });
    tenant.users.push(kwame);
    double = await startGraphDouble(tenant);
    Object.assign(process.env, { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token });
    return kwame;
  }

  test("in a preview, reads nothing from the tenant and plans the invitation", async () => {
    await demoTenantWithKwame();
    const recorder = await installMocks("prod", true);
    pulumi.runtime.setAllConfig({ "guestops:asOf": "2026-12-01" });
    const { program } = await import("../../src/pulumi/index.js");
    const outputs = await program();
    expect(Object.keys(outputs.invitations)).toContain("kwame.mensah@fabrikam.com");
    await recorder.waitFor(1);
    expect(double!.requests).toBe(0);
  });

  test("refuses to invite an address the tenant already holds, reading the state's invitations from the last deploy", async () => {
    const kwame = await demoTenantWithKwame();
    const desired = buildDesiredState(await loadRepo(workingTree(EXAMPLE_ROOT), "prod"), "2026-12-01");
    const deployed = desired.guests.filter((g) => !g.objectId && g.key !== kwame.mail);
    const recorder = await installMocks("prod", false, { invitations: Object.fromEntries(deployed.map((g) => [g.key, { userId: mockUserId(g.key) }])) });
    pulumi.runtime.setAllConfig({ "guestops:asOf": "2026-12-01" });
    const { program } = await import("../../src/pulumi/index.js");
    const error = await program().then(() => undefined, (e: unknown) => e as Error);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error?.message).toMatch(new RegExp(`guests/fabrikam\\.yaml:54:\\d+ kwame\\.mensah@fabrikam\\.com already has an account .*add objectId: ${kwame.id} to the entry`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorder.registrations).toEqual([]);
  });
});
