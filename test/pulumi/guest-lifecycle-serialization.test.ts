// Pulumi stores a dynamic provider's code in the state as the `__provider` input, with every value its
// functions capture (pulumi.runtime.serializeFunction; a captured secret only makes `__provider` a secret,
// pulumi/pulumi#13329). GuestLifecycle's provider captures the tenant and cloud only: credentials come
// from the deploy's environment when a method runs, never from the state.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const TENANT = "94064533-4527-47b7-9975-e04a81fb6295";
const SECRETS = {
  GUESTOPS_GRAPH_TOKEN: "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.c2VjcmV0LXRva2Vu.graph-token-7f3a",
  AZURE_CLIENT_SECRET: "client-secret-9c41~not-for-state",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc-request-token-2b77",
  SYSTEM_ACCESSTOKEN: "azure-pipelines-token-5d19",
  ARM_CLIENT_SECRET: "arm-client-secret-e0c2",
};

describe("GuestLifecycle's serialized provider", () => {
  // Serialized outside vitest: its module transform yields functions Pulumi cannot serialize.
  const run = spawnSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(__dirname, "serialize-provider.ts"), TENANT], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...SECRETS, AZURE_CLIENT_ID: "11111111-2222-4333-8444-555555555555" },
  });
  const result = JSON.parse(run.stdout || "{}") as { text?: string; containsSecrets?: boolean };

  it("serializes, with no Pulumi secret in it", () => {
    expect(run.stderr).toBe("");
    expect(result.text).toMatch(/^exports\.handler = /);
    expect(result.containsSecrets).toBe(false);
  });

  it("holds no token or secret from the environment it was serialized in, only the tenant", () => {
    for (const [name, value] of Object.entries(SECRETS)) expect(result.text, name).not.toContain(value);
    expect(result.text).not.toContain("11111111-2222-4333-8444-555555555555");
    expect(result.text).toContain(TENANT);
  });

  it("reads credentials from process.env when a method runs, and loads @azure/identity from the deploy's node_modules", () => {
    expect(result.text).toContain("process.env");
    expect(result.text).toContain('require("@azure/identity")');
    expect(result.text).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});
