// guestops approvals end to end: the gate's exit codes and usage errors, and `approvals record` writing
// the note that guestops audit reads, read back with git notes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPROVALS_NOTES_REF } from "../../src/approvals/build-approvals-note";
import { runCli } from "../cli/run-cli";
import { git, gitRepo } from "../git/git-repo";
import { AS_OF, fabrikamGuests, guestFileYaml, PEOPLE_YAML as PEOPLE, repoFiles } from "../plan/plan-fixtures";
import { applyFiles } from "../git/git-repo";

const reviews = [
  { user: { login: "ochen" }, state: "APPROVED", submitted_at: "2026-11-20T10:00:00Z", pull_request_url: "https://api.github.com/repos/contoso/guests/pulls/12" },
  { user: { login: "priya-n" }, state: "APPROVED", submitted_at: "2026-11-20T09:00:00Z", pull_request_url: "https://api.github.com/repos/contoso/guests/pulls/12" },
  { user: { login: "ana-dev" }, state: "APPROVED", submitted_at: "2026-11-20T08:00:00Z" },
  { user: { login: "stranger" }, state: "APPROVED", submitted_at: "2026-11-20T08:30:00Z" },
];

function repo(message = "Merge pull request #12 from contoso/onboard-partners\n\nOnboard partners"): string {
  const root = gitRepo([{ message, files: { ...repoFiles(), "people.yaml": PEOPLE } }]);
  git(root, ["config", "user.name", "Guestops CI"]);
  git(root, ["config", "user.email", "ci@contoso.com"]);
  writeFileSync(join(root, "reviews.json"), JSON.stringify(reviews));
  writeFileSync(join(root, "none.json"), "[]");
  return root;
}

