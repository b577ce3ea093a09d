// guestops init: a tenant repository that validates from its first command, written whole or not at all.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runInit } from "../../src/cli/commands/init";
import { writeAll } from "../../src/cli/write-files";
import type { CommandContext } from "../../src/cli/main";
import { packageRoot, readTemplates } from "../../src/cli/package-files";
import { buildScaffold, modeline, PULUMI_MAIN, templateForStack } from "../../src/init/build-scaffold";
import { buildCodeowners } from "../../src/codeowners/build-codeowners";
import packageJson from "../../package.json";
import { runCli } from "../cli/run-cli";
import { testdir } from "../helpers/testdir";

const TENANT = "94064533-4527-47b7-9975-e04a81fb6295";
const FLAGS = ["--tenant-id", TENANT, "--domain", "contoso.com", "--owner", "mei.lin@contoso.com=mei-lin-contoso", "--owner", "jonas.weber@contoso.com=jweber-contoso"];

function capture(cwd: string) {
  const out = { stdout: "", stderr: "" };
  const ctx: CommandContext = { cwd, env: {}, stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, color: false };
  return { ctx, out };
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort();
}

describe("guestops init", () => {
  it.each(["github", "azure", "both"])("writes a scaffold that validates and plans before the first commit (--ci %s)", async (ci) => {
    const dir = testdir({});
    const init = await runCli(["init", ".", ...FLAGS, "--ci", ci], dir);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    const validate = await runCli(["validate"], dir);
    expect(validate.stdout + validate.stderr).toMatch(/^valid: 0 guests in 1 guest file and 1 stack file \(stack prod/);
    expect(validate.code).toBe(0);
    const files = listFiles(dir);
    expect(files).toEqual(expect.arrayContaining(["stacks/prod.yaml", "people.yaml", "guests/example-partner.yaml", "Pulumi.yaml", "Pulumi.prod.yaml", "package.json", ".gitignore", ".vscode/settings.json", "README.md"]));
    expect(files.includes(".github/workflows/guestops-pr.yml")).toBe(ci !== "azure");
    expect(files.includes("azure-pipelines.yml")).toBe(ci !== "github");
    expect(files.includes("CODEOWNERS")).toBe(ci !== "azure");
    const people = parse(readFileSync(join(dir, "people.yaml"), "utf8")) as { people: Record<string, string>[] };
    expect(people.people[0]).toEqual({ email: "mei.lin@contoso.com", ...(ci !== "azure" && { github: "mei-lin-contoso" }), ...(ci === "azure" && { azureDevOps: "mei-lin-contoso" }), ...(ci === "both" && { azureDevOps: "mei.lin@contoso.com" }) });
  });

  it("pins this guestops version exactly, names the package's program, and copies the package's own workflow templates", async () => {
    const dir = testdir({});
    expect((await runCli(["init", ...FLAGS, "--ci", "github", "--stack", "tenant-a"], dir)).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string>; private: boolean };
    expect(pkg.dependencies.guestops).toBe(packageJson.version);
    expect(pkg.private).toBe(true);
    expect((parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as { main: string }).main).toBe(PULUMI_MAIN);
    const templates = readTemplates(packageRoot());
    expect(Object.keys(templates).length).toBeGreaterThan(0);
    // The templates, for this stack: every workflow deploys, previews and checks tenant-a, never the example's prod.
    for (const [path, text] of Object.entries(templates)) if (path.startsWith(".github/")) expect(readFileSync(join(dir, path), "utf8")).toBe(templateForStack(text, "tenant-a"));
    for (const path of Object.keys(templates).filter((p) => p.startsWith(".github/"))) {
      const text = readFileSync(join(dir, path), "utf8");
      expect(text, path).not.toMatch(/^\s*STACK: prod$|guestops-[a-z]+-prod$/m);
    }
    expect(readFileSync(join(dir, ".github/workflows/guestops-deploy.yml"), "utf8")).toMatch(/^ {2}STACK: tenant-a$/m);
    // --upgrade keeps the stack: nothing to change.
    expect((await runCli(["init", "--upgrade"], dir)).stdout).toContain("all up to date");
    // CODEOWNERS is what `guestops codeowners --check` expects.
    expect((await runCli(["codeowners", "--check"], dir)).code).toBe(0);
    expect(existsSync(join(dir, "stacks/tenant-a.yaml")) && existsSync(join(dir, "Pulumi.tenant-a.yaml"))).toBe(true);
  });

  it("points every modeline and the editor settings at the installed package's schemas", async () => {
    const dir = testdir({});
    await runCli(["init", ...FLAGS, "--ci", "github"], dir);
    expect(readFileSync(join(dir, "stacks/prod.yaml"), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/guestops/schemas/stack.schema.json");
    expect(readFileSync(join(dir, "guests/example-partner.yaml"), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/guestops/schemas/guests.schema.json");
    expect(readFileSync(join(dir, "people.yaml"), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=node_modules/guestops/schemas/people.schema.json");
    expect(modeline("guests/a/b.yaml", "guests.schema.json")).toContain("$schema=../../node_modules/");
    const settings = JSON.parse(readFileSync(join(dir, ".vscode/settings.json"), "utf8")) as { "yaml.schemas": Record<string, string[]> };
    expect(settings["yaml.schemas"]).toEqual({
      "./node_modules/guestops/schemas/stack.schema.json": ["stacks/*.yaml", "tenants/*.yaml"],
      "./node_modules/guestops/schemas/guests.schema.json": ["guests/**/*.yaml"],
      "./node_modules/guestops/schemas/people.schema.json": ["people.yaml"],
      "./node_modules/guestops/schemas/pulumi-stack.schema.json": ["Pulumi.*.yaml"],
    });
    for (const schema of Object.keys(settings["yaml.schemas"])) expect(existsSync(join(packageRoot(), schema.replace("./node_modules/guestops/", "")))).toBe(true);
  });

  it("merges the package.json that npm init wrote, keeping its fields", async () => {
    const dir = testdir({ "package.json": JSON.stringify({ name: "our-guests", version: "1.0.0", scripts: { test: 'echo "Error: no test specified" && exit 1' }, dependencies: { guestops: "^0.0.9", other: "1.2.3" } }) });
    expect((await runCli(["init", ...FLAGS, "--ci", "github"], dir)).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: "our-guests", version: "1.0.0", private: true, dependencies: { guestops: packageJson.version, other: "1.2.3" }, scripts: { validate: "guestops validate", plan: "guestops plan" } });
    expect((pkg.scripts as Record<string, string>).test).toBeUndefined();
  });

  it("refuses to write over existing files without --force, lists them and writes nothing", async () => {
    const dir = testdir({ "people.yaml": "mine\n", "README.md": "# ours\n" });
    const r = await runCli(["init", ...FLAGS, "--ci", "github"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("2 files would be overwritten: people.yaml, README.md");
    expect(listFiles(dir)).toEqual(["README.md", "people.yaml"]);
    expect((await runCli(["init", ...FLAGS, "--ci", "github", "--force"], dir)).code).toBe(0);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain("npm ci --ignore-scripts");
  });

  it("never leaves a half-written folder: a failed write removes what it wrote and restores what it replaced", () => {
    const dir = testdir({ "keep.txt": "keep\n", "README.md": "before\n" });
    let n = 0;
    const failing = (path: string, text: string) => {
      if (++n === 3) throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      writeFileSync(path, text);
    };
    expect(() => writeAll(dir, { "README.md": "after\n", "a/b/one.yaml": "1\n", "c/two.yaml": "2\n" }, failing)).toThrow(/ENOSPC/);
    expect(listFiles(dir)).toEqual(["README.md", "keep.txt"]);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("before\n");
  });

  it("names every missing flag when there is no terminal to ask on", async () => {
    const dir = testdir({});
    const { ctx } = capture(dir);
    await expect(runInit(["--domain", "contoso.com"], ctx, undefined)).rejects.toThrow("init needs --tenant-id UUID, --owner EMAIL=LOGIN, --ci github|azure|both");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("asks on a terminal for what the flags do not give", async () => {
    const dir = testdir({});
    const { ctx } = capture(dir);
    const answers = [TENANT, "contoso.com, contoso.onmicrosoft.com", "", "mei.lin@contoso.com=mei-lin-contoso", ""];
    const asked: string[] = [];
    const code = await runInit([], ctx, async (q) => (asked.push(q), answers.shift()!));
    expect(code).toBe(0);
    expect(asked).toHaveLength(5);
    const stack = parse(readFileSync(join(dir, "stacks/prod.yaml"), "utf8")) as Record<string, unknown>;
    expect(stack).toMatchObject({ tenantId: TENANT, internalDomains: ["contoso.com", "contoso.onmicrosoft.com"], owners: ["mei.lin@contoso.com"] });
    expect(existsSync(join(dir, ".github/workflows/guestops-pr.yml"))).toBe(true);
  });

  it.each([
    { args: ["--tenant-id", "not-a-uuid"], error: '--tenant-id "not-a-uuid" is not a tenant id' },
    { args: ["--domain", "@contoso.com"], error: '--domain "@contoso.com" is not a domain name' },
    { args: ["--owner", "mei.lin@fabrikam.com=mei"], error: "--owner mei.lin@fabrikam.com is not in the internal domains (contoso.com)" },
    { args: ["--owner", "mei.lin@contoso.com"], error: "--owner mei.lin@contoso.com has no GitHub login" },
    { args: ["--owner", "mei.lin@contoso.com=-bad-"], error: '"-bad-" is not a GitHub login' },
    { args: ["--stack", "../prod"], error: '--stack "../prod" is not a stack name' },
    { args: ["--ci", "gitlab"], error: '--ci "gitlab" is not a CI this tool has workflows for' },
  ])("refuses $args with a usage error", async ({ args, error }) => {
    const base: Record<string, string> = { "--tenant-id": TENANT, "--domain": "contoso.com", "--owner": "mei.lin@contoso.com=mei-lin-contoso", "--ci": "github" };
    for (let i = 0; i < args.length; i += 2) base[args[i]!] = args[i + 1]!;
    const dir = testdir({});
    const r = await runCli(["init", ...Object.entries(base).flat()], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(error);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--upgrade refreshes the workflows, says per file what changed, and leaves data alone", async () => {
    const dir = testdir({});
    await runCli(["init", ...FLAGS, "--ci", "github"], dir);
    const templates = Object.keys(readTemplates(packageRoot())).filter((p) => p.startsWith(".github/"));
    const [changed, removed] = templates;
    writeFileSync(join(dir, changed!), "# an older template\n");
    writeFileSync(join(dir, removed!), "");
    rmSync(join(dir, removed!));
    const stackBefore = readFileSync(join(dir, "stacks/prod.yaml"), "utf8") + "# edited\n";
    writeFileSync(join(dir, "stacks/prod.yaml"), stackBefore);
    const r = await runCli(["init", "--upgrade"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`updated   ${changed}`);
    expect(r.stdout).toContain(`added     ${removed}`);
    expect(r.stdout).toMatch(/unchanged .github\/workflows\//);
    expect(readFileSync(join(dir, changed!), "utf8")).toBe(readTemplates(packageRoot())[changed!]);
    expect(readFileSync(join(dir, "stacks/prod.yaml"), "utf8")).toBe(stackBefore);
    const again = await runCli(["init", "--upgrade"], dir);
    expect(again.stdout).toContain("all up to date");
  });

  it("--upgrade outside a tenant repository is a usage error", async () => {
    const dir = testdir({});
    mkdirSync(join(dir, "x"));
    const r = await runCli(["init", "x", "--upgrade"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("has no stacks/ folder");
  });

  it("finds the installed package from the compiled CLI beside it, in the tenant's node_modules/.cache", () => {
    const tenant = testdir({
      "package.json": JSON.stringify({ name: "guest-access" }),
      "node_modules/guestops/package.json": JSON.stringify({ name: "guestops", version: "9.9.9" }),
      "node_modules/guestops/schemas/stack.schema.json": "{}",
      "node_modules/guestops/.github/workflows/guestops-pr.yml": "name: pr\n",
      "node_modules/.cache/guestops/cli-0123.js": "",
    });
    const root = packageRoot(join(tenant, "node_modules/.cache/guestops"));
    expect(root).toBe(join(tenant, "node_modules/guestops"));
    expect(readTemplates(root)).toEqual({ ".github/workflows/guestops-pr.yml": "name: pr\n" });
    // From the sources, in guestops' own repository.
    expect(packageRoot()).toBe(join(__dirname, "../.."));
  });

  it("CODEOWNERS is the codeowners builder's, from the owners and their logins", () => {
    const files = buildScaffold({ tenantId: TENANT, domains: ["contoso.com"], stack: "prod", owners: [{ email: "mei.lin@contoso.com", login: "mei-lin-contoso" }], ci: "github", version: "9.9.9", templates: {} });
    expect(files.CODEOWNERS).toBe(buildCodeowners([{ name: "prod", owners: ["mei.lin@contoso.com"] }], [{ email: "mei.lin@contoso.com", github: "mei-lin-contoso" }]).text);
    expect(files.CODEOWNERS).toContain("/stacks/prod.yaml @mei-lin-contoso");
  });
});
