// The guestFiles matcher: the same answers as picomatch on the syntax it supports, in time bounded by
// the pattern's length times the path's, so that no pattern a pull request writes can hang a validate.
import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { loadRepo } from "../../src/load/load-repo";
import { compileGlobs, globBase, globSyntaxProblem, isGlob } from "../../src/load/match-glob";
import { workingTree } from "../../src/load/read-working-tree";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF, FABRIKAM } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { stackWith } from "../validate/helpers";

const S = "stacks/prod.yaml";
const F = "guests/fabrikam.yaml";

const token = fc.constantFrom("a", "b", ".", "*", "?", "[ab]", "[b]", "[a-b]");
const patternSegment = fc.oneof(fc.constant("**"), fc.array(token, { minLength: 1, maxLength: 4 }).map((t) => t.join("")).filter((s) => !s.includes("**")));
const pattern = fc.array(patternSegment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
// Names that end in "." are left out: picomatch's `*.*` wants a character after the dot there, and no
// guest file (nor any Windows file) is named so.
const pathSegment = fc.stringMatching(/^[ab.]{1,5}$/).filter((s) => !s.endsWith("."));
const path = fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));

describe("the guestFiles matcher", () => {
  it("agrees with picomatch (dot: false) on the syntax it supports", () => {
    fc.assert(
      fc.property(pattern, fc.array(path, { minLength: 1, maxLength: 8 }), (p, paths) => {
        const ours = compileGlobs([p]);
        const theirs = picomatch(p, { dot: false });
        for (const x of paths) expect(ours(x), `${p} ${x}`).toBe(theirs(x));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("a hostile guestFiles pattern", () => {
  // 46 characters; picomatch's regular expression backtracked for minutes on one long file name.
  const HOSTILE = `guests/${"*a".repeat(16)}*b.yaml`;
  const LONG = `guests/${"a".repeat(200)}.yaml`;

  it("is matched at once against a long name (picomatch took minutes)", () => {
    const started = Date.now();
    expect(compileGlobs([HOSTILE])(LONG)).toBe(false);
    expect(compileGlobs([HOSTILE])(`guests/${"a".repeat(200)}b.yaml`)).toBe(true);
    // The longest pattern the schema allows (500 characters) against a 4 KiB name: 250 stars.
    const longest = `${"*a".repeat(246)}*b.yaml`;
    expect(longest.length).toBeLessThanOrEqual(500);
    expect(compileGlobs([longest])(`${"a".repeat(4096)}.yaml`)).toBe(false);
    // Generous for a loaded machine: both take milliseconds.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("does not hang validate: the files are read and judged", async () => {
    const root = testdir({ [S]: stackWith(["internalDomains: [contoso.com]\n", `internalDomains: [contoso.com]\nguestFiles: ["${F}", "${HOSTILE}"]\n`]), [F]: FABRIKAM, [LONG]: FABRIKAM.replace(/fabrikam/gi, "northwind") });
    const started = Date.now();
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.guestFiles.map((f) => f.path)).toEqual([F]);
    expect(load.unselected).toEqual([LONG]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("guestFiles syntax outside the supported subset", () => {
  const rows = [
    { pattern: "guests/{eu,us}/*.yaml", words: ['"{"', 'one pattern per alternative'] },
    { pattern: "guests/@(eu|us)/*.yaml", words: ['"("', "one pattern per alternative"] },
    { pattern: "!guests/old/*.yaml", words: ['"!"', "negated patterns are not supported"] },
    { pattern: "guests/[!a]*.yaml", words: ["[!a]", "list the characters"] },
    { pattern: "guests/[[:alpha:]]*.yaml", words: ["not supported", "[a-z0-9]"] },
    { pattern: "guests/[abc.yaml", words: ['"["', "[a-z]"] },
    { pattern: "guests/**.yaml", words: ['"**"', "guests/**/*.yaml"] },
  ];
  it.each(rows)("$pattern is refused at the pattern, saying what to write", async ({ pattern, words }) => {
    const stack = stackWith(["internalDomains: [contoso.com]\n", `internalDomains: [contoso.com]\nguestFiles:\n  - ${F}\n  - "${pattern}"\n`]);
    const root = testdir({ [S]: stack, [F]: FABRIKAM });
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.guestPatterns).toEqual([F]);
    const v = validateRepo(load, AS_OF);
    const errors = v.errors.filter((e) => e.rule === "guestFilesPattern");
    const line = stack.split("\n").findIndex((l) => l.includes(pattern)) + 1;
    expect(errors.map((e) => [e.file, e.line, e.column])).toEqual([[S, line, 5]]);
    expect(errors[0]!.message).toContain(JSON.stringify(pattern));
    for (const w of words) expect(errors[0]!.message).toContain(w);
    expect(globSyntaxProblem(pattern)).toBeDefined();
  });

  it.each(["guests/**/*.yaml", "guests/eu-*.yaml", "guests/[a-m]*.yml", "guests/?x/*.yaml", "guests/fabrikam.yaml", "guests/a+b@c.yaml"])("%s is supported", (pattern) => {
    expect(globSyntaxProblem(pattern)).toBeUndefined();
  });

  it("lists the fixed folder of a glob, and knows a literal path", () => {
    expect(["guests/**/*.yaml", "guests/eu/*.yaml", "./guests/*.yaml", "*.yaml", "guests/[ab]/x.yaml"].map(globBase)).toEqual(["guests", "guests/eu", "guests", ".", "guests"]);
    expect(["guests/fabrikam.yaml", "guests/*.yaml", "guests/?.yaml", "guests/[ab].yaml"].map(isGlob)).toEqual([false, true, true, true]);
  });
});
