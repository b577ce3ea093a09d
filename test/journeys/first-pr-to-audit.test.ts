// The first journey of a platform team, from the shipped workflow files themselves: a pull request that
// invites a guest is validated, planned and gated on its owner's review; once merged, the deploy run
// applies it, tags the deployment and writes the approvals note; the audit then shows who approved the
// invitation and when it was deployed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdown } from "../../src/output/escape";
import { artifactText } from "../pipelines/runner/github-runner";
import { createSandbox, type PullRequest, type Sandbox } from "../pipelines/runner/sandbox";
import { exampleText } from "../helpers/example";

const FABRIKAM = exampleText("guests/fabrikam.yaml");
const DANA = `
  - email: dana.ruiz@fabrikam.com
    displayName: Dana Ruiz (Fabrikam)
    expires: 2027-03-31
    justification: CHG-1099 ERP cutover rehearsal
    groups: [erp-project]
`;

describe("first pull request → gate → merge → deploy records → audit", () => {
  let sb: Sandbox;
  let pr: PullRequest;
  beforeAll(async () => {
    sb = await createSandbox();
    pr = sb.pullRequest({ number: 12, author: "ana-dev", branch: "invite-dana", files: { "guests/fabrikam.yaml": FABRIKAM + DANA }, title: "Invite Dana Ruiz for the ERP cutover" });
  });
  afterAll(() => sb.close());

  it("runs end to end", async () => {
    // Before the group's owner approves, the gate holds the pull request and the comment says why; the
    // preview runs with the read identity, in the preview environment.
    const waiting = await sb.github("guestops-pr.yml", { event: "pull_request", pr });
    expect(waiting.jobs.check!.result).toBe("failure");
    expect(waiting.jobs.preview!.result, waiting.jobs.preview!.log()).toBe("success");
    expect(sb.calls("pulumi").map((c) => c.argv[0])).toEqual(["preview"]);
    expect(waiting.jobs.check!.step("Approval gate").outputs.code).toBe("5");
    expect(waiting.jobs.check!.step("validate").outputs.code).toBe("0");
    expect(waiting.jobs.check!.step("plan").outputs.code).toBe("0");

    // priya-n-contoso owns erp-project (people.yaml): her review opens the gate.
    sb.review(pr, "priya-n-contoso", "APPROVED", "2026-11-20T10:15:00Z");
    const check = await sb.github("guestops-pr.yml", { event: "pull_request_review", pr, jobs: ["check"] });
    expect(check.jobs.check!.result, check.jobs.check!.log()).toBe("success");
    const comment = artifactText(check, "guestops-comment", "body.md");
    expect(comment).toMatch(/^<!-- guestops-plan -->/);
    expect(comment).toContain("dana.ruiz@fabrikam.com");
    expect(comment).toContain(`approved by ${markdown("priya.natarajan@contoso.com")}`);
    expect(artifactText(check, "guestops-comment", "pr-number").trim()).toBe("12");

    // The comment workflow posts that artifact on the pull request, as text.
    const posted = await sb.github("guestops-pr-comment.yml", { event: "workflow_run", workflowRun: { id: check.id, event: "pull_request_review", headSha: pr.head } });
    expect(posted.jobs.comment!.result, posted.jobs.comment!.log()).toBe("success");
    expect(sb.calls("gh").find((c) => c.method === "POST")).toMatchObject({ path: "repos/contoso/guest-access/issues/12/comments", body: expect.stringContaining("dana.ruiz@fabrikam.com") });

    // The merge deploys: plan with guards, pulumi up with the production identity, a tag, the note.
    const merged = sb.merge(pr);
    const deploy = await sb.github("guestops-deploy.yml", { event: "push" });
    for (const job of ["record-approvals", "deploy", "record-deploy"]) expect(deploy.jobs[job]!.result, deploy.jobs[job]!.log()).toBe("success");
    expect(sb.calls("pulumi").map((c) => c.argv.slice(0, 3))).toContainEqual(["up", "--stack", "prod"]);
    expect(deploy.jobs.deploy!.summary).toContain("dana.ruiz@fabrikam.com");
    const at = deploy.jobs.deploy!.outputs.at!;
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const tags = sb.git(sb.remote, ["tag", "--list", "guestops/deploy/prod/*"]);
    expect(tags).toBe(`guestops/deploy/prod/${at.replace(/[-:]/g, "")}`);
    expect(sb.git(sb.remote, ["notes", "--ref", "guestops-approvals", "show", merged])).toContain("priya.natarajan@contoso.com");

    // The auditor's question: who approved Dana's access, and since when is it deployed.
    const audit = await sb.guestops(["audit", "--guest", "dana.ruiz@fabrikam.com", "--format", "json"]);
    expect(audit.code, audit.stderr).toBe(0);
    const events = (JSON.parse(audit.stdout) as { events: Record<string, unknown>[] }).events;
    expect(events.map((e) => [e.kind, e.target])).toEqual([["invited", null], ["granted", "group:erp-project"]]);
    for (const e of events) expect(e).toMatchObject({ commit: merged, pr: 12, approvers: ["priya.natarajan@contoso.com"], flags: [], deployedAt: at });
  });
});
