// The shipped guestops-request.yml, run in the sandbox on recorded `issues` events: a valid request
// becomes one pull request on guestops/request/<issue>, updated (never duplicated) when the issue is
// edited, and judged by guestops-pr.yml with the plan's approvals and the requester as its author; an
// invalid or hostile request gets a plain-words comment and no pull request, and runs nothing it holds.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { artifactText } from "./runner/github-runner";
import { exampleText } from "../helpers/example";
import { createSandbox, PR_APP, type Sandbox } from "./runner/sandbox";
import { ADD_ANSWERS, issueEvent } from "../requests/form-body";
import { PIPELINE_NAMES } from "../../src/cli/pipeline-names";
import { githubWorkflows } from "./pipeline-files";

const WORKFLOW = "guestops-request.yml";
const comments = (sb: Sandbox, issue: number) => sb.github_state().comments[String(issue)] ?? [];
const prsFor = (sb: Sandbox, issue: number) => sb.github_state().pullRequests.filter((p) => p.head === `${PIPELINE_NAMES.requests.branchPrefix}${issue}`);

describe("guestops-request.yml", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox({ graph: false });
  }, 120_000);
  afterAll(() => sb.close());

  it("turns a valid add request into one pull request, which the PR gate holds for the plan's approvals, the requester's own not counting", async () => {
    const run = await sb.github(WORKFLOW, { event: "issues", payload: issueEvent(7, ADD_ANSWERS) });
    const job = run.jobs.request!;
    expect(job.result, job.log()).toBe("success");
    const [pr, ...more] = prsFor(sb, 7);
    expect(more).toEqual([]);
    expect(pr).toMatchObject({ base: "main", author: PR_APP.login, triggersWorkflows: true, title: "Guest access request #7: add lena.fischer@fabrikam.com" });
    expect(pr!.body).toContain("Closes #7");
    expect(pr!.body).toContain("Requested by @priya-n-contoso in #7");
    expect(pr!.body).toContain("✉️ invite");
    expect(pr!.body).toContain("`group:erp-project`");
    expect(pr!.body).toContain("`sponsor:priya.natarajan@contoso.com`");
    // The branch holds the edit and its requester.
    const message = sb.git(sb.remote, ["log", "-1", "--format=%B", `refs/heads/guestops/request/7`]);
    expect(message).toContain("Requested-by: @priya-n-contoso");
    const file = sb.git(sb.remote, ["show", "refs/heads/guestops/request/7:guests/fabrikam.yaml"]);
    expect(file).toContain("  - email: lena.fischer@fabrikam.com\n    displayName: Lena Fischer (Fabrikam)\n");
    expect(comments(sb, 7).map((c) => c.body)).toEqual([expect.stringContaining(`Your request is pull request #${pr!.number}.`)]);

    // The gate: the requester (priya, the group's owner and the sponsor) approves her own request; it does not count.
    sb.issue(7, "priya-n-contoso");
    const opened = sb.openedPullRequest(pr!.number);
    sb.review(opened, "priya-n-contoso", "APPROVED");
    const gate = await sb.github("guestops-pr.yml", { event: "pull_request", pr: opened, jobs: ["check"] });
    expect(gate.jobs.check!.step("plan").outputs.code).toBe("0");
    expect(gate.jobs.check!.step("Approval gate").outputs.code).toBe("5");
    expect(gate.jobs.check!.result).toBe("failure");
    expect(artifactText(gate, "guestops-comment", "body.md")).toContain("opened the change and cannot approve it");
  }, 120_000);

  it("updates the same pull request when the issue is edited, and leaves it alone when the edit changes nothing", async () => {
    const before = prsFor(sb, 7)[0]!;
    const head = sb.git(sb.remote, ["rev-parse", "refs/heads/guestops/request/7"]);
    const run = await sb.github(WORKFLOW, { event: "issues", payload: issueEvent(7, { ...ADD_ANSWERS, expires: "2027-02-28" }, { action: "edited" }) });
    expect(run.jobs.request!.result, run.jobs.request!.log()).toBe("success");
    const after = prsFor(sb, 7);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ number: before.number, edits: 1 });
    expect(after[0]!.body).toContain("`2027-02-28`");
    const moved = sb.git(sb.remote, ["rev-parse", "refs/heads/guestops/request/7"]);
    expect(moved).not.toBe(head);
    expect(comments(sb, 7)).toHaveLength(1);

    // The same answers again (the title edited, say): the branch keeps its commit, so no approval goes stale.
    const again = await sb.github(WORKFLOW, { event: "issues", payload: issueEvent(7, { ...ADD_ANSWERS, expires: "2027-02-28" }, { action: "edited" }) });
    expect(again.jobs.request!.result, again.jobs.request!.log()).toBe("success");
    expect(sb.git(sb.remote, ["rev-parse", "refs/heads/guestops/request/7"])).toBe(moved);
    expect(prsFor(sb, 7)).toHaveLength(1);

    // An edit that makes the request invalid closes its pull request, so that no one approves what the
    // requester has since changed; a valid edit then opens a new one, and never a second open one.
    const broken = await sb.github(WORKFLOW, { event: "issues", payload: issueEvent(7, { ...ADD_ANSWERS, expires: "soon" }, { action: "edited" }) });
    expect(broken.jobs.request!.result, broken.jobs.request!.log()).toBe("success");
    expect(prsFor(sb, 7).map((p) => [p.number, p.state])).toEqual([[before.number, "closed"]]);
    expect(comments(sb, 7)[0]!.body).toContain(`Pull request #${before.number}, which held this request before the edit, is closed`);
    const fixed = await sb.github(WORKFLOW, { event: "issues", payload: issueEvent(7, ADD_ANSWERS, { action: "edited" }) });
    expect(fixed.jobs.request!.result, fixed.jobs.request!.log()).toBe("success");
    expect(prsFor(sb, 7).filter((p) => p.state === "open")).toHaveLength(1);
    expect(comments(sb, 7)).toHaveLength(1);
  }, 120_000);

  it("leaves a closed issue alone", async () => {
    const event = issueEvent(52, ADD_ANSWERS, { action: "edited" });
    (event.issue as { state: string }).state = "closed";
    const run = await sb.github(WORKFLOW, { event: "issues", payload: event });
    expect(run.jobs.request!.result).toBe("skipped");
  }, 60_000);

  it.each<[string, number, ReturnType<typeof issueEvent>, RegExp]>([
    ["an address outside every partner's domains", 21, issueEvent(21, { ...ADD_ANSWERS, email: "mallory@evil.example" }), /no partner file of this repository holds the domain evil\.example/],
    ["a group the catalog does not have", 22, issueEvent(22, { ...ADD_ANSWERS, groups: "erp-project, payroll-admins" }), /payroll-admins/],
    ["a bot as the requester", 23, issueEvent(23, ADD_ANSWERS, { login: "renovate[bot]", type: "Bot" }), /filed by a bot/],
    ["someone outside the organization", 24, issueEvent(24, ADD_ANSWERS, { login: "drive-by", association: "NONE" }), /not a member or collaborator/],
  ])("answers %s with a comment and no pull request", async (_, number, event, message) => {
    const run = await sb.github(WORKFLOW, { event: "issues", payload: event });
    expect(run.jobs.request!.result, run.jobs.request!.log()).toBe("success");
    expect(run.jobs.request!.step("request").outputs.code).toBe("1");
    expect(prsFor(sb, number)).toEqual([]);
    const [comment, ...more] = comments(sb, number);
    expect(more).toEqual([]);
    expect(comment!.body).toMatch(/^<!-- guestops-request -->\n\*\*This request cannot become a pull request yet\.\*\*/);
    expect(comment!.body).toMatch(message);
    expect(comment!.body).toContain("How to fix it:");
    expect(sb.git(sb.remote, ["branch", "--list", `guestops/request/${number}`])).toBe("");
  }, 120_000);

  it("runs nothing a hostile request holds, forges no runner command, and keeps its text as text", async () => {
    const marker = `${sb.dir}/pwned`;
    const hostile = {
      ...ADD_ANSWERS,
      "display-name": `$(touch ${marker}) \`touch ${marker}\` ; touch ${marker} {a: b} ../../etc/passwd`,
      justification: `x\n  - email: evil@fabrikam.com\n::error::forged\n::add-mask::${PR_APP.login}\n##[error]forged\n##vso[task.setvariable variable=x]y\n::set-output name=code::0`,
    };
    const run = await sb.github(WORKFLOW, { event: "issues", payload: issueEvent(31, hostile) });
    const job = run.jobs.request!;
    expect(job.result, job.log()).toBe("success");
    expect(existsSync(marker)).toBe(false);
    expect(job.annotations.filter((a) => /forged/.test(a.message))).toEqual([]);
    const [pr] = prsFor(sb, 31);
    const file = parse(sb.git(sb.remote, ["show", "refs/heads/guestops/request/31:guests/fabrikam.yaml"])) as { guests: { email: string; displayName: string; justification: string }[] };
    const added = file.guests.filter((g) => /lena\.fischer|evil/.test(g.email));
    expect(added).toEqual([expect.objectContaining({ email: "lena.fischer@fabrikam.com", displayName: hostile["display-name"], justification: hostile.justification })]);
    expect(pr!.body).not.toMatch(/^::|^##\[|##vso\[/m);
    // No other file changed.
    expect(sb.git(sb.remote, ["diff", "--name-only", "main", "refs/heads/guestops/request/31"])).toBe("guests/fabrikam.yaml");
  }, 120_000);

  it("without the request app, says so on the issue and opens nothing: a GITHUB_TOKEN pull request would never be gated", async () => {
    const app = sb.vars.GUESTOPS_PR_APP_ID!;
    sb.vars.GUESTOPS_PR_APP_ID = "";
    try {
      const run = await sb.github(WORKFLOW, { event: "issues", payload: issueEvent(41, ADD_ANSWERS) });
      expect(run.jobs.request!.result).toBe("failure");
      expect(run.jobs.request!.step("app").outcome).toBe("skipped");
      expect(prsFor(sb, 41)).toEqual([]);
      expect(comments(sb, 41)[0]!.body).toContain("no pull-request app set up");
    } finally {
      sb.vars.GUESTOPS_PR_APP_ID = app;
    }
  }, 120_000);

  it("skips issues without the form's label", async () => {
    const event = issueEvent(51, ADD_ANSWERS);
    event.issue.labels = [{ name: "bug" }];
    const run = await sb.github(WORKFLOW, { event: "issues", payload: event });
    expect(run.jobs.request!.result).toBe("skipped");
  }, 60_000);

  it("never takes a fork's pull request from a branch of the same name for the request's own", async () => {
    const fork = sb.forkPullRequest(`${PIPELINE_NAMES.requests.branchPrefix}77`);
    const run = await sb.github(WORKFLOW, { event: "issues", payload: issueEvent(77, ADD_ANSWERS) });
    expect(run.jobs.request!.result, run.jobs.request!.log()).toBe("success");
    const prs = prsFor(sb, 77);
    expect(prs.find((p) => p.number === fork)).toMatchObject({ title: "from a fork", edits: 0, state: "open" });
    expect(prs.filter((p) => !p.fromFork)).toHaveLength(1);
  }, 120_000);

  it("the PR gate fails a catalog change that leaves the issue form behind", async () => {
    const stack = exampleText("stacks/prod.yaml").replace("    allowGuests: false      # internal only", "    allowGuests: true");
    const stale = sb.pullRequest({ number: 90, author: "mei-lin", branch: "open-security-ops", files: { "stacks/prod.yaml": stack } });
    const run = await sb.github("guestops-pr.yml", { event: "pull_request", pr: stale, jobs: ["check"] });
    expect(run.jobs.check!.step("validate").outputs.code).toBe("1");
    expect(run.jobs.check!.annotations).toContainEqual(expect.objectContaining({ level: "error", title: "guestops forms" }));
    expect(run.jobs.check!.result).toBe("failure");
  }, 120_000);
});

describe("guestops-request.yml, as written", () => {
  const file = githubWorkflows.find((w) => w.path.endsWith(WORKFLOW))!;
  const doc = parse(file.text) as { on: Record<string, { types: string[] }>; permissions: object; jobs: Record<string, { if: string; permissions: Record<string, string>; steps: { run?: string }[] }> };

  it("runs on opened and edited issues with the form's label, with least privilege", () => {
    expect(doc.on).toEqual({ issues: { types: ["opened", "edited"] } });
    expect(doc.permissions).toEqual({});
    expect(doc.jobs.request!.if).toContain(`'${PIPELINE_NAMES.requests.label}'`);
    expect(file.text).toContain(`branch="${PIPELINE_NAMES.requests.branchPrefix}$ISSUE"`);
    expect(doc.jobs.request!.permissions).toEqual({ contents: "read", issues: "write" });
  });

  it("interpolates nothing of the issue's into a script", () => {
    for (const step of doc.jobs.request!.steps) expect(step.run ?? "").not.toMatch(/\$\{\{[^}]*github\.event\.issue/);
  });
});
