// Guests outside what the plan reads: links and submodules among the guest files, patterns that leave
// the repository, literal paths that name no file, and guest files renamed to a note's extension. Each
// is a problem in the working tree and in a Git revision alike, never a silent skip.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRevision } from "../../src/git/read-git-revision";
import type { FileSource } from "../../src/load/file-source";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { git, gitRepo } from "../git/git-repo";
import { stackWith } from "../validate/helpers";

const S = "stacks/prod.yaml";
const F = "guests/fabrikam.yaml";
const NORTHWIND = FABRIKAM.replace(/fabrikam/gi, "northwind").replace(/ana\.silva|ben\.carter/g, (m) => `${m}2`);

async function problemsOf(source: FileSource) {
  const v = validateRepo(await loadRepo(source, "prod"), AS_OF);
  return [...v.errors, ...v.warnings].map((p) => ({ file: p.file, line: p.line, rule: p.rule, severity: p.severity, message: p.message }));
}

/** The same tree as the working tree and as a commit of it. */
async function bothSources(setup: (root: string) => void): Promise<{ name: string; source: FileSource }[]> {
  const root = gitRepo([{ message: "base", files: { [S]: STACK, [F]: FABRIKAM } }]);
  setup(root);
  git(root, ["-c", "advice.addEmbeddedRepo=false", "add", "-A"]);
  git(root, ["commit", "-q", "-m", "the case"]);
  return [
    { name: "working tree", source: workingTree(root) },
    { name: "Git revision", source: await openRevision(root, "HEAD") },
  ];
}

describe("links and submodules where guest files are read", () => {
  const rows: { desc: string; path: string; setup: (root: string) => void; kind: string }[] = [
    { desc: "a symbolic link to a guest file", path: "guests/northwind.yaml", kind: "symbolic link", setup: (root) => link(root, "../outside.yaml", "guests/northwind.yaml") },
    { desc: "a symbolic link to a folder of guest files", path: "guests/more", kind: "symbolic link", setup: (root) => link(root, "../elsewhere", "guests/more") },
    { desc: "a symbolic link named like a note", path: "guests/README.md", kind: "symbolic link", setup: (root) => link(root, "../README.md", "guests/README.md") },
    {
      desc: "a submodule (a gitlink in Git, a folder with its own .git on disk)",
      path: "guests/vendor",
      kind: "Git submodule",
      setup: (root) => {
        const sub = join(root, "guests/vendor");
        mkdirSync(sub, { recursive: true });
        git(sub, ["init", "-q", "-b", "main"]);
        writeFileSync(join(sub, "northwind.yaml"), NORTHWIND);
        git(sub, ["add", "-A"]);
        git(sub, ["commit", "-q", "-m", "vendor guests"]);
      },
    },
  ];
  for (const row of rows) {
    it(`${row.desc}: an error in the working tree and in the revision`, async () => {
      for (const { name, source } of await bothSources(row.setup)) {
        const problems = await problemsOf(source);
        expect(problems, name).toEqual([expect.objectContaining({ file: row.path, line: 1, rule: "notRegularFile", severity: "error" })]);
        expect(problems[0]!.message, name).toContain(`this is a ${row.kind} where guest files are read`);
      }
    });
  }

  it("guests/ itself a link to a folder outside: nothing there is listed or read", async () => {
    const outside = testdir({ "fabrikam.yaml": FABRIKAM.replace("Fabrikam", "SECRET-OUTSIDE") });
    const root = testdir({ [S]: STACK });
    symlinkSync(outside, join(root, "guests"));
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.guestFiles).toEqual([]);
    expect(load.problems.map((p) => [p.file, p.rule])).toEqual([["guests", "notRegularFile"]]);
    expect(JSON.stringify(load.problems)).not.toContain("SECRET");
  });

  it("a literal guest file below a linked folder is refused unread", async () => {
    const outside = testdir({ "fabrikam.yaml": "partner: SECRET-OUTSIDE\n" });
    const root = testdir({ [S]: stackWith(["internalDomains: [contoso.com]\n", "internalDomains: [contoso.com]\nguestFiles: [guests/eu/fabrikam.yaml]\n"]) });
    mkdirSync(join(root, "guests"));
    symlinkSync(outside, join(root, "guests/eu"));
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.guestFiles).toEqual([]);
    expect(load.problems.map((p) => p.rule)).toContain("notRegularFile");
    expect(JSON.stringify(load.problems)).not.toContain("SECRET");
  });

  it("a stack file read through a linked stacks/ folder is refused unread", async () => {
    const outside = testdir({ "prod.yaml": STACK });
    const root = testdir({ [F]: FABRIKAM });
    symlinkSync(outside, join(root, "stacks"));
    const [read] = await workingTree(root).read([{ path: S }]);
    expect(read).toEqual({ path: S, error: "is in stacks, a symbolic link; guest and stack files must be regular files in this repository", blobId: "" });
  });

  it("a path that leaves the repository is never read", async () => {
    const parent = testdir({ "outside.yaml": "x\n", "repo/stacks/prod.yaml": STACK });
    const [read] = await workingTree(join(parent, "repo")).read([{ path: "../outside.yaml" }]);
    expect(read).toEqual({ path: "../outside.yaml", error: "is outside the repository", blobId: "" });
    expect(await workingTree(join(parent, "repo")).list(["../"])).toEqual([]);
  });

  it("a link outside the guest folders is none of the plan's business", async () => {
    for (const { name, source } of await bothSources((root) => link(root, "README.md", "docs/guide.md"))) expect(await problemsOf(source), name).toEqual([]);
  });

  it("in the base, the error reaches the plan's notice (loadRepo reports it for any source)", async () => {
    const [, revision] = await bothSources((root) => link(root, "../elsewhere", "guests/more"));
    const load = await loadRepo(revision!.source, "prod");
    expect(load.problems.map((p) => [p.file, p.rule])).toEqual([["guests/more", "notRegularFile"]]);
  });
});

