// Which Graph and which credential: the stack's cloud, the URL overrides, and the credential kinds,
// chosen without any network.
import { describe, expect, it } from "vitest";
import { cloudOf, graphUrlOf } from "../../src/graph/graph-endpoint";
import { chooseTokenSource } from "../../src/graph/read-token";
import { runCli } from "../cli/run-cli";
import { testdir } from "../helpers/testdir";
import { AS_OF, exampleFiles } from "./demo-repo";

const TENANT = "94064533-4527-47b7-9975-e04a81fb6295";
const base = { tenantId: TENANT, cloud: "public" as const, resource: "https://graph.microsoft.com" };

describe("the Graph endpoint", () => {
  it.each([
    [undefined, {}, "public", "https://graph.microsoft.com"],
    [undefined, {}, "usgov", "https://graph.microsoft.us"],
    [undefined, {}, "china", "https://microsoftgraph.chinacloudapi.cn"],
    [undefined, { GUESTOPS_GRAPH_URL: "http://127.0.0.1:9" }, "usgov", "http://127.0.0.1:9"],
    ["https://graph.example", { GUESTOPS_GRAPH_URL: "http://127.0.0.1:9" }, "public", "https://graph.example"],
  ] as const)("flag %s, env %j, cloud %s → %s", (flag, env, cloud, url) => {
    expect(graphUrlOf(flag, env, cloudOf(cloud))).toBe(url);
  });

  it("takes cloud from the stack, which the schema checks", async () => {
    const files = exampleFiles();
    const ok = testdir({ ...files, "stacks/prod.yaml": files["stacks/prod.yaml"]!.replace("internalDomains:", "cloud: usgov\ninternalDomains:") });
    expect((await runCli(["validate", "--as-of", AS_OF], ok, {})).code).toBe(0);
    const bad = testdir({ ...files, "stacks/prod.yaml": files["stacks/prod.yaml"]!.replace("internalDomains:", "cloud: mars\ninternalDomains:") });
    const r = await runCli(["validate", "--as-of", AS_OF], bad, {});
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/stacks\/prod\.yaml:4:\d+ .*cloud/);
  });
});

describe("the credential", () => {
  it("uses GUESTOPS_GRAPH_TOKEN by itself, without a Bearer prefix", async () => {
    const source = chooseTokenSource({ ...base, env: { GUESTOPS_GRAPH_TOKEN: "Bearer abc.def.ghi\n" } });
    expect(await source.token()).toBe("abc.def.ghi");
  });

  it.each([
    ["github", {}, /ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN or AZURE_CLIENT_ID is not set/],
    ["azure-pipelines", { AZURE_CLIENT_ID: "c" }, /AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, SYSTEM_ACCESSTOKEN, SYSTEM_OIDCREQUESTURI or AZURE_CLIENT_ID is not set/],
    ["token", {}, /GUESTOPS_GRAPH_TOKEN is not set/],
    ["password", {}, /"password" is not a credential kind/],
  ])("%s without what it needs says what to set", (kind, env, message) => {
    expect(() => chooseTokenSource({ ...base, kind, env })).toThrow(message);
  });

  it.each([
    ["github", { ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/?x=1", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t", AZURE_CLIENT_ID: "c" }],
    ["azure-pipelines", { AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "s", SYSTEM_ACCESSTOKEN: "t", AZURE_CLIENT_ID: "c", SYSTEM_OIDCREQUESTURI: "https://dev.azure.example/oidc" }],
    ["default", {}],
  ])("%s builds a token source without calling out", (kind, env) => {
    // @azure/identity reads the pipeline's variables from the process environment itself.
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      expect(typeof chooseTokenSource({ ...base, kind, env }).token).toBe("function");
    } finally {
      for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    }
  });

  it("is chosen by GUESTOPS_CREDENTIAL when no flag is given", () => {
    expect(() => chooseTokenSource({ ...base, env: { GUESTOPS_CREDENTIAL: "github", GUESTOPS_GRAPH_TOKEN: "x" } })).toThrow(/--credential github/);
  });
});
