// The tenant policy's dynamic resources store the same small shim as GuestLifecycle (provider-shim.ts),
// naming their own provider: serialized for real in a plain Node process from the guardrails' demo stack,
// then evaluated in another, as the Pulumi provider host does, it loads that provider from the repository
// and writes to Graph with the environment's credentials.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AUTHORIZATION_POLICY, B2B_DOMAIN_LIST, CROSS_TENANT_PARTNER } from "../../src/model/resource-types";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { freshTenantPolicies, GUEST_ROLE } from "../graph-double/tenant-policies";

const ROOT = join(__dirname, "..", "..");
const GUARDRAILS = join(ROOT, "test", "fixtures", "guardrails");
const TENANT = "94064533-4527-47b7-9975-e04a81fb6295";
const SECRET = "client-secret-9c41~not-for-state";

// What each dynamic resource stores, from the program run on the demo stack in a plain process.
const run = spawnSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(__dirname, "serialize-provider.ts"), GUARDRAILS, "contoso"], {
  cwd: ROOT,
  encoding: "utf8",
  env: { ...process.env, AZURE_CLIENT_SECRET: SECRET },
});
const byType = (JSON.parse(run.stdout || "{}") as { byType?: Record<string, unknown[]> }).byType ?? {};

function host(text: string, steps: { method: string; args: unknown[] }[], env: Record<string, string>): Promise<{ value?: unknown; error?: string }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, "host-serialized-provider.js")], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", () => resolve(JSON.parse(out || "[]") as { value?: unknown; error?: string }[]));
    child.stdin.end(JSON.stringify({ text, steps }));
  });
}

describe("the tenant policy's serialized providers", () => {
  let double: GraphDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  it.each([
    [AUTHORIZATION_POLICY, "authorizationPolicyProvider"],
    [CROSS_TENANT_PARTNER, "crossTenantPartnerProvider"],
    [B2B_DOMAIN_LIST, "b2bDomainListProvider"],
  ])("%s stores one small shim that names %s, the tenant, and nothing of the provider or the environment", (type, factory) => {
    expect(run.stderr).toBe("");
    const texts = byType[type] ?? [];
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts).size).toBe(1);
    const text = texts[0] as string;
    expect(Buffer.byteLength(text)).toBeLessThan(4096);
    expect(text).toContain(factory);
    expect(text).toContain(TENANT);
    expect(text).toContain("src/pulumi/load-guest-lifecycle.js");
    for (const code of ["applyAuthorization", "applyPartner", "applyDomainList", "createTenantSettingsGraph", "fetch(", SECRET, ROOT]) expect(text, code).not.toContain(code);
  });

  it("evaluated as the provider host does, creates and deletes against Graph, restoring what it found", async () => {
    double = await startGraphDouble({ tenantId: TENANT, initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [], policies: freshTenantPolicies() });
    const inputs = { allowInvitesFrom: "adminsAndGuestInviters", guestUserRoleId: GUEST_ROLE.restricted };
    const restore = { allowInvitesFrom: "everyone", guestUserRoleId: GUEST_ROLE.limited };
    const results = await host(
      byType[AUTHORIZATION_POLICY]![0] as string,
      [
        { method: "create", args: [inputs] },
        // Refresh reaches the provider's read through the shim: what the tenant has now.
        { method: "read", args: ["authorizationPolicy", { guestUserRoleId: GUEST_ROLE.member, restore }] },
        { method: "delete", args: ["authorizationPolicy", { ...inputs, restore }] },
      ],
      { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token },
    );
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    expect((results[0]!.value as { outs: { restore: unknown } }).outs.restore).toEqual(restore);
    expect(results[1]!.value).toEqual({ id: "authorizationPolicy", props: { guestUserRoleId: GUEST_ROLE.restricted, restore } });
    expect(double.log.filter((l) => !l.startsWith("GET "))).toEqual(["PATCH /policies/authorizationPolicy", "PATCH /policies/authorizationPolicy"]);
    expect(double.tenant.policies!.authorizationPolicy).toMatchObject(restore);
  });
});
