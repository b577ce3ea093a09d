// guestops as a tenant repository uses it: this repository packed with `npm pack` and installed
// (test/helpers/packed-package.ts) in an empty repository that holds only its own data and wiring, with
// a stack named contoso-prod, not the example's prod.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPacked, packGuestops } from "../helpers/packed-package";
import { writeTree } from "../helpers/write-tree";
import { EXAMPLE_ROOT } from "../helpers/example";

const ROOT = join(__dirname, "..", "..");
const STACK = "contoso-prod";
const TENANT_ID = "8d3f2a61-0c4e-4b7a-9f15-2e6c7d8a9b01";
const NEW_GUEST = "lena.fischer@northwind.example";

/** The tenant repository: data and wiring only, with the modelines a tenant repository uses. */
const TENANT_FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "contoso-guests", private: true, dependencies: { guestops: "file:guestops.tgz" } }, null, 2),
  "Pulumi.yaml": "name: guestops\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: node_modules/guestops/src/pulumi/main.js\n",
  [`Pulumi.${STACK}.yaml`]: "config:\n  pulumi:disable-default-providers:\n    - azuread\n",
  "people.yaml": `# yaml-language-server: $schema=node_modules/guestops/schemas/people.schema.json
people:
  - { email: amara.diallo@contoso.com, github: adiallo-contoso }
  - { email: felix.wagner@contoso.com, github: fwagner-contoso }
`,
  [`stacks/${STACK}.yaml`]: `# yaml-language-server: $schema=../node_modules/guestops/schemas/stack.schema.json
tenantId: ${TENANT_ID}
internalDomains: [contoso.com]
owners: [amara.diallo@contoso.com]
policy:
  maxExpiryDays: 365
  onRemoval: retain
groups:
  logistics:
    objectId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
    displayName: Logistics Partners
    owners: [felix.wagner@contoso.com]
    allowGuests: true
apps: {}
`,
  "guests/partners/fabrikam.yaml": `# yaml-language-server: $schema=../../node_modules/guestops/schemas/guests.schema.json
partner: Fabrikam
domains: [fabrikam.com]
sponsor: felix.wagner@contoso.com
guests:
  - email: omar.haddad@fabrikam.com
    displayName: Omar Haddad
    expires: 2027-04-30
    justification: CHG-2201 warehouse pilot
    groups: [logistics]
`,
};
/** Added after the first commit: the change `plan` shows. */
const NORTHWIND = `# yaml-language-server: $schema=../node_modules/guestops/schemas/guests.schema.json
partner: Northwind Traders
domains: [northwind.example]
sponsor: felix.wagner@contoso.com
guests:
  - email: ${NEW_GUEST}
    displayName: Lena Fischer
    expires: 2027-03-31
    justification: CHG-2207 freight contract
    groups: [logistics]
`;

let work: string;
let tenant: string;
let packed: string[];

function git(args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: "Amara Diallo", GIT_AUTHOR_EMAIL: "amara.diallo@contoso.com", GIT_COMMITTER_NAME: "Amara Diallo", GIT_COMMITTER_EMAIL: "amara.diallo@contoso.com" };
  return execFileSync("git", args, { cwd: tenant, env, encoding: "utf8" });
}

