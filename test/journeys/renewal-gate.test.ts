// A renewal, from the shipped workflow files: a later `expires` is granting again, so the pull request's
// gate names the owners of every group the guest keeps and the guest's sponsor, holds until each has
// approved, and the merge records who did; the audit then shows the renewal with those approvers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdown } from "../../src/output/escape";
import { artifactText } from "../pipelines/runner/github-runner";
import { createSandbox, type PullRequest, type Sandbox } from "../pipelines/runner/sandbox";
import { exampleText } from "../helpers/example";

const FABRIKAM = exampleText("guests/fabrikam.yaml");
// Elena's sponsor is samuel.okafor; design-review's owners are samuel.okafor and priya.natarajan.
const RENEWED = FABRIKAM.replace("    expires: 2026-12-20\n    justification: DSN-77 packaging design review", "    expires: 2027-06-20\n    justification: DSN-91 second packaging round");

describe("renewal → a gate that names the sponsor and the owners", () => {
  let sb: Sandbox;
  let pr: PullRequest;
  beforeAll(async () => {
    sb = await createSandbox();
    pr = sb.pullRequest({ number: 31, author: "ana-dev", branch: "renew-elena", files: { "guests/fabrikam.yaml": RENEWED }, title: "Renew Elena Petrova for the second packaging round" });
  });
  afterAll(() => sb.close());

  it("runs end to end", async () => {
    expect(RENEWED).not.toBe(FABRIKAM);
    const waiting = await sb.github("guestops-pr.yml", { event: "pull_request", pr, jobs: ["check"] });
    expect(waiting.jobs.check!.step("plan").outputs.code).toBe("0");
    expect(waiting.jobs.check!.step("Approval gate").outputs.code).toBe("5");
    const comment = artifactText(waiting, "guestops-comment", "body.md");
    // The plan shows a renewal, never "no guest changes", and the gate names who must approve it.
    expect(comment).toContain("1 renewal");
    expect(comment).toContain("🔁 renew");
    expect(comment).toContain("2026-12-20 → 2027-06-20");
    expect(comment).toContain("`group:design-review`");
    expect(comment).toContain("`sponsor:samuel.okafor@contoso.com`");

    // The group's other owner approves: the sponsor's approval is still missing.
    sb.review(pr, "priya-n-contoso", "APPROVED", "2026-11-21T09:00:00Z");
    const half = await sb.github("guestops-pr.yml", { event: "pull_request_review", pr, jobs: ["check"] });
    expect(half.jobs.check!.step("Approval gate").outputs.code).toBe("5");
    const halfComment = artifactText(half, "guestops-comment", "body.md");
    expect(halfComment).toMatch(/⏳ \| `sponsor:samuel\.okafor@contoso\.com` \| .* \| needs an approval from samuel\.okafor/);

    // The sponsor approves: the renewal may merge.
    sb.review(pr, "sokafor-contoso", "APPROVED", "2026-11-21T10:00:00Z");
    const open = await sb.github("guestops-pr.yml", { event: "pull_request_review", pr, jobs: ["check"] });
    expect(open.jobs.check!.result, open.jobs.check!.log()).toBe("success");
    expect(artifactText(open, "guestops-comment", "body.md")).toContain(`approved by ${markdown("samuel.okafor@contoso.com")}`);

    const merged = sb.merge(pr);
    const deploy = await sb.github("guestops-deploy.yml", { event: "push" });
    for (const job of ["record-approvals", "deploy", "record-deploy"]) expect(deploy.jobs[job]!.result, deploy.jobs[job]!.log()).toBe("success");
    const note = sb.git(sb.remote, ["notes", "--ref", "guestops-approvals", "show", merged]);
    expect(note).toContain("samuel.okafor@contoso.com");
    expect(note).toContain("priya.natarajan@contoso.com");

    const audit = await sb.guestops(["audit", "--guest", "elena.petrova@fabrikam.com", "--format", "json"]);
    expect(audit.code, audit.stderr).toBe(0);
    const renewed = (JSON.parse(audit.stdout) as { events: Record<string, unknown>[] }).events.filter((e) => e.kind === "renewed");
    expect(renewed).toEqual([expect.objectContaining({ commit: merged, pr: 31, detail: "expires 2026-12-20 → 2027-06-20", flags: [] })]);
    expect([...(renewed[0]!.approvers as string[])].sort()).toEqual(["priya.natarajan@contoso.com", "samuel.okafor@contoso.com"]);
  });
});
