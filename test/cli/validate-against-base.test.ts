// What a change adds, told apart from what it inherits: plan validates the head against its base, so a
// duplicate is reported at the copy the pull request adds, and a new entry that has already expired
// past its grace period is an error; validate, which knows no base, reports both copies and warns.
import { describe, expect, it } from "vitest";
import { applyFiles, git, gitRepo } from "../git/git-repo";
import { AS_OF, guestFileYaml, repoFiles } from "../plan/plan-fixtures";
import { runCli } from "./run-cli";

const CONTRACTORS = "guests/fabrikam-contractors.yaml";
const contractors = (expires: string, email = "ana.silva@fabrikam.com") => guestFileYaml("Fabrikam contractors", "fabrikam.com", "priya.natarajan@contoso.com", [{ email, displayName: "Someone", expires, groups: ["erp-project"] }]);

interface Reported {
  file: string;
  rule: string;
}

async function reported(root: string, command: "plan" | "validate"): Promise<{ code: number; errors: Reported[]; warnings: Reported[] }> {
  const r = await runCli([command, "--as-of", AS_OF, "--format", "json"], root);
  const json = JSON.parse(r.stdout) as { errors?: Reported[]; warnings?: Reported[] };
  const pick = (list: Reported[] = []) => list.map(({ file, rule }) => ({ file, rule }));
  return { code: r.code, errors: pick(json.errors), warnings: pick(json.warnings) };
}

describe("validation with and without the base", () => {
  const rows = [
    {
      desc: "a guest copied into a new file",
      head: { [CONTRACTORS]: contractors("2027-05-31") },
      plan: { code: 1, errors: [{ file: CONTRACTORS, rule: "uniqueEmails" }] },
      validate: { code: 1, errors: [{ file: CONTRACTORS, rule: "uniqueEmails" }, { file: "guests/fabrikam.yaml", rule: "uniqueEmails" }] },
    },
    {
      desc: "a new guest whose access ended before the grace period",
      head: { [CONTRACTORS]: contractors("2026-09-30", "zoe.new@fabrikam.com") },
      plan: { code: 1, errors: [{ file: CONTRACTORS, rule: "newEntryNotExpired" }] },
      validate: { code: 0, errors: [], warnings: [{ file: CONTRACTORS, rule: "alreadyExpired" }] },
    },
  ];
  it.each(rows)("$desc", async ({ head, plan, validate }) => {
    const root = gitRepo([{ message: "base", files: repoFiles() }]);
    applyFiles(root, head);
    const p = await reported(root, "plan");
    expect({ code: p.code, errors: p.errors }).toEqual(plan);
    const v = await reported(root, "validate");
    expect(v.code).toBe(validate.code);
    expect(v.errors).toEqual(validate.errors);
    if (validate.warnings) expect(v.warnings).toEqual(expect.arrayContaining(validate.warnings));
  });
});

describe("a base with guests behind a submodule", () => {
  it("is named in the plan's notices: the base may not be what is deployed", async () => {
    const root = gitRepo([{ message: "base", files: repoFiles() }]);
    // A gitlink straight into the index: the base then has a submodule where guest files are read.
    git(root, ["update-index", "--add", "--cacheinfo", `160000,${git(root, ["rev-parse", "HEAD"]).trim()},guests/vendor`]);
    git(root, ["commit", "-q", "-m", "vendor guests"]);
    const r = await runCli(["plan", "--as-of", AS_OF, "--format", "json"], root);
    expect(r.code).toBe(0);
    const notices = (JSON.parse(r.stdout) as { notices: string[] }).notices;
    expect(notices.some((n) => n.includes("guests/vendor") && n.includes("Git submodule"))).toBe(true);
  });
});
