// CODEOWNERS: generated from the stack files and people.yaml, and the committed file kept up to date.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCodeowners } from "../../src/codeowners/build-codeowners";
import { generateCodeowners } from "../../src/cli/commands/codeowners";
import { runCli } from "../cli/run-cli";
import { testdir } from "../helpers/testdir";
import { STACK } from "../helpers/fixtures";

const root = join(__dirname, "..", "..");
const people = [
  { email: "mei.lin@contoso.com", github: "mei-lin" },
  { email: "Jonas.Weber@contoso.com", github: "jweber" },
  { email: "noah.gray@contoso.com" },
  { email: "eve@contoso.com", github: "bad login @everyone" },
];

describe("buildCodeowners", () => {
  it("puts shared files under every stack's owners and each stack's files under its own", () => {
    const { text, unmapped } = buildCodeowners(
      [
        { name: "prod", owners: ["mei.lin@contoso.com", "jonas.weber@contoso.com"] },
        { name: "dev", owners: ["jonas.weber@contoso.com"] },
      ],
      people,
    );
    expect(unmapped).toEqual([]);
    const rules = text.split("\n").filter((l) => l.startsWith("/"));
    expect(rules).toContain("/people.yaml @jweber @mei-lin");
    expect(rules).toContain("/.github/workflows/ @jweber @mei-lin");
    expect(rules).toContain("/stacks/dev.yaml @jweber");
    expect(rules).toContain("/Pulumi.prod.yaml @mei-lin @jweber");
    // Last match wins in CODEOWNERS: CODEOWNERS itself, then the stacks, come after the shared folders.
    expect(rules.indexOf("/CODEOWNERS @jweber @mei-lin")).toBeGreaterThan(rules.indexOf("/src/ @jweber @mei-lin"));
  });

  it("names owners it cannot map, and never writes an invalid login or an owner-less rule", () => {
    const { text, unmapped } = buildCodeowners([{ name: "prod", owners: ["noah.gray@contoso.com", "eve@contoso.com"] }, { name: "../x", owners: ["mei.lin@contoso.com"] }], people);
    expect(unmapped).toEqual(["eve@contoso.com", "noah.gray@contoso.com"]);
    expect(text).not.toContain("@everyone");
    expect(text).not.toContain("../x");
    expect(text).toContain("# /stacks/prod.yaml has no stack owner with a GitHub login in people.yaml");
  });
});

describe("guestops codeowners", () => {
  it("the committed CODEOWNERS is up to date (run guestops codeowners --write)", async () => {
    expect(readFileSync(join(root, "CODEOWNERS"), "utf8")).toBe(await generateCodeowners(root));
  });

  it("--check fails on a stale file; --write fixes it", async () => {
    const stack = STACK.replace("internalDomains: [contoso.com]\n", "internalDomains: [contoso.com]\nowners: [mei.lin@contoso.com]\n");
    const dir = testdir({ "stacks/prod.yaml": stack, "people.yaml": "people:\n  - { email: mei.lin@contoso.com, github: mei-lin }\n", CODEOWNERS: "# old\n" });
    expect((await runCli(["codeowners", "--check"], dir)).code).toBe(1);
    expect((await runCli(["codeowners", "--write"], dir)).code).toBe(0);
    expect(await runCli(["codeowners", "--check"], dir)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(dir, "CODEOWNERS"), "utf8")).toContain("/stacks/prod.yaml @mei-lin");
  });

  it("refuses without people.yaml, or with an owner it cannot name", async () => {
    const stack = STACK.replace("internalDomains: [contoso.com]\n", "internalDomains: [contoso.com]\nowners: [mei.lin@contoso.com]\n");
    const none = await runCli(["codeowners"], testdir({ "stacks/prod.yaml": stack }));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("people.yaml is missing");
    const unmapped = await runCli(["codeowners"], testdir({ "stacks/prod.yaml": stack, "people.yaml": "people: []\n" }));
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toContain("mei.lin@contoso.com");
  });
});
