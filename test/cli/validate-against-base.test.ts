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
    {
      // Inviting it would have Entra email a guest whose access has already ended.
      desc: "a new guest whose access ended within the grace period",
      head: { [CONTRACTORS]: contractors("2026-11-20", "zoe.new@fabrikam.com") },
      plan: { code: 1, errors: [{ file: CONTRACTORS, rule: "newEntryNotExpired" }] },
      validate: { code: 0, errors: [], warnings: [{ file: CONTRACTORS, rule: "alreadyExpired" }] },
    },
    {
      desc: "a new guest whose access ended yesterday",
      head: { [CONTRACTORS]: contractors("2026-11-30", "zoe.new@fabrikam.com") },
      plan: { code: 1, errors: [{ file: CONTRACTORS, rule: "newEntryNotExpired" }] },
      validate: { code: 0, errors: [], warnings: [{ file: CONTRACTORS, rule: "alreadyExpired" }] },
    },
    {
      desc: "a new guest who expires on the judged day",
      head: { [CONTRACTORS]: contractors(AS_OF, "zoe.new@fabrikam.com") },
      plan: { code: 0, errors: [] },
      validate: { code: 0, errors: [] },
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

describe("a new entry that has already expired", () => {
  it("is a plan error at its place with the fix, never an invitation; validate's warning holds for a new and an old entry", async () => {
    const root = gitRepo([{ message: "base", files: repoFiles() }]);
    const text = contractors("2026-11-20", "zoe.new@fabrikam.com");
    applyFiles(root, { [CONTRACTORS]: text });
    const line = text.split("\n").findIndex((l) => l.includes("expires:")) + 1;
    const p = await runCli(["plan", "--as-of", AS_OF], root);
    expect(p.code).toBe(1);
    expect(p.stdout).toContain(`${CONTRACTORS}:${line}:14 error: "zoe.new@fabrikam.com" is new in this change but expired on 2026-11-20, 11 days ago: inviting it would email a guest whose access has already ended; set expires to a future date [newEntryNotExpired]`);
    // The error is plan's own: validate passes, so the summary must not send the author there.
    expect(p.stdout).toContain("fix the errors above and run guestops plan again");
    expect(p.stdout).not.toContain("guestops validate");
    const v = await runCli(["validate", "--as-of", AS_OF], root);
    expect(v.code).toBe(0);
    const warning = v.stdout.split("\n").find((l) => l.includes("zoe.new@fabrikam.com"))!;
    expect(warning).not.toContain("their access will be removed");
    expect(warning).toContain("an existing entry loses its access on the next deploy, and a new one is refused by guestops plan: renew the date or delete the entry");
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
