// A new shard, from the shipped workflow files: a pull request adds a stack to a sharded tenant. Its
// base has no such stack, but the tenant file it joins is already reviewed: the new shard's policy
// changes are approved by that file's stack owners, never by owners the change sets, and the gate opens
// once a stack owner and the grant's owner have approved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdown } from "../../src/output/escape";
import { artifactText } from "../pipelines/runner/github-runner";
import { createSandbox, firstCommitText, type PullRequest, type Sandbox } from "../pipelines/runner/sandbox";
import { exampleText } from "../helpers/example";

const read = exampleText;
const shard = (folder: string) => `# yaml-language-server: $schema=../schemas/stack.schema.json\ntenant: contoso\nguestFiles: ["guests/${folder}/**/*.yaml"]\n`;
const SHARDED = {
  "stacks/prod.yaml": null,
  "tenants/contoso.yaml": read("stacks/prod.yaml"),
  "stacks/contoso-eu.yaml": shard("eu"),
  "stacks/contoso-us.yaml": shard("us"),
  "guests/fabrikam.yaml": null,
  "guests/northwind.yaml": null,
  "guests/eu/fabrikam.yaml": read("guests/fabrikam.yaml"),
  "guests/us/northwind.yaml": firstCommitText("guests/northwind.yaml"),
};
const APAC_GUESTS = `partner: Fabrikam
domains: [fabrikam.com]
sponsor: priya.natarajan@contoso.com
guests:
  - email: kofi.mensah@fabrikam.com
    displayName: Kofi Mensah (Fabrikam)
    expires: 2027-05-31
    justification: CHG-1120 ERP rollout in Singapore
    groups: [erp-project]
`;

describe("a new shard → passes with the tenant's stack owners", () => {
  let sb: Sandbox;
  let pr: PullRequest;
  beforeAll(async () => {
    sb = await createSandbox({ files: SHARDED });
    pr = sb.pullRequest({ number: 40, author: "ana-dev", branch: "shard-apac", files: { "stacks/contoso-apac.yaml": shard("apac"), "guests/apac/fabrikam.yaml": APAC_GUESTS }, title: "A shard for the APAC rollout" });
  });
  afterAll(() => sb.close());

  it("runs end to end", async () => {
    const waiting = await sb.github("guestops-pr.yml", { event: "pull_request", pr, jobs: ["check"] });
    expect(waiting.jobs.check!.step("validate").outputs.code, waiting.jobs.check!.log()).toBe("0");
    expect(waiting.jobs.check!.step("plan").outputs.code, waiting.jobs.check!.log()).toBe("0");
    expect(waiting.jobs.check!.step("Approval gate").outputs.code).toBe("5");
    const comment = artifactText(waiting, "guestops-comment", "body.md");
    // The policy change of the new shard is the tenant file's owners' to approve: someone can.
    expect(comment).toContain(`| ⏳ | \`policy\` |  | needs an approval from one of ${markdown("jonas.weber@contoso.com")}, ${markdown("mei.lin@contoso.com")} |`);
    expect(comment).toContain(`| ⏳ | \`sponsor:priya.natarajan@contoso.com\` | ${markdown("kofi.mensah@fabrikam.com")} |`);
    expect(comment).not.toContain("declares no stack owners");

    sb.review(pr, "priya-n-contoso", "APPROVED", "2026-11-22T09:00:00Z");
    sb.review(pr, "mei-lin-contoso", "APPROVED", "2026-11-22T09:30:00Z");
    const open = await sb.github("guestops-pr.yml", { event: "pull_request_review", pr, jobs: ["check"] });
    expect(open.jobs.check!.result, open.jobs.check!.log()).toBe("success");
    expect(open.jobs.check!.step("Approval gate").outputs.code).toBe("0");
  });
});
