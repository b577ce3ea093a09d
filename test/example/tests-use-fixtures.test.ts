// A fork replaces stacks/, guests/, people.yaml and Pulumi.<stack>.yaml with its own tenant, and its
// `npm test` must still pass. So a test may read the repository's own example only inside describeExample
// (test/helpers/example.ts), which skips in a fork; every other test reads test/fixtures/example or builds
// its files inline. This test finds, in the test sources, each read of the repository's data: a path under
// stacks/ or guests/, people.yaml, Pulumi.<stack>.yaml or CODEOWNERS joined to the repository's root; the
// root given to workingTree, seedExampleTenant, listStacks, runProgram or generateCodeowners; the CLI
// run with the root as its working directory; or the Pulumi program's entry (src/pulumi/index), which reads
// the folder it is installed in, imported without the vi.mock that points its runProgram at the fixture. The check is per file: a file with such a read must group
// its tests of the example with describeExample.
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_FILES, EXAMPLE_ROOT, exampleIsBundled, REPO_ROOT } from "../helpers/example";

/** Files whose reads of the repository's data stay valid in a fork, and why. */
const ALLOWED: Record<string, string> = {
  "test/codeowners/codeowners.test.ts": "checks that the committed CODEOWNERS is what guestops codeowners writes from this repository's own people.yaml and stacks: a fork regenerates it",
  "test/pipelines/pipeline-files.ts": "reads the pipeline files that users copy (.github/workflows/, azure-pipelines.yml, .azure-pipelines/), by their paths",
  "test/helpers/packed-package.ts": "packs the tool with npm pack, whose files hold no example data, and links its runtime dependencies",
  "test/package/packed-tenant.test.ts": "compares the tarball's workflow templates and sources with this checkout's, by their paths; the tenant it installs into is its own",
  "test/pulumi/program-root.test.ts": "imports programRoot alone, and runs it on temporary folders",
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ["fixtures", "golden", "bench"].includes(name) && dir.endsWith("test") ? [] : sources(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

const ROOT_CONST = /\b(?:const|let)\s+(\w+)\s*=\s*(?:join|resolve)\(__dirname((?:\s*,\s*"[^"]*")*)\s*\)/g;
const IMPORTED = /import\s*\{([^}]*)\}\s*from\s*"(\.[^"]+)"/g;

/** The names that hold the repository's root in a module: its own constants, and ROOTs it imports. */
function rootNames(path: string, text: string, read: (p: string) => string | undefined): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(ROOT_CONST)) {
    const args = [...m[2]!.matchAll(/"([^"]*)"/g)].map((a) => a[1]!);
    if (resolve(dirname(path), ...args) === REPO_ROOT) names.push(m[1]!);
  }
  for (const m of text.matchAll(IMPORTED)) {
    const from = resolve(dirname(path), m[2]!) + ".ts";
    const other = read(from);
    if (other === undefined) continue;
    const exported = rootNames(from, other, () => undefined);
    for (const spec of m[1]!.split(",").map((s) => s.trim().replace(/^type\s+/, ""))) if (exported.includes(spec)) names.push(spec);
  }
  return names;
}

