// The Azure Pipelines files, run from the files themselves in the sandbox: a pull request's check with
// the reviewers from Azure DevOps' API, the deployment from main (plan, pulumi up through the
// production connection, the tag, the approvals note, the status read inside an AzureCLI task), and the
// weekly drift, whose issues tell drift found from a tenant that could not be read.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { azureCondition, REPOSITORY_ID } from "./runner/azure-runner";
import { createSandbox, ROOT, type PullRequest, type Sandbox } from "./runner/sandbox";
import { exampleText } from "../helpers/example";

const FABRIKAM = exampleText("guests/fabrikam.yaml");
const ERIN = `
  - email: erin.walsh@fabrikam.com
    displayName: Erin Walsh (Fabrikam)
    expires: 2027-04-30
    justification: CHG-1107 supplier onboarding
    groups: [erp-project]
`;
const API = `/contoso/guest-access/_apis/git/repositories/${REPOSITORY_ID}/pullRequests`;

describe("Azure Pipelines", () => {
  let sb: Sandbox;
  let pr: PullRequest;
  beforeAll(async () => {
    sb = await createSandbox();
    pr = sb.pullRequest({ number: 7, author: "ana.dev@contoso.com", branch: "invite-erin", files: { "guests/fabrikam.yaml": FABRIKAM + ERIN } });
    sb.loopback.ado.answers.set(`${API}/7`, { pullRequestId: 7, createdBy: { uniqueName: "ana.dev@contoso.com" } });
    sb.loopback.ado.answers.set(`${API}/7/reviewers`, { value: [{ uniqueName: "priya.natarajan@contoso.com", vote: 10, isContainer: false }] });
    sb.loopback.ado.answers.set(`${API}/7/threads`, { value: [] });
  });
  afterAll(() => sb.close());

  it("checks a pull request: validate, plan, the gate from the reviewers' votes, the sticky comment", async () => {
    const run = await sb.azure("azure-pipelines.yml", { reason: "PullRequest", pr });
    const check = run.jobs.check!;
    expect(check.result, check.log()).toBe("success");
    expect(run.jobs.up).toBeUndefined(); // the Deploy stage never runs for a pull request
    const posted = sb.loopback.ado.writes.find((w) => w.method === "POST" && w.path === `${API}/7/threads`);
    expect(posted?.body).toContain("erin.walsh@fabrikam.com");
    expect(posted?.body).toContain("validate exit 0, plan exit 0, approvals exit 0");
  });

  it("deploys from main: pulumi up through the production connection, the tag, the note, and the status", async () => {
    const merged = sb.merge(pr, "azure");
    const run = await sb.azure("azure-pipelines.yml", { reason: "IndividualCI" });
    const up = run.jobs.up!;
    expect(up.result, up.log()).toBe("success");
    expect(sb.calls("pulumi").filter((c) => c.argv[0] === "up").map((c) => c.stack)).toEqual(["prod"]);
    expect(sb.git(sb.remote, ["tag", "--list", "guestops/deploy/prod/*"])).toMatch(/^guestops\/deploy\/prod\/\d{8}T\d{6}Z$/);
    const note = JSON.parse(sb.git(sb.remote, ["notes", "--ref", "guestops-approvals", "show", merged])) as { pr: number; approvals: { by: string }[] };
    expect(note.pr).toBe(7);
    expect(note.approvals.map((a) => a.by)).toContain("priya.natarajan@contoso.com");
    // The PR number came from Azure DevOps (which pull request made this merge commit), not from its subject.
    expect(sb.loopback.ado.writes.map((w) => `${w.method} ${w.path}`)).toContain(`POST /contoso/guest-access/_apis/git/repositories/${REPOSITORY_ID}/pullrequestquery`);
    // The status is read inside its AzureCLI task, with the read-only connection's token.
    expect(up.step("Status to the summary").outcome, up.log()).toBe("success");
    expect(up.summary).toContain("erin.walsh@fabrikam.com");
    expect(sb.calls("az").map((c) => c.identity)).toContain("22222222-2222-4222-8222-222222222222");
  });

  it("a direct push whose subject reads like a merge records no approvals: Azure DevOps knows no pull request that made it", async () => {
    sb.loopback.ado.answers.set(`POST /contoso/guest-access/_apis/git/repositories/${REPOSITORY_ID}/pullrequestquery`, { results: [{}] });
    const forged = sb.commit({ "guests/fabrikam.yaml": FABRIKAM + ERIN.replace("CHG-1107", "CHG-1108") }, "Merged PR 7: Change from ana.dev@contoso.com");
    const run = await sb.azure("azure-pipelines.yml", { reason: "IndividualCI" });
    expect(run.jobs.up!.annotations.map((a) => a.message)).toContainEqual(expect.stringContaining(`${forged} reached main without a pull request`));
    expect(() => sb.git(sb.remote, ["notes", "--ref", "guestops-approvals", "show", forged])).toThrow();
  });

  it("runs the weekly drift: drift found and could not read the tenant are different issues", async () => {
    const found = (await sb.azure(".azure-pipelines/guestops-drift.yml", { reason: "Schedule" })).jobs.drift!;
    expect(found.step("Drift").code, found.log()).toBe(4);
    expect(found.annotations.map((a) => a.message)).toEqual([expect.stringMatching(/^guestops drift: drift found \(exit 4\)/)]);
    expect(found.summary).toMatch(/^### guestops drift: drift found \(exit 4\)/);

    sb.double!.inject({ path: /^\/users/, status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." } }, times: 50 });
    const unread = (await sb.azure(".azure-pipelines/guestops-drift.yml", { reason: "Schedule" })).jobs.drift!;
    expect(unread.step("Drift").code, unread.log()).toBe(5);
    expect(unread.annotations.map((a) => a.message)).toEqual([expect.stringMatching(/^guestops drift: could not read the tenant \(exit 5\)/)]);
    expect(unread.summary).toMatch(/^### guestops drift: could not read the tenant \(exit 5\)/);
  });
});

describe("Azure Pipelines in a tenant repository that installs guestops as a package (no bin/, no src/)", () => {
  let sb: Sandbox;
  let pr: PullRequest;
  beforeAll(async () => {
    sb = await createSandbox({ installed: true });
    pr = sb.pullRequest({ number: 8, author: "ana.dev@contoso.com", branch: "invite-erin", files: { "guests/fabrikam.yaml": FABRIKAM + ERIN } });
    sb.loopback.ado.answers.set(`${API}/8`, { pullRequestId: 8, createdBy: { uniqueName: "ana.dev@contoso.com" } });
    sb.loopback.ado.answers.set(`${API}/8/reviewers`, { value: [{ uniqueName: "priya.natarajan@contoso.com", vote: 10, isContainer: false }] });
    sb.loopback.ado.answers.set(`${API}/8/threads`, { value: [] });
  }, 60_000);
  afterAll(() => sb.close());

  it("checks a pull request with the target branch's pinned guestops, deploys from main, and runs the drift", async () => {
    const check = (await sb.azure("azure-pipelines.yml", { reason: "PullRequest", pr })).jobs.check!;
    expect(check.result, check.log()).toBe("success");
    const posted = sb.loopback.ado.writes.find((w) => w.method === "POST" && w.path === `${API}/8/threads`);
    expect(posted?.body).toContain("validate exit 0, plan exit 0, approvals exit 0");

    sb.merge(pr, "azure");
    const up = (await sb.azure("azure-pipelines.yml", { reason: "IndividualCI" })).jobs.up!;
    expect(up.result, up.log()).toBe("success");
    expect(up.summary).toContain("erin.walsh@fabrikam.com");

    const drift = (await sb.azure(".azure-pipelines/guestops-drift.yml", { reason: "Schedule" })).jobs.drift!;
    expect(drift.step("Drift").code, drift.log()).toBe(4);
  });
});

describe("Azure conditions", () => {
  const vars = { "Build.Reason": "PullRequest", "Build.SourceBranch": "refs/heads/main" };
  it.each<[string, boolean, boolean]>([
    ["and(succeeded(), eq(variables['Build.Reason'], 'PullRequest'))", false, true],
    ["and(succeeded(), eq(variables['Build.Reason'], 'PullRequest'))", true, false],
    ["and(always(), ne(variables['build.reason'], 'Schedule'))", true, true],
    ["eq(variables['Build.SourceBranch'], 'refs/heads/dev')", false, false],
  ])("%s (after a failure: %s) → %s", (text, failed, value) => {
    expect(azureCondition(text, vars, failed)).toBe(value);
  });

  it("refuses what it does not know, loudly", () => {
    expect(() => azureCondition("containsValue(variables['X'], 'a')", vars, false)).toThrow(/unknown function/);
    expect(() => azureCondition("eq(dependencies.A.result, 'Succeeded')", vars, false)).toThrow();
  });
});

describe("Azure Pipelines' allowMassRemoval", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
  }, 60_000);
  afterAll(() => sb.close());

  it("waits for a stack owner in the mass-removal environment, and deploys nothing when that stage does not pass", async () => {
    const plain = await sb.azure("azure-pipelines.yml", { reason: "IndividualCI" });
    // A skipped stage runs none of its jobs.
    expect(plain.jobs.approve?.result ?? "skipped").toBe("skipped");
    expect(plain.jobs.up!.result, plain.jobs.up!.log()).toBe("success");

    const lifted = await sb.azure("azure-pipelines.yml", { reason: "Manual", parameters: { allowMassRemoval: true } });
    expect(lifted.jobs.approve!.result, lifted.jobs.approve!.log()).toBe("success");
    expect(lifted.jobs.approve!.annotations.map((a) => a.message)).toEqual([expect.stringContaining("approved in the mass-removal environment")]);
    expect(lifted.jobs.up!.result, lifted.jobs.up!.log()).toBe("success");

    // A rejected approval fails its stage: the deploy is skipped.
    const doc = parse(readFileSync(join(ROOT, "azure-pipelines.yml"), "utf8")) as { stages: { stage: string; jobs: { strategy: { runOnce: { deploy: { steps: unknown[] } } } }[] }[] };
    doc.stages.find((s) => s.stage === "MassRemovalApproval")!.jobs[0]!.strategy.runOnce.deploy.steps = [{ bash: "exit 1", displayName: "rejected" }];
    const file = join(sb.dir, "rejected-azure-pipelines.yml");
    writeFileSync(file, stringify(doc));
    const rejected = await sb.azure(file, { reason: "Manual", parameters: { allowMassRemoval: true } });
    expect(rejected.jobs.approve!.result).toBe("failure");
    expect(rejected.jobs.up?.result ?? "skipped").toBe("skipped");
  });
});