describe("guestops approvals record", () => {
  it("writes every standing approval but the author's as the note audit reads", async () => {
    const root = repo();
    const r = await runCli(["approvals", "record", "--commit", "HEAD", "--reviews", "reviews.json", "--author", "ana-dev"], root);
    expect(r.stderr).toContain('login "stranger" is left out');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("recorded 2 approval(s) of PR 12");
    const note = JSON.parse(git(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "show", "HEAD"]));
    expect(note).toEqual({
      commit: git(root, ["rev-parse", "HEAD"]).trim(),
      pr: 12,
      approvals: [
        { by: "priya.natarajan@contoso.com", at: "2026-11-20T09:00:00Z" },
        { by: "olivia.chen@contoso.com", at: "2026-11-20T10:00:00Z" },
      ],
    });
  });

  it("running it again replaces the note rather than failing", async () => {
    const root = repo();
    await runCli(["approvals", "record", "--commit", "HEAD", "--reviews", "none.json"], root);
    const r = await runCli(["approvals", "record", "--commit", "HEAD", "--reviews", "reviews.json", "--pr", "12"], root);
    expect(r.code).toBe(0);
    expect(JSON.parse(git(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "show", "HEAD"])).approvals).toHaveLength(2);
  });

  it.each([
    ["a GitHub squash", "Onboard partners (#12)"],
    ["an Azure Repos merge", "Merged PR 12: Onboard partners"],
  ])("takes the PR from %s subject, with the parser the audit uses", async (_, subject) => {
    const root = repo(subject);
    const r = await runCli(["approvals", "record", "--commit", "HEAD", "--reviews", "none.json"], root);
    expect(r.code).toBe(0);
    expect(JSON.parse(git(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "show", "HEAD"])).pr).toBe(12);
  });

  it("takes --pr when the subject names no PR (a rebase merge)", async () => {
    const root = repo("Onboard partners");
    const r = await runCli(["approvals", "record", "--commit", "HEAD", "--reviews", "reviews.json", "--pr", "12"], root);
    expect(r.code).toBe(0);
    expect(JSON.parse(git(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "show", "HEAD"])).pr).toBe(12);
  });

  it.each([
    ["no PR in the subject and no --pr", "Onboard partners", ["--reviews", "none.json"], /commit [0-9a-f]{12} names no pull request: its subject "Onboard partners".*\n.*pass --pr N/],
    ["no PR in the subject, reviews of PR 12", "Onboard partners", ["--reviews", "reviews.json"], /names no pull request[\s\S]*pass --pr N, the number of the pull request that merged it \(the reviews are of PR 12\)/],
    ["--pr disagreeing with the subject", "Merge pull request #12 from contoso/x", ["--reviews", "none.json", "--pr", "13"], /--pr 13 disagrees with commit [0-9a-f]{12}, whose subject "Merge pull request #12 from contoso\/x" names PR 12[\s\S]*pass --pr 12/],
    ["reviews of another PR", "Onboard partners (#13)", ["--reviews", "reviews.json"], /--reviews are of PR 12, but commit [0-9a-f]{12} is PR 13/],
  ])("refuses with exit 2, writing nothing: %s", async (_, subject, args, words) => {
    const root = repo(subject);
    const r = await runCli(["approvals", "record", "--commit", "HEAD", ...args], root);
    expect(r.stderr).toMatch(words);
    expect(r.code).toBe(2);
    expect(() => git(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "show", "HEAD"])).toThrow();
  });

  it("leaves out an approval given on another commit than the head that merged, and says so", async () => {
    const root = repo();
    const [older, head] = ["1".repeat(40), "2".repeat(40)];
    writeFileSync(join(root, "onhead.json"), JSON.stringify([{ ...reviews[0], commit_id: head }, { ...reviews[1], commit_id: older }]));
    const r = await runCli(["approvals", "record", "--commit", "HEAD", "--reviews", "onhead.json", "--head", head], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`the approval of login "priya-n" is left out of the note: it was given on commit ${older.slice(0, 12)}, not on the head ${head.slice(0, 12)} that merged`);
    expect(JSON.parse(git(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "show", "HEAD"])).approvals.map((a: { by: string }) => a.by)).toEqual(["olivia.chen@contoso.com"]);
    // Without --head, neither can be checked: none is recorded.
    const unchecked = await runCli(["approvals", "record", "--commit", "HEAD", "--reviews", "onhead.json"], root);
    expect(unchecked.stderr).toContain("without --head it cannot be checked");
    expect(JSON.parse(git(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "show", "HEAD"])).approvals).toEqual([]);
  });

  it("gives an Azure DevOps vote, which has no time, the time it was recorded: never null", async () => {
    const root = repo("Merged PR 12: Onboard partners");
    writeFileSync(join(root, "people.yaml"), PEOPLE.replace("github: ochen", "github: ochen, azureDevOps: olivia.chen@contoso.com"));
    writeFileSync(join(root, "votes.json"), JSON.stringify({ value: [{ uniqueName: "olivia.chen@contoso.com", vote: 10 }] }));
    const before = new Date().toISOString().slice(0, 19);
    expect((await runCli(["approvals", "record", "--commit", "HEAD", "--reviews", "votes.json"], root)).code).toBe(0);
    const [approval] = JSON.parse(git(root, ["notes", `--ref=${APPROVALS_NOTES_REF}`, "show", "HEAD"])).approvals;
    expect(approval.by).toBe("olivia.chen@contoso.com");
    expect(approval.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(approval.at.slice(0, 19) >= before).toBe(true);
  });

  it.each([
    [["--reviews", "reviews.json"], "--commit SHA"],
    [["--commit", "nope", "--reviews", "reviews.json"], '"nope" is not a commit'],
    [["--commit", "HEAD", "--reviews", "reviews.json", "--pr", "12; rm"], "not a pull request number"],
    [["--commit", "HEAD", "--reviews", "missing.json"], "cannot be read: ENOENT"],
    [["--commit", "HEAD", "--reviews", "reviews.json", "--sha", "x"], "--sha"],
  ])("usage error %j", async (args, words) => {
    const r = await runCli(["approvals", "record", ...args], repo());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(words);
  });
});

