// Pulumi stores a dynamic provider's code in the state of every dynamic resource, as the `__provider`
// input and output, with every value its functions capture (pulumi.runtime.serializeFunction; a captured
// secret only makes `__provider` a secret, pulumi/pulumi#13329). GuestLifecycle's provider is a shim
// (src/pulumi/guest-lifecycle-shim.ts): it captures the tenant and cloud only, and loads the real provider
// from the repository when a method runs, which reads credentials from the deploy's environment.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LifecycleInputs, LifecycleOutputs } from "../../src/pulumi/guest-lifecycle-provider";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { fakeId, guestUser, type DoubleTenant, type DoubleUser } from "../graph-double/tenant";

const ROOT = join(__dirname, "..", "..");
const TENANT = "94064533-4527-47b7-9975-e04a81fb6295";
const SECRETS = {
  GUESTOPS_GRAPH_TOKEN: "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.c2VjcmV0LXRva2Vu.graph-token-7f3a",
  AZURE_CLIENT_SECRET: "client-secret-9c41~not-for-state",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc-request-token-2b77",
  SYSTEM_ACCESSTOKEN: "azure-pipelines-token-5d19",
  ARM_CLIENT_SECRET: "arm-client-secret-e0c2",
};
/** The whole provider with its Graph client took 68,330 bytes, stored twice per guest: 1.4 GB at 10,000 guests. */
const MAX_BYTES = 4096;

// Serialized outside vitest: its module transform yields functions Pulumi cannot serialize. The harness
// runs the program on the example stack (tenant TENANT) and collects what each GuestLifecycle stores.
const run = spawnSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(__dirname, "serialize-provider.ts")], {
  cwd: ROOT,
  encoding: "utf8",
  env: { ...process.env, ...SECRETS, AZURE_CLIENT_ID: "11111111-2222-4333-8444-555555555555" },
});
const result = JSON.parse(run.stdout || "{}") as { lifecycles?: number; texts?: unknown[] };
const text = typeof result.texts?.[0] === "string" ? result.texts[0] : "";

describe("GuestLifecycle's serialized provider, as the program registers it", () => {
  it("is one text for every GuestLifecycle, a plain string: no Pulumi secret in it", () => {
    expect(run.stderr).toBe("");
    expect(result.lifecycles).toBeGreaterThan(5);
    expect(result.texts).toHaveLength(result.lifecycles!);
    expect(new Set(result.texts).size).toBe(1);
    // A text that captured a Pulumi secret would be stored, and arrive here, as a secret.
    expect(result.texts![0]).toBeTypeOf("string");
    expect(text).toMatch(/^exports\.handler = /);
  });

  it(`is a shim under ${MAX_BYTES} bytes that holds none of the provider's or the Graph client's code`, () => {
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_BYTES);
    for (const code of ["applyLifecycle", "createLifecycleGraph", "chooseTokenSource", "fetch(", "@azure/identity", "process.env"]) expect(text, code).not.toContain(code);
    expect(text).toContain("src/pulumi/load-guest-lifecycle.js");
    // No path of the machine that serialized it: every deploy, from any checkout, stores the same text.
    expect(text).not.toContain(ROOT);
  });

  it("holds no token or secret from the environment it was serialized in, only the tenant", () => {
    for (const [name, value] of Object.entries(SECRETS)) expect(text, name).not.toContain(value);
    expect(text).not.toContain("11111111-2222-4333-8444-555555555555");
    expect(text).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(text).toContain(TENANT);
  });
});

const GUEST = fakeId(0x9e5, 1);
const MEGAN = fakeId(0x1e5, 1);
const PRIYA = fakeId(0x1e5, 2);
const member = (id: string, mail: string): DoubleUser => ({ ...guestUser({ initialDomain: "contoso.onmicrosoft.com" }, { id, mail }), userType: "Member", userPrincipalName: mail, creationType: null });

