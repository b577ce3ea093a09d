// guestops catalog add: ids looked up by display name in the tenant (the Graph double), written into the
// stack file of a repository that guestops init made, which still validates.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { slugOf } from "../../src/cli/commands/catalog";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { fakeId, type DoubleTenant } from "../graph-double/tenant";
import { runCli } from "../cli/run-cli";
import { testdir } from "../helpers/testdir";

const TENANT_ID = "94064533-4527-47b7-9975-e04a81fb6295";
const ERP = "2bfefbfd-29d1-44bb-a135-061c81b2ada8";
const SP = "0c7ae4ff-5aba-4082-aa54-97642eeaa962";
const SUBMITTER = "7f295507-2d45-4b23-9c1d-9c1dd3cbf17a";
const APPROVER = "35b9681a-568a-412a-a76c-8393fc351fc0";

function tenant(): DoubleTenant {
  return {
    tenantId: TENANT_ID,
    initialDomain: "contoso.onmicrosoft.com",
    users: [],
    groups: [
      { id: ERP, displayName: "ERP Migration Project", members: [] },
      { id: fakeId(0x6e0, 1), displayName: "Finance Readers", members: [] },
      { id: fakeId(0x6e0, 2), displayName: "Finance Readers", members: [] },
      { id: fakeId(0x6e0, 3), displayName: "O'Brien's Team", members: [] },
    ],
    servicePrincipals: [
      {
        id: SP,
        displayName: "Contoso Expenses",
        appRoles: [
          { id: SUBMITTER, value: "Submitter", displayName: "Submitter", isEnabled: true, allowedMemberTypes: ["User"] },
          { id: APPROVER, value: "Approver", displayName: "Approver", isEnabled: true, allowedMemberTypes: ["User"] },
          { id: fakeId(0x7e0, 1), value: "Daemon", displayName: "Daemon", isEnabled: true, allowedMemberTypes: ["Application"] },
          { id: fakeId(0x7e0, 2), value: "Old", displayName: "Old", isEnabled: false, allowedMemberTypes: ["User"] },
        ],
        assignments: [],
      },
    ],
  };
}

let double: GraphDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

async function scaffold(): Promise<{ root: string; env: NodeJS.ProcessEnv }> {
  double = await startGraphDouble(tenant());
  const root = testdir({});
  const init = await runCli(["init", "--tenant-id", TENANT_ID, "--domain", "contoso.com", "--owner", "mei.lin@contoso.com=mei-lin-contoso", "--ci", "github"], root);
  expect(init.code).toBe(0);
  return { root, env: { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token } };
}

const stackOf = (root: string) => parse(readFileSync(join(root, "stacks/prod.yaml"), "utf8")) as { groups: Record<string, unknown>; apps: Record<string, unknown> };