/** Each line of `text` (at `path`) that reads the repository's example, as `line: text`. */
export function readsOfRepositoryData(path: string, text: string, read: (p: string) => string | undefined = (p) => (existsSync(p) ? readFileSync(p, "utf8") : undefined)): string[] {
  const runsCli = /\bmain\(|"bin", "guestops"|bin\/guestops"|\brunCli\(/.test(text);
  const patterns = rootNames(path, text, read).flatMap((r) => [
    new RegExp(`join\\(${r},\\s*"(?:stacks|guests|people\\.yaml|Pulumi\\.[^"]*\\.yaml|CODEOWNERS)`),
    new RegExp(`(?:readFileSync|existsSync)\\(join\\(${r},\\s*[A-Za-z_]\\w*\\)`),
    new RegExp(`\\b(?:workingTree|seedExampleTenant|listStacks|generateCodeowners)\\(${r}\\)`),
    new RegExp(`\\broot:\\s*${r}\\b`),
    ...(runsCli ? [new RegExp(`\\bcwd:\\s*${r}\\b`), new RegExp(`\\brunCli\\(.*,\\s*${r}\\)`)] : []),
  ]);
  if (!/vi\.mock\("[./]*src\/pulumi\/run-program"/.test(text)) patterns.push(/src\/pulumi\/index(\.js)?"/);
  return text.split("\n").flatMap((line, i) => (patterns.some((p) => p.test(line)) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe("the tool's tests read their own fixtures, so that a fork's npm test passes", () => {
  const files = sources(join(REPO_ROOT, "test")).map((path) => ({ file: relative(REPO_ROOT, path), text: readFileSync(path, "utf8") }));

  it("every test file that reads the repository's example groups those tests with describeExample", () => {
    const outside = files.flatMap(({ file, text }) => {
      const reads = readsOfRepositoryData(join(REPO_ROOT, file), text);
      return reads.length > 0 && !text.includes("describeExample(") && !(file in ALLOWED) && file !== "test/helpers/example.ts" ? [`${file}\n    ${reads.join("\n    ")}`] : [];
    });
    expect(outside, "read test/fixtures/example (EXAMPLE_ROOT, exampleText) instead, or wrap the tests of the bundled example in describeExample").toEqual([]);
  });

  it("finds the tests of the bundled example, so the check above is not vacuous", () => {
    const grouped = files.filter(({ file, text }) => readsOfRepositoryData(join(REPO_ROOT, file), text).length > 0 && text.includes("describeExample(")).map((f) => f.file);
    expect(grouped).toEqual(expect.arrayContaining(["test/readme.test.ts", "test/plan/example.test.ts", "test/audit/own-history.test.ts", "test/validate/repository.test.ts"]));
  });

  it.each([
    { desc: "a guest file joined to the root", text: 'const ROOT = join(__dirname, "..", "..");\nconst F = readFileSync(join(ROOT, "guests/fabrikam.yaml"), "utf8");', reads: 1 },
    { desc: "the root as a working tree", text: 'const root = resolve(__dirname, "../..");\nloadRepo(workingTree(root), "prod");', reads: 1 },
    { desc: "the CLI run in the root", text: 'const ROOT = join(__dirname, "..", "..");\nawait runCli(["audit"], ROOT);', reads: 1 },
    { desc: "the root imported from the sandbox", text: 'import { ROOT } from "../pipelines/runner/sandbox";\nconst F = readFileSync(join(ROOT, "stacks/prod.yaml"), "utf8");', reads: 1 },
    { desc: "the program entry", text: 'const { program } = await import("../../src/pulumi/index.js");', reads: 1 },
    { desc: "the program entry pointed at the fixture", text: 'vi.mock("../../src/pulumi/run-program", async () => ({}));\nconst { program } = await import("../../src/pulumi/index.js");', reads: 0 },
    { desc: "the fixture copy", text: 'import { EXAMPLE_ROOT } from "../helpers/example";\nconst F = readFileSync(join(EXAMPLE_ROOT, "guests/fabrikam.yaml"), "utf8");', reads: 0 },
    { desc: "a folder that is not the root", text: 'const HERE = join(__dirname, "..");\nconst F = readFileSync(join(HERE, "guests/fabrikam.yaml"), "utf8");', reads: 0 },
    { desc: "the tool's files in the root", text: 'const ROOT = join(__dirname, "..", "..");\nconst W = readFileSync(join(ROOT, ".github", "workflows", name), "utf8");', reads: 0 },
  ])("$desc: $reads read(s) of the repository's data", ({ text, reads }) => {
    expect(readsOfRepositoryData(join(REPO_ROOT, "test/some/x.test.ts"), text)).toHaveLength(reads);
  });
});

describe.skipIf(!exampleIsBundled())("the fixture copy of the example", () => {
  it.each(EXAMPLE_FILES)("test/fixtures/example/%s is the bundled example's (copy it after changing the example)", (file) => {
    expect(readFileSync(join(EXAMPLE_ROOT, file), "utf8")).toBe(readFileSync(join(REPO_ROOT, file), "utf8"));
  });
});