describe("guestFiles patterns stay inside the repository", () => {
  const SECRET = "partner: SECRET-OUTSIDE-CONTENT\nnot yaml: [\n";
  const rows = [
    { desc: "a .. segment at the start", pattern: "../outside/*.yaml", words: ['"../outside/*.yaml"', "leaves the repository"] },
    { desc: "a .. segment in the middle", pattern: "guests/../../outside/*.yaml", words: ["leaves the repository"] },
    { desc: "an absolute path", pattern: "/tmp/outside/*.yaml", words: ["leaves the repository"] },
    { desc: "a home-relative path", pattern: "~/outside/*.yaml", words: ["leaves the repository"] },
    { desc: "a Windows path", pattern: "C:\\\\outside\\\\*.yaml", words: ["leaves the repository"] },
  ];
  it.each(rows)("$desc is refused, and nothing outside is read or echoed", async ({ pattern, words }) => {
    const parent = testdir({ "outside/fabrikam.yaml": SECRET });
    const root = join(parent, "repo");
    mkdirSync(join(root, "stacks"), { recursive: true });
    writeFileSync(join(root, S), stackWith(["internalDomains: [contoso.com]\n", `internalDomains: [contoso.com]\nguestFiles: ["guests/**/*.yaml", "${pattern}"]\n`]));
    mkdirSync(join(root, "guests"));
    writeFileSync(join(root, F), FABRIKAM);
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.guestFiles.map((f) => f.path)).toEqual([F]);
    const problems = await problemsOf(workingTree(root));
    expect(problems.map((p) => [p.file, p.line, p.severity])).toEqual([[S, 4, "error"]]);
    for (const w of words) expect(problems[0]!.message).toContain(w);
    expect(JSON.stringify(problems)).not.toContain("SECRET");
  });

  it("the loader refuses such a pattern even when the schema is not asked (a bare load)", async () => {
    const root = testdir({ [S]: stackWith(["internalDomains: [contoso.com]\n", "internalDomains: [contoso.com]\nguestFiles: [../x/*.yaml]\n"]) });
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.guestPatterns).toEqual([]);
    expect(load.problems.some((p) => p.file === S && p.line === 4)).toBe(true);
  });
});

describe("a literal path in guestFiles", () => {
  const rows = [
    { desc: "that exists is read", globs: `["${F}"]`, expected: [] as string[], read: [F] },
    { desc: "that names no file is an error at the pattern", globs: `["${F}", "guests/northwnd.yaml"]`, expected: [`${S}:4 guestFilesMissing "guests/northwnd.yaml"`], read: [F] },
    { desc: "at the root that names no file", globs: `["guests/*.yaml", "partners.yaml"]`, expected: [`${S}:4 guestFilesMissing "partners.yaml"`], read: [F] },
    { desc: "written with a leading ./", globs: `["./${F}"]`, expected: [] as string[], read: [F] },
    { desc: "a glob that matches nothing is no error of this kind", globs: `["${F}", "guests/extra/*.yaml"]`, expected: [], read: [F] },
  ];
  it.each(rows)("$desc", async ({ globs, expected, read }) => {
    const root = testdir({ [S]: stackWith(["internalDomains: [contoso.com]\n", `internalDomains: [contoso.com]\nguestFiles: ${globs}\n`]), [F]: FABRIKAM });
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.guestFiles.map((f) => f.path)).toEqual(read);
    const problems = (await problemsOf(workingTree(root))).filter((p) => p.severity === "error");
    expect(problems.map((p) => `${p.file}:${p.line} ${p.rule} ${/"[^"]+"/.exec(p.message)?.[0]}`)).toEqual(expected);
  });
});

describe("a guest file renamed to a note's extension", () => {
  const PROSE = "# Guests\n\nOne file per partner. See docs/requesters.md.\n\n```yaml\npartner: Fabrikam\nguests:\n  - email: ana@fabrikam.com\n```\n";
  const rows = [
    { file: "guests/northwind.md", content: NORTHWIND, warned: true },
    { file: "guests/northwind.txt", content: NORTHWIND, warned: true },
    { file: "guests/.northwind.yaml", content: NORTHWIND, warned: true },
    { file: "guests/README.md", content: PROSE, warned: false },
    { file: "guests/notes.txt", content: "guests: ask Priya before adding anyone\n", warned: false },
    { file: "guests/.gitkeep", content: "", warned: false },
  ];
  it.each(rows)("$file: warned $warned", async ({ file, content, warned }) => {
    for (const { name, source } of await bothSources((root) => writeFileSync(join(root, file), content))) {
      const problems = await problemsOf(source);
      expect(problems.map((p) => [p.file, p.rule, p.severity]), name).toEqual(warned ? [[file, "unselectedFile", "warning"]] : []);
    }
  });
});

function link(root: string, target: string, path: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  symlinkSync(target, join(root, path));
}
