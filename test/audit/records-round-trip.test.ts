// Every record the pipelines write is one the audit reads back: the approvals note that `approvals
// record` writes from GitHub's review list and from Azure DevOps' reviewers, and the deployment tag that
// `record-deploy` writes. Each is written by the command the pipelines run, then read by `guestops audit`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import { runCli } from "../cli/run-cli";
import { guestsYaml, HistoryRepo, stackYaml } from "./history-repo";

const PRIYA = "priya.natarajan@contoso.com";
const PEOPLE = `people:
  - { email: mei.lin@contoso.com, github: meilin, azureDevOps: mei.lin@contoso.com }
  - { email: olivia.chen@contoso.com, github: ochen, azureDevOps: olivia.chen@contoso.com }
  - { email: ${PRIYA}, github: priya-n, azureDevOps: ${PRIYA} }
  - { email: tomas.berg@contoso.com, github: tberg, azureDevOps: tomas.berg@contoso.com }
`;
const ana = { email: "ana.silva@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };
const ben = { email: "ben.carter@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };

let repo: HistoryRepo;
/** Where the pipelines save the code host's answers: outside the repository, like $RUNNER_TEMP. */
let temp: string;
const c: Record<string, string> = {};

async function cli(args: string[]): Promise<string> {
  const r = await runCli(args, repo.root);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  repo = new HistoryRepo();
  temp = mkdtempSync(join(tmpdir(), "guestops-runner-"));
  // The pipelines' own identity writes notes and tags; the commands take it from the repository's config.
  repo.git(["config", "user.name", "guestops"]);
  repo.git(["config", "user.email", "guestops@contoso.com"]);
  c.setup = repo.commit({ "stacks/prod.yaml": stackYaml(), "people.yaml": PEOPLE, "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", []) }, "Set up the prod stack", "2026-09-01T09:00:00Z");
  // GitHub: a pull request's branch, approved on its head, merged with a merge commit.
  repo.git(["checkout", "-q", "-b", "ana"]);
  c.githubHead = repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ana]) }, "Add Ana", "2026-09-02T09:00:00Z", { name: "Tomas Berg", email: "tomas.berg@contoso.com" });
  repo.git(["checkout", "-q", "main"]);
  repo.git(["merge", "-q", "--no-ff", "ana", "-m", "Merge pull request #21 from fabrikam/ana"], "2026-09-03T09:00:00Z");
  c.github = repo.head();
  // The review list as `gh api --paginate --slurp repos/OWNER/REPO/pulls/21/reviews` saves it: one page.
  const reviews = [[{ user: { login: "priya-n" }, state: "APPROVED", submitted_at: "2026-09-02T15:00:00Z", commit_id: c.githubHead, pull_request_url: "https://api.github.com/repos/contoso/guests/pulls/21" }]];
  writeFileSync(join(temp, "reviews.json"), JSON.stringify(reviews));
  await cli(["approvals", "record", "--commit", c.github, "--reviews", join(temp, "reviews.json"), "--author", "tberg", "--pr", "21", "--head", c.githubHead]);
  // Azure Repos: a squash merge, "Merged PR 22: ...", and the reviewers with their votes, which carry no time.
  c.azure = repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ana, ben]) }, "Merged PR 22: Add Ben", "2026-09-04T09:00:00Z", { name: "Tomas Berg", email: "tomas.berg@contoso.com" });
  writeFileSync(join(temp, "reviewers.json"), JSON.stringify({ value: [{ uniqueName: PRIYA, vote: 10 }, { uniqueName: "tomas.berg@contoso.com", vote: 10 }], count: 2 }));
  await cli(["approvals", "record", "--commit", c.azure, "--reviews", join(temp, "reviewers.json"), "--author", "tomas.berg@contoso.com", "--pr", "22"]);
  // The deploy pipelines' record of each deployment.
  await cli(["record-deploy", "--stack", "prod", "--commit", c.github, "--at", "2026-09-03T10:00:00Z"]);
  await cli(["record-deploy", "--stack", "prod", "--commit", c.azure, "--at", "2026-09-04T10:00:00Z"]);
});
afterAll(() => {
  repo.remove();
  rmSync(temp, { recursive: true, force: true });
});

async function events(): Promise<AuditEvent[]> {
  const r = await runCli(["audit", "--until", "2026-12-01", "--format", "json"], repo.root);
  expect(r.stderr).toBe("");
  return (JSON.parse(r.stdout) as { events: AuditEvent[] }).events;
}

describe("the records the pipelines write, read back by the audit", () => {
  it("GitHub: the note from the review list counts, with the review's time, and the deployment tag dates it", async () => {
    const mine = (await events()).filter((e) => e.commit === c.github);
    expect(mine.map((e) => e.kind)).toEqual(["invited", "granted"]);
    for (const e of mine) expect(e).toMatchObject({ pr: 21, prSource: "record", approvers: [PRIYA], approvals: [{ by: PRIYA, source: "record", at: "2026-09-02T15:00:00Z" }], flags: [], deployedAt: "2026-09-03T10:00:00Z" });
  });

  it("Azure DevOps: the note from the reviewers counts, the author's vote left out, with the time it was recorded", async () => {
    const mine = (await events()).filter((e) => e.commit === c.azure);
    expect(mine.map((e) => e.kind)).toEqual(["invited", "granted"]);
    for (const e of mine) {
      expect(e).toMatchObject({ pr: 22, prSource: "record", approvers: [PRIYA], flags: [], deployedAt: "2026-09-04T10:00:00Z" });
      expect(e.approvals).toEqual([{ by: PRIYA, source: "record", at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) }]);
    }
  });

  it("no record the pipelines write is unreadable to the audit", async () => {
    expect((await events()).filter((e) => e.kind === "record-unreadable" || e.kind === "invalid")).toEqual([]);
  });
});
