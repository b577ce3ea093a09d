// bin/guestops runs a compiled bundle built on first use into a cache keyed by the sources' hash
// (src/cli/build-cli.js), and falls back to the TypeScript sources when it cannot build one.
// What a user sees must not depend on which of the two ran.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheDir, sourceHash } from "../../src/cli/build-cli.js";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { writeTree } from "../helpers/write-tree";
import { edit } from "../validate/helpers";

const bin = join(__dirname, "..", "..", "bin", "guestops");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "guestops-bin-"));
  made.push(root);
  writeTree(root, files);
  return root;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", PULUMI_STACK: "", GUESTOPS_TYPESCRIPT: "", ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

describe("bin/guestops", () => {
  // Kept for the whole file (testdir removes its folders after each test).
  const valid = tree({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM });
  const invalid = tree({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": edit(FABRIKAM, [["ana.silva@", "ana+silva@"], ["2027-", "2027-13-"]]) });
  const cases = [
    { name: "a valid repository", args: ["validate", "--as-of", AS_OF], cwd: valid },
    { name: "errors as JSON", args: ["validate", "--as-of", AS_OF, "--format", "json"], cwd: invalid },
    { name: "a usage error", args: ["validate", "--as-of", "someday"], cwd: valid },
    { name: "help", args: ["plan", "--help"], cwd: valid },
  ];

  it("builds the compiled CLI once into the cache, named by the sources' hash, and reuses it", async () => {
    const cache = tree({});
    const first = await run(["validate", "--as-of", AS_OF], valid, { GUESTOPS_CACHE_DIR: cache });
    expect(first.code).toBe(0);
    expect(readdirSync(cache).sort()).toEqual([`check-worker-${sourceHash()}.js`, `cli-${sourceHash()}.js`]);
    const built = statSync(join(cache, `cli-${sourceHash()}.js`)).mtimeMs;
    const second = await run(["validate", "--as-of", AS_OF], valid, { GUESTOPS_CACHE_DIR: cache });
    expect(second).toEqual(first);
    expect(statSync(join(cache, `cli-${sourceHash()}.js`)).mtimeMs).toBe(built);
  });

  it.each(cases)("prints the same as the TypeScript sources for $name", async ({ args, cwd }) => {
    const [compiled, typescript] = await Promise.all([run(args, cwd, {}), run(args, cwd, { GUESTOPS_TYPESCRIPT: "1" })]);
    expect(compiled).toEqual(typescript);
    expect(compiled.stdout.length + compiled.stderr.length).toBeGreaterThan(0);
  });

  it("falls back to the TypeScript sources when it cannot build, and says why only under --debug", async () => {
    const notAFolder = join(tree({}), "file");
    writeFileSync(notAFolder, "");
    const [plain, typescript] = await Promise.all([
      run(["validate", "--as-of", AS_OF], valid, { GUESTOPS_CACHE_DIR: notAFolder }),
      run(["validate", "--as-of", AS_OF], valid, { GUESTOPS_TYPESCRIPT: "1" }),
    ]);
    expect(plain).toEqual(typescript);
    expect(plain).toMatchObject({ code: 0, stderr: "" });
    expect(plain.stdout).toMatch(/^valid: 2 guests/);
    const debug = await run(["validate", "--as-of", AS_OF, "--debug"], valid, { GUESTOPS_CACHE_DIR: notAFolder });
    expect(debug.code).toBe(0);
    expect(debug.stderr).toContain("guestops: running the TypeScript sources; the compiled CLI failed to build or load");
  });
});

describe("the cache key", () => {
  it("changes with any source, schema or lockfile byte, and only then", () => {
    const root = mkdtempSync(join(tmpdir(), "guestops-hash-"));
    writeTree(root, { "src/cli/main.ts": "export {};\n", "schemas/guests.schema.json": "{}\n", "package-lock.json": "{}\n", "guests/a.yaml": "x: 1\n" });
    const before = sourceHash(root);
    writeTree(root, { "guests/a.yaml": "x: 2\n" });
    expect(sourceHash(root)).toBe(before);
    for (const [path, text] of [["src/cli/main.ts", "export {}; \n"], ["schemas/guests.schema.json", "{ }\n"], ["package-lock.json", "{ }\n"], ["src/load/new.ts", ""]] as const) {
      const was = sourceHash(root);
      writeTree(root, { [path]: text });
      expect(sourceHash(root), path).not.toBe(was);
    }
  });
});

describe("the cache folder", () => {
  it.each([
    ["a checkout of guestops", "/work/guestops", {}, "/work/guestops/node_modules/.cache/guestops"],
    ["the package installed in a tenant repository", "/work/tenant/node_modules/guestops", {}, "/work/tenant/node_modules/.cache/guestops"],
    ["GUESTOPS_CACHE_DIR, when set", "/work/tenant/node_modules/guestops", { GUESTOPS_CACHE_DIR: "/var/cache/guestops" }, "/var/cache/guestops"],
  ])("for %s", (_what, root, env, want) => {
    expect(cacheDir(root, env)).toBe(want);
  });
});