function tenant(): DoubleTenant {
  const t: DoubleTenant = { tenantId: TENANT, initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
  t.users.push(guestUser(t, { id: GUEST, mail: "ana.silva@fabrikam.com", sponsors: [PRIYA] }), member(MEGAN, "megan.bowen@contoso.com"), member(PRIYA, "priya.natarajan@contoso.com"));
  return t;
}

type Step = { method: "diff" | "create" | "update" | "delete"; args: unknown[] };
type StepResult = { value?: unknown; error?: string };

/**
 * Evaluates the serialized text in a fresh plain Node process started in `cwd`, as the Pulumi provider
 * host does (test/pulumi/host-serialized-provider.js), with only PATH and `env` in its environment.
 */
function host(cwd: string, steps: Step[], env: Record<string, string> = {}): Promise<StepResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, "host-serialized-provider.js")], { cwd, env: { PATH: process.env.PATH ?? "", ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", () => {
      try {
        resolve(JSON.parse(out) as StepResult[]);
      } catch {
        reject(new Error(`the provider host printed ${JSON.stringify(out)}; stderr: ${err}`));
      }
    });
    child.stdin.end(JSON.stringify({ text, steps }));
  });
}

/** A method's result without `__provider`, which the host passes among the properties and outputs echo. */
function withoutProvider(value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  if ("outs" in value) return { ...value, outs: withoutProvider((value as { outs: unknown }).outs) };
  const { __provider, ...rest } = value as Record<string, unknown>;
  return rest;
}

describe("the deserialized shim in a fresh Node process, as the provider host runs it", () => {
  let double: GraphDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  it("started in the repository, runs create, diff, update and delete against Graph with the environment's credentials", async () => {
    double = await startGraphDouble(tenant());
    const active: LifecycleInputs = { userId: GUEST, accountFrom: "invitation", accountEnabled: true, sponsors: ["megan.bowen@contoso.com"], deleteOnRemoval: true };
    const expired: LifecycleInputs = { ...active, accountEnabled: false };
    const seen = { userId: GUEST, from: "invitation" as const, creationType: "Invitation", createdDateTime: "2026-01-15T09:00:00Z" };
    const stored = (inputs: LifecycleInputs): LifecycleOutputs => ({ ...inputs, sponsorIds: [MEGAN], seen });
    const results = await host(
      ROOT,
      [
        { method: "create", args: [active] },
        { method: "diff", args: [GUEST, stored(active), active] },
        { method: "diff", args: [GUEST, stored(active), expired] },
        { method: "update", args: [GUEST, stored(active), expired] },
        { method: "delete", args: [GUEST, stored(expired)] },
      ],
      { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token },
    );
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(results.map((r) => withoutProvider(r.value))).toEqual([
      { id: GUEST, outs: stored(active) },
      { changes: false, replaces: [], deleteBeforeReplace: false },
      { changes: true, replaces: [], deleteBeforeReplace: false },
      { outs: stored(expired) },
      null,
    ]);
    // Sponsor recorded and the undeclared one removed, sign-in blocked, then the account deleted.
    expect(double.log.filter((l) => !l.startsWith("GET "))).toEqual([`POST /users/${GUEST}/sponsors/$ref`, `DELETE /users/${GUEST}/sponsors/${PRIYA}/$ref`, `PATCH /users/${GUEST}`, `DELETE /users/${GUEST}`]);
    expect(double.tenant.users.map((u) => u.id)).toEqual([MEGAN, PRIYA]);
  });

  it("started in the folder of `main` (src/pulumi), where Pulumi may start it, finds the provider too", async () => {
    const olds = { userId: GUEST, accountEnabled: true, deleteOnRemoval: false };
    const [diff] = await host(join(ROOT, "src", "pulumi"), [{ method: "diff", args: [GUEST, olds, { ...olds, accountEnabled: false }] }]);
    expect(diff).toEqual({ value: { changes: true, replaces: [], deleteBeforeReplace: false } });
  });

  it("started outside a guestops checkout, fails every method with an error that names the file it looks for", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "guestops-host-"));
    try {
      const results = await host(elsewhere, [
        { method: "create", args: [{ userId: GUEST, deleteOnRemoval: false }] },
        { method: "delete", args: [GUEST, { userId: GUEST, deleteOnRemoval: true, accountEnabled: false }] },
      ]);
      for (const r of results) expect(r.error).toMatch(/could not find src\/pulumi\/load-guest-lifecycle\.js or node_modules\/guestops\/src\/pulumi\/load-guest-lifecycle\.js in .*guestops-host-.* or any folder above it; run pulumi in the tenant repository/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
