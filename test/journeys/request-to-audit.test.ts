// A request from someone who does not use Git, from the shipped workflow files: the issue form's event
// becomes a pull request that the gate holds until the plan's approvers approve, the merge records them
// with the requester as the change's author, and the audit shows the invitation with its approvers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactText } from "../pipelines/runner/github-runner";
import { createSandbox, type Sandbox } from "../pipelines/runner/sandbox";
import { ADD_ANSWERS, issueEvent } from "../requests/form-body";

describe("issue form → pull request → gate → merge → audit", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
  }, 120_000);
  afterAll(() => sb.close());

  it("runs end to end", async () => {
    const request = await sb.github("guestops-request.yml", { event: "issues", payload: issueEvent(61, ADD_ANSWERS, { login: "ana-dev" }) });
    expect(request.jobs.request!.result, request.jobs.request!.log()).toBe("success");
    const [opened] = sb.github_state().pullRequests.filter((p) => p.head === "guestops/request/61");
    sb.issue(61, "ana-dev");
    const pr = sb.openedPullRequest(opened!.number);

    const waiting = await sb.github("guestops-pr.yml", { event: "pull_request", pr, jobs: ["check"] });
    expect(waiting.jobs.check!.step("Approval gate").outputs.code).toBe("5");
    const comment = artifactText(waiting, "guestops-comment", "body.md");
    expect(comment).toContain("✉️ invite");
    expect(comment).toContain("`app:expenses/Submitter`");

    // The group's owner, who is also the sponsor, and the app's owner approve.
    sb.review(pr, "priya-n-contoso", "APPROVED");
    sb.review(pr, "ochen-contoso", "APPROVED");
    const open = await sb.github("guestops-pr.yml", { event: "pull_request_review", pr, jobs: ["check"] });
    expect(open.jobs.check!.result, open.jobs.check!.log()).toBe("success");

    const merged = sb.merge(pr);
    const deploy = await sb.github("guestops-deploy.yml", { event: "push" });
    expect(deploy.jobs["record-approvals"]!.result, deploy.jobs["record-approvals"]!.log()).toBe("success");
    const note = sb.git(sb.remote, ["notes", "--ref", "guestops-approvals", "show", merged]);
    expect(note).toContain("priya.natarajan@contoso.com");
    expect(note).toContain("olivia.chen@contoso.com");
    // The approvals record names the requester, not the app, as the one whose approval never counts.
    expect(sb.calls("gh").some((c) => c.path === "repos/contoso/guest-access/issues/61")).toBe(true);

    const audit = await sb.guestops(["audit", "--guest", "lena.fischer@fabrikam.com", "--format", "json"]);
    expect(audit.code, audit.stderr).toBe(0);
    const events = (JSON.parse(audit.stdout) as { events: Record<string, unknown>[] }).events;
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ commit: merged, pr: opened!.number });
    expect([...(events[0]!.approvers as string[])].sort()).toEqual(["olivia.chen@contoso.com", "priya.natarajan@contoso.com"]);
    // The requester comes from the approvals record written at the merge, not from the branch's words.
    expect(events[0]!.requester).toEqual({ by: "@ana-dev", source: "record" });
  }, 240_000);
});