describe("guestops catalog add", () => {
  it("adds a group by display name with its objectId, and the stack still validates", async () => {
    const { root, env } = await scaffold();
    const r = await runCli(["catalog", "add", "group", "ERP Migration Project", "--owner", "mei.lin@contoso.com"], root, env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`added groups.erp-migration-project to stacks/prod.yaml: ERP Migration Project, objectId ${ERP}`);
    expect(stackOf(root).groups).toEqual({ "erp-migration-project": { objectId: ERP, displayName: "ERP Migration Project", owners: ["mei.lin@contoso.com"], allowGuests: true } });
    expect(readFileSync(join(root, "stacks/prod.yaml"), "utf8")).toContain("#   npx guestops catalog add group");
    expect((await runCli(["validate"], root)).code).toBe(0);
    expect(double!.log.some((l) => l.startsWith("GET /groups?$filter=displayName eq 'ERP Migration Project'"))).toBe(true);
  });

  it("adds an app with the roles asked for, or every enabled role users can hold", async () => {
    const { root, env } = await scaffold();
    expect((await runCli(["catalog", "add", "app", "Contoso Expenses", "--role", "Approver", "--key", "expenses", "--owner", "mei.lin@contoso.com"], root, env)).code).toBe(0);
    expect(stackOf(root).apps).toEqual({ expenses: { servicePrincipalId: SP, displayName: "Contoso Expenses", owners: ["mei.lin@contoso.com"], roles: { Approver: APPROVER } } });
    expect((await runCli(["catalog", "add", "app", "Contoso Expenses", "--key", "expenses-all", "--owner", "mei.lin@contoso.com"], root, env)).stderr).toContain('"Contoso Expenses" is already in stacks/prod.yaml as apps.expenses');
    expect((await runCli(["validate"], root)).code).toBe(0);
  });

  it("matches the name as Graph does, case aside, and writes it as the tenant spells it", async () => {
    const { root, env } = await scaffold();
    const r = await runCli(["catalog", "add", "group", "erp migration PROJECT", "--owner", "mei.lin@contoso.com"], root, env);
    expect(r.code).toBe(0);
    expect(stackOf(root).groups).toEqual({ "erp-migration-project": { objectId: ERP, displayName: "ERP Migration Project", owners: ["mei.lin@contoso.com"], allowGuests: true } });
  });

  it("adds an owner given as EMAIL=LOGIN to people.yaml, so that the stack validates at once", async () => {
    const { root, env } = await scaffold();
    const before = readFileSync(join(root, "people.yaml"), "utf8");
    const r = await runCli(["catalog", "add", "group", "ERP Migration Project", "--owner", "priya.natarajan@contoso.com=priya-n-contoso", "--owner", "mei.lin@contoso.com=someone-else"], root, env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("added priya.natarajan@contoso.com to people.yaml");
    expect(r.stdout).not.toContain("next:");
    // Only the new owner's line is added; mei.lin, who has an entry, keeps hers.
    expect(readFileSync(join(root, "people.yaml"), "utf8")).toBe(`${before}  - { email: priya.natarajan@contoso.com, github: priya-n-contoso }\n`);
    expect((await runCli(["validate"], root)).code).toBe(0);
  });

  it("writes neither file when a login is wrong", async () => {
    const { root, env } = await scaffold();
    const before = readFileSync(join(root, "stacks/prod.yaml"), "utf8");
    const r = await runCli(["catalog", "add", "group", "ERP Migration Project", "--owner", "priya.natarajan@contoso.com=-nope-"], root, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"-nope-" is not a GitHub login');
    expect(readFileSync(join(root, "stacks/prod.yaml"), "utf8")).toBe(before);
  });

  it("says which owners still need a login in people.yaml", async () => {
    const { root, env } = await scaffold();
    const r = await runCli(["catalog", "add", "group", "ERP Migration Project", "--owner", "priya.natarajan@contoso.com"], root, env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("next: add { email: priya.natarajan@contoso.com, github: LOGIN } to people.yaml");
  });

  it.each([
    { args: ["group", "Finance Readers"], code: 1, error: `2 groups are named "Finance Readers": ${fakeId(0x6e0, 1)}, ${fakeId(0x6e0, 2)}` },
    { args: ["group", "No Such Group"], code: 1, error: 'no group is named "No Such Group" in the tenant' },
    { args: ["app", "Contoso Expenses", "--role", "Daemon"], code: 1, error: 'has no enabled role "Daemon" that users can be given' },
    { args: ["app", "Contoso Expenses", "--role", "Old"], code: 1, error: "its roles: Submitter, Approver" },
    { args: ["group", "ERP Migration Project", "--role", "x"], code: 2, error: "--role is for apps" },
    { args: ["group", "ERP Migration Project", "--key", "ERP"], code: 2, error: '--key "ERP" is not a catalog key' },
    { args: ["widget", "x"], code: 2, error: 'catalog add takes group or app, not "widget"' },
  ])("refuses $args", async ({ args, code, error }) => {
    const { root, env } = await scaffold();
    const before = readFileSync(join(root, "stacks/prod.yaml"), "utf8");
    const r = await runCli(["catalog", "add", ...args, "--owner", "mei.lin@contoso.com"], root, env);
    expect(r.stderr).toContain(error);
    expect(r.code).toBe(code);
    expect(readFileSync(join(root, "stacks/prod.yaml"), "utf8")).toBe(before);
  });

  it("needs an owner, and finds a name with a quote in it", async () => {
    const { root, env } = await scaffold();
    expect((await runCli(["catalog", "add", "group", "ERP Migration Project"], root, env)).stderr).toContain("needs --owner EMAIL");
    const r = await runCli(["catalog", "add", "group", "O'Brien's Team", "--owner", "mei.lin@contoso.com"], root, env);
    expect(r.code).toBe(0);
    expect(Object.keys(stackOf(root).groups)).toEqual(["o-brien-s-team"]);
  });

  it.each(["status", "drift", "import"])("a wrong id in the catalog is a finding of %s at the entry's file:line, with the command that looks it up (exit 1)", async (command) => {
    const { root, env } = await scaffold();
    await runCli(["catalog", "add", "group", "ERP Migration Project", "--owner", "mei.lin@contoso.com"], root, env);
    await runCli(["catalog", "add", "app", "Contoso Expenses", "--key", "expenses", "--owner", "mei.lin@contoso.com"], root, env);
    // Both deleted in the tenant after they were catalogued.
    double!.tenant.groups.splice(0, 1);
    double!.tenant.servicePrincipals.splice(0, 1);
    const text = readFileSync(join(root, "stacks/prod.yaml"), "utf8").split("\n");
    const line = (needle: string) => text.findIndex((l) => l.includes(needle)) + 1;
    const r = await runCli([command], root, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`stacks/prod.yaml:${line(`objectId: ${ERP}`)}:15 catalog group erp-migration-project objectId ${ERP} does not exist in the tenant: look it up with guestops catalog add group "ERP Migration Project" --owner mei.lin@contoso.com`);
    expect(r.stderr).toContain(`stacks/prod.yaml:${line(`servicePrincipalId: ${SP}`)}:25 catalog app expenses servicePrincipalId ${SP} does not exist in the tenant`);
    expect(r.stderr).not.toContain("404");
    expect(r.stdout).toBe("");
  });

  it("writes a shard's entry into its tenant file, which every shard shares", async () => {
    double = await startGraphDouble(tenant());
    const env = { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token };
    const root = testdir({
      "tenants/contoso.yaml": `tenantId: ${TENANT_ID}\ninternalDomains: [contoso.com]\nowners: [mei.lin@contoso.com]\ngroups: {}\n`,
      "stacks/eu.yaml": 'tenant: contoso\nguestFiles: ["guests/eu/*.yaml"]\n',
      "stacks/us.yaml": 'tenant: contoso\nguestFiles: ["guests/us/*.yaml"]\n',
    });
    const r = await runCli(["catalog", "add", "group", "ERP Migration Project", "--stack", "eu", "--owner", "mei.lin@contoso.com"], root, env);
    expect(r.stdout).toContain("added groups.erp-migration-project to tenants/contoso.yaml");
    expect((parse(readFileSync(join(root, "tenants/contoso.yaml"), "utf8")) as { groups: Record<string, { objectId: string }> }).groups["erp-migration-project"]!.objectId).toBe(ERP);
    expect(readFileSync(join(root, "stacks/eu.yaml"), "utf8")).toBe('tenant: contoso\nguestFiles: ["guests/eu/*.yaml"]\n');
  });

  it("a wrong id in a sharded tenant's catalog is one finding, at the tenant file's line", async () => {
    double = await startGraphDouble(tenant());
    const env = { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token };
    const root = testdir({
      "tenants/contoso.yaml": `tenantId: ${TENANT_ID}\ninternalDomains: [contoso.com]\nowners: [mei.lin@contoso.com]\ngroups:\n  gone:\n    objectId: ${fakeId(0x6e0, 99)}\n    displayName: Gone\n    owners: [mei.lin@contoso.com]\n    allowGuests: true\napps: {}\n`,
      "stacks/eu.yaml": 'tenant: contoso\nguestFiles: ["guests/eu/*.yaml"]\n',
      "stacks/us.yaml": 'tenant: contoso\nguestFiles: ["guests/us/*.yaml"]\n',
      "people.yaml": "people:\n  - { email: mei.lin@contoso.com, github: mei-lin }\n",
      "guests/eu/fabrikam.yaml": "partner: Fabrikam\ndomains: [fabrikam.com]\nguests: []\n",
      "guests/us/northwind.yaml": "partner: Northwind\ndomains: [northwind.example]\nguests: []\n",
    });
    const r = await runCli(["drift"], root, env);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tenants/contoso.yaml:6:15 catalog group gone objectId ${fakeId(0x6e0, 99)} does not exist in the tenant: look it up with guestops catalog add group "Gone" --owner mei.lin@contoso.com (delete this entry first, or pass --key NEW-KEY)\n`);
  });

  it.each([
    ["ERP Migration Project", "erp-migration-project"],
    ["  Équipe  Finance!! ", "equipe-finance"],
    ["Contoso.Expenses (prod)", "contoso-expenses-prod"],
    ["!!!", ""],
  ])("slugs %j as %j", (name, slug) => {
    expect(slugOf(name)).toBe(slug);
  });
});