describe("guestops approvals", () => {
  it("exit 0 when the change needs no approval", async () => {
    const r = await runCli(["approvals", "--base", "HEAD", "--reviews", "reviews.json", "--as-of", AS_OF], repo());
    expect(r.stdout).toContain("needs no approval");
    expect(r.code).toBe(0);
  });

  it("JSON for tools", async () => {
    const r = await runCli(["approvals", "--base", "HEAD", "--reviews", "reviews.json", "--author", "ana-dev", "--as-of", AS_OF, "--format", "json"], repo());
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ ok: true, stack: "prod", approvals: [] });
    expect(json.reviewers).toContainEqual({ login: "ana-dev", state: "approved", ignored: "author" });
  });

  it.each([
    [["--base", "HEAD"], "--reviews FILE is required"],
    [["--base", "HEAD", "--reviews", "people.yaml"], "is not JSON"],
    [["--base", "HEAD", "--reviews", "reviews.json", "--format", "csv"], '--format "csv"'],
  ])("usage error %j", async (args, words) => {
    const r = await runCli(["approvals", ...args], repo());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(words);
  });
});

describe("guestops approvals over a grant", () => {
  const kofi = { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", groups: ["erp-project"] };
  const grant = () => {
    const root = repo();
    applyFiles(root, { "guests/fabrikam.yaml": guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", [...fabrikamGuests(), kofi]) });
    return root;
  };
  const gate = (root: string, file: string, ...args: string[]) => runCli(["approvals", "--base", "HEAD", "--reviews", file, "--as-of", AS_OF, ...args], root);

  it("exit 5 naming the missing owner, exit 0 once the owner approves, and never on the author's approval", async () => {
    const root = grant();
    const plan = JSON.parse((await runCli(["plan", "--base", "HEAD", "--as-of", AS_OF, "--format", "json"], root)).stdout);
    expect(plan.approvals).toEqual([
      { for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] },
      { for: "sponsor:priya.natarajan@contoso.com", anyOf: ["priya.natarajan@contoso.com"], fallback: ["mei.lin@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] },
    ]);
    writeFileSync(join(root, "none.json"), "[]");
    const missing = await gate(root, "none.json");
    expect(missing.code).toBe(5);
    expect(missing.stdout).toContain("priya.natarajan@contoso.com");
    writeFileSync(join(root, "priya.json"), JSON.stringify([{ user: { login: "priya-n" }, state: "APPROVED", submitted_at: "2026-11-20T09:00:00Z" }]));
    expect((await gate(root, "priya.json")).code).toBe(0);
    expect((await gate(root, "priya.json", "--author", "priya-n")).code).toBe(5);
  });

  it("an approval given on an older commit of the pull request does not count for its head", async () => {
    const root = grant();
    const [older, head] = ["1".repeat(40), "2".repeat(40)];
    const approval = (commit: string) => [{ user: { login: "priya-n" }, state: "APPROVED", submitted_at: "2026-11-20T09:00:00Z", commit_id: commit }];
    writeFileSync(join(root, "older.json"), JSON.stringify(approval(older)));
    writeFileSync(join(root, "head.json"), JSON.stringify(approval(head)));
    const stale = await gate(root, "older.json", "--head", head);
    expect(stale.code).toBe(5);
    expect(stale.stdout).toContain(`note: the approval of priya-n does not count: it was given on commit ${older.slice(0, 12)}, and the pull request's head is now ${head.slice(0, 12)}`);
    expect((await gate(root, "head.json", "--head", head)).code).toBe(0);
    // Without --head the gate cannot tell, and fails closed, saying what to pass.
    const unchecked = await gate(root, "head.json");
    expect(unchecked.code).toBe(5);
    expect(unchecked.stdout).toContain("without --head SHA the gate cannot tell");
    const md = await gate(root, "older.json", "--head", head, "--format", "markdown");
    expect(md.stdout).toContain("- The approval of `priya-n` does not count: it was given on commit");
    const bad = await gate(root, "head.json", "--head", "HEAD");
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--head "HEAD" is not a full commit id')]);
  });
});