function guestops(args: string[]) {
  const env = { PATH: process.env.PATH ?? "", HOME: work, NO_COLOR: "1", TMPDIR: tmpdir() };
  return spawnSync(join(tenant, "node_modules", ".bin", "guestops"), args, { cwd: tenant, env, encoding: "utf8" });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "guestops-packed-"));
  tenant = join(work, "contoso-guests");
  packed = packGuestops().files;
  writeTree(tenant, TENANT_FILES);
  installPacked(join(tenant, "node_modules"));
  git(["init", "--quiet", "--initial-branch=main"]);
  git(["add", "."]);
  git(["commit", "--quiet", "-m", "Contoso's guests: Fabrikam"]);
  writeTree(tenant, { "guests/northwind.yaml": NORTHWIND });
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships the CLI, the program's entry, the schemas and the workflow templates, and none of the example or the tests", () => {
    for (const path of ["bin/guestops", "src/pulumi/main.js", "src/pulumi/load-guest-lifecycle.js", "src/cli/build-cli.js", "schemas/guests.schema.json", "schemas/stack.schema.json", "schemas/people.schema.json", "schemas/pulumi-stack.schema.json", "README.md"]) {
      expect(packed, path).toContain(path);
    }
    const templates = [".github/workflows", ".azure-pipelines"].flatMap((dir) => readdirSync(join(ROOT, dir)).map((f) => `${dir}/${f}`));
    for (const path of [...templates, "azure-pipelines.yml"]) {
      expect(packed, path).toContain(path);
      expect(readFileSync(join(tenant, "node_modules", "guestops", path), "utf8"), path).toBe(readFileSync(join(ROOT, path), "utf8"));
    }
    const stray = packed.filter((p) => /^(stacks|guests|tenants|test|docs|node_modules)\//.test(p) || /^(people\.yaml|Pulumi\.[^/]*\.yaml|CODEOWNERS|package-lock\.json)$/.test(p));
    expect(stray).toEqual([]);
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).private).toBeUndefined();
  });

  it("requires at run time only the packages it declares as dependencies", () => {
    const declared = Object.keys((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);
    const used = new Set<string>();
    for (const path of packed.filter((p) => /^(src|bin)\/.*(\.ts|\.js|guestops)$/.test(p) && !p.endsWith(".d.ts"))) {
      for (const line of readFileSync(join(ROOT, path), "utf8").split("\n")) {
        if (/^\s*(import|export) type\b/.test(line) || /^\s*(\/\/|\*)/.test(line)) continue;
        for (const m of line.matchAll(/(?:\bfrom |\brequire\(|\bimport\()"([@a-z][^"$]*)"/g)) {
          const spec = m[1]!;
          if (spec.startsWith("node:")) continue;
          used.add(spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"));
        }
      }
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !declared.includes(name)).sort()).toEqual([]);
  });

  it("resolves every $schema modeline of the tenant repository, in subfolders too", () => {
    for (const file of [...Object.keys(TENANT_FILES), "guests/northwind.yaml"].filter((f) => f.endsWith(".yaml") && !f.startsWith("Pulumi."))) {
      const text = readFileSync(join(tenant, file), "utf8");
      const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
      expect(schema, file).toBeDefined();
      expect(existsSync(resolve(tenant, dirname(file), schema!)), `${file}: ${schema}`).toBe(true);
    }
  });
});

describe("a tenant repository that installs it", () => {
  it("validates its own files with node_modules/.bin/guestops, compiled into the tenant's node_modules/.cache", () => {
    const r = guestops(["validate", "--as-of", "2026-12-01"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`valid: 2 guests in 2 guest files and 1 stack file (stack ${STACK}, as of 2026-12-01)\n`);
    expect(r.status).toBe(0);
    expect(readdirSync(join(tenant, "node_modules", ".cache", "guestops")).filter((f) => f.startsWith("cli-"))).toHaveLength(1);
  });

  it("plans its own new guest against its last commit", () => {
    const r = guestops(["plan", "--base", "HEAD", "--as-of", "2026-12-01", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const plan = JSON.stringify(JSON.parse(r.stdout));
    expect(plan).toContain(NEW_GUEST);
    expect(plan).not.toContain("omar.haddad@fabrikam.com\",\"action\":\"invite"); // already in the base
  });

  it("runs the Pulumi program from its own folder: that repository's guests and stack, nothing of the example", () => {
    const r = spawnSync(process.execPath, [join(__dirname, "tenant-program-child.js"), STACK], { cwd: tenant, env: { PATH: process.env.PATH ?? "", HOME: work }, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { main: string; registered: { type: string; name: string }[]; providerTexts: string[] };
    expect(out.main).toBe("node_modules/guestops/src/pulumi/main.js");
    const names = out.registered.map((x) => x.name).join("\n");
    for (const guest of [NEW_GUEST, "omar.haddad@fabrikam.com"]) expect(names).toContain(guest);
    for (const exampleGuest of exampleGuests()) expect(names).not.toContain(exampleGuest);
    expect(JSON.stringify(out.registered)).not.toContain("94064533-4527-47b7-9975-e04a81fb6295"); // the example's tenant
    expect(out.providerTexts.length).toBeGreaterThan(0);
    expect(out.providerTexts[0]).toContain(TENANT_ID);

    // The provider host starts in the same folder; the shim finds the real provider in node_modules/guestops.
    const olds = { userId: "user-1", accountEnabled: true, deleteOnRemoval: false };
    const step = { method: "diff", args: ["user-1", olds, { ...olds, accountEnabled: false }] };
    const host = spawnSync(process.execPath, [join(__dirname, "..", "pulumi", "host-serialized-provider.js")], { cwd: tenant, env: { PATH: process.env.PATH ?? "" }, input: JSON.stringify({ text: out.providerTexts[0], steps: [step] }), encoding: "utf8" });
    expect(JSON.parse(host.stdout)).toEqual([{ value: { changes: true, replaces: [], deleteBeforeReplace: false } }]);
  });
});

/** The bundled example's guest addresses, from its files. */
function exampleGuests(): string[] {
  const emails = readdirSync(join(EXAMPLE_ROOT, "guests")).flatMap((f) => [...readFileSync(join(EXAMPLE_ROOT, "guests", f), "utf8").matchAll(/email: ([^\s,}]+@[^\s,}]+)/g)].map((m) => m[1]!));
  expect(emails.length).toBeGreaterThan(3);
  return emails;
}
