// The first plan of a new repository: before any commit, or against a base without the stack, plan
// runs against an empty base and says so; a base the user names that does not exist is still theirs to fix.
import { describe, expect, it } from "vitest";
import { NO_COMMIT_LABEL } from "../../src/git/read-git-revision";
import { baseRepo, FABRIKAM } from "../helpers/fixtures";
import { applyFiles, gitRepo } from "../git/git-repo";
import { testdir } from "../helpers/testdir";
import { runCli } from "./run-cli";

const AS_OF = ["--as-of", "2026-12-01"];
const PEOPLE = "people:\n  - { email: priya.natarajan@contoso.com, github: priya-n }\n  - { email: olivia.chen@contoso.com, github: ochen }\n  - { email: hana.kobayashi@contoso.com, github: hkobayashi }\n";

describe("the first plan", () => {
  it("before the first commit plans against an empty base, says so, and shows the invitations", async () => {
    const root = gitRepo([]);
    applyFiles(root, { ...baseRepo(), "people.yaml": PEOPLE });
    const r = await runCli(["plan", ...AS_OF], root);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`base  ${NO_COMMIT_LABEL}: no stack file there, so the base is empty`);
    expect(r.stdout).toMatch(/invite.*ana\.silva@fabrikam\.com/i);
    const md = await runCli(["plan", ...AS_OF, "--format", "markdown"], root);
    expect(md.stdout).toContain(`Base: ${NO_COMMIT_LABEL} (no stack file there`);
  });

  it("before the first commit shows the validation errors rather than blaming a base", async () => {
    const root = gitRepo([]);
    applyFiles(root, { ...baseRepo({ "guests/fabrikam.yaml": FABRIKAM.replace("groups: [erp-project]", "groups: [no-such-group]") }), "people.yaml": PEOPLE });
    const r = await runCli(["plan", ...AS_OF], root);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain("guests/fabrikam.yaml:");
    expect(r.stdout + r.stderr).toContain("no-such-group");
    expect(r.stdout + r.stderr).not.toContain("--base");
  });

  it("against a base that lacks the stack plans from empty", async () => {
    const root = gitRepo([{ message: "start", files: { "README.md": "# guests\n" } }]);
    applyFiles(root, { ...baseRepo(), "people.yaml": PEOPLE });
    const r = await runCli(["plan", ...AS_OF], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/base {2}HEAD \([0-9a-f]{7}\): no stack file there, so the base is empty/);
  });

  it.each([
    { base: "HEAD", why: "named explicitly, even before the first commit" },
    { base: "origin/main", why: "not fetched" },
  ])("a base the user names that does not exist is a usage error ($base: $why)", async ({ base }) => {
    const root = gitRepo([]);
    applyFiles(root, { ...baseRepo(), "people.yaml": PEOPLE });
    const r = await runCli(["plan", ...AS_OF, "--base", base], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--base ${JSON.stringify(base)} is not a revision in this repository`);
  });

  it("outside a Git repository is still a usage error", async () => {
    const root = testdir({ ...baseRepo(), "people.yaml": PEOPLE, ".git": "gitdir: /nonexistent\n" });
    const r = await runCli(["plan", ...AS_OF], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not inside a Git repository");
  });
});
