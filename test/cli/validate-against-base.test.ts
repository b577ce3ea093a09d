// What a change adds, told apart from what it inherits: plan validates the head against its base, so a
// duplicate is reported at the copy the pull request adds, and a new entry that has already expired
// past its grace period is an error; validate, which knows no base, reports both copies and warns.
import { describe, expect, it } from "vitest";
import { applyFiles, gitRepo } from "../git/git-repo";
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
