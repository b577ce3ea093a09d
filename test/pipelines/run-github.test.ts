// The GitHub workflows, run from the files themselves in the sandbox: the daily expiry run on a new
// tenant repository of one commit, and what a real runner would refuse. Each mutation below removes
// one thing a step needs (fetch depth, id-token, the environment a federation trusts, a tool, a
// variable), and the sandbox must fail that step as GitHub would; otherwise the harness proves nothing.
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { evaluate } from "./runner/expressions";
import { createSandbox, ROOT, type Sandbox } from "./runner/sandbox";

describe("the daily expiry run", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
  });
  afterAll(() => sb.close());

  it("deploys a repository of one commit against an empty base, then against its record", async () => {
    const first = await sb.github("guestops-deploy.yml", { event: "schedule" });
    expect(first.jobs["record-approvals"]!.result).toBe("skipped");
    const deploy = first.jobs.deploy!;
    expect(deploy.result, deploy.log()).toBe("success");
    expect(deploy.annotations).toContainEqual(expect.objectContaining({ level: "notice", message: expect.stringContaining("planning against an empty base") }));
    expect(first.jobs["record-deploy"]!.result, first.jobs["record-deploy"]!.log()).toBe("success");
    expect(sb.git(sb.remote, ["tag", "--list", "guestops/deploy/prod/*"])).toMatch(/^guestops\/deploy\/prod\/\d{8}T\d{6}Z$/);

    // The next day's run plans against that record: no fallback, nothing to change.
    const second = await sb.github("guestops-deploy.yml", { event: "schedule" });
    expect(second.jobs.deploy!.result, second.jobs.deploy!.log()).toBe("success");
    expect(second.jobs.deploy!.annotations.filter((a) => /no deployment record/.test(a.message))).toEqual([]);
    expect(second.jobs.deploy!.step("Plan against the last deployment").stdout).toMatch(/guestops\/deploy\/prod\//);
    expect(sb.calls("pulumi").filter((c) => c.argv[0] === "up")).toHaveLength(2);
  });
});

type Doc = Record<string, any>;
const workflow = (name: string): Doc => parse(readFileSync(join(ROOT, ".github", "workflows", name), "utf8")) as Doc;
const stepNamed = (steps: Doc[], prefix: string) => steps.find((s) => (s.name ?? s.uses ?? "").startsWith(prefix))!;

describe("what a real runner would refuse, the sandbox refuses", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
  });
  afterAll(() => sb.close());

  const mutated = (name: string, change: (doc: Doc) => void): string => {
    const doc = workflow(name);
    change(doc);
    const file = join(sb.dir, `mutated-${Math.random().toString(36).slice(2)}-${name}`);
    writeFileSync(file, stringify(doc));
    return file;
  };

  it("a shallow checkout cannot plan against HEAD^1", async () => {
    const pr = sb.pullRequest({ number: 3, author: "ana-dev", branch: "touch", files: { "guests/README.md": "Guest files.\n" } });
    const file = mutated("guestops-pr.yml", (d) => delete stepNamed(d.jobs.check.steps, "Check out the pull request").with["fetch-depth"]);
    const check = (await sb.github(file, { event: "pull_request", pr, jobs: ["check"] })).jobs.check!;
    expect(check.step("plan").outputs.code).toBe("2");
    expect(check.result).toBe("failure");
    // The file as shipped checks out the whole history, and plans.
    const shipped = (await sb.github("guestops-pr.yml", { event: "pull_request", pr, jobs: ["check"] })).jobs.check!;
    expect(shipped.step("plan").outputs.code, shipped.log()).toBe("0");
  });

  it.each<[string, (d: Doc) => void, RegExp]>([
    ["without id-token: write, azure/login has no OIDC token", (d) => delete d.jobs.deploy.permissions["id-token"], /give write permissions to id-token/],
    ["in an environment the deploy identity does not trust, Entra refuses the exchange", (d) => (d.jobs.deploy.environment = "preview"), /AADSTS70021.*environment:preview/],
  ])("%s", async (_, change, message) => {
    const deploy = (await sb.github(mutated("guestops-deploy.yml", change), { event: "push", jobs: ["deploy"] })).jobs.deploy!;
    const login = deploy.step("Sign in for the state backend");
    expect(login.outcome).toBe("failure");
    expect(login.stderr).toMatch(message);
    expect(deploy.step("pulumi up").outcome).toBe("skipped");
  });

  it("without azure/login, pulumi up cannot open the state backend", async () => {
    const file = mutated("guestops-deploy.yml", (d) => (d.jobs.deploy.steps = d.jobs.deploy.steps.filter((s: Doc) => !String(s.uses).startsWith("azure/login"))));
    const up = (await sb.github(file, { event: "push", jobs: ["deploy"] })).jobs.deploy!.step("pulumi up");
    expect(up.outcome).toBe("failure");
    expect(up.stderr).toMatch(/failed to open bucket azblob/);
  });

  it("without the step that installs it, pulumi is not on PATH", async () => {
    const file = mutated("guestops-deploy.yml", (d) => (d.jobs.deploy.steps = d.jobs.deploy.steps.filter((s: Doc) => !String(s.uses).startsWith("pulumi/actions"))));
    const up = (await sb.github(file, { event: "push", jobs: ["deploy"] })).jobs.deploy!.step("pulumi up");
    expect([up.outcome, up.code]).toEqual(["failure", 127]);
  });

  it("without a client id, status cannot sign in and says what to set", async () => {
    const file = mutated("guestops-deploy.yml", (d) => delete stepNamed(d.jobs.deploy.steps, "Status to the job summary").env);
    const status = (await sb.github(file, { event: "push", jobs: ["deploy"] })).jobs.deploy!.step("Status to the job summary");
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/AZURE_CLIENT_ID/);
  });

  it("a token without pull-requests: read cannot read the reviews, and one without contents: write cannot push the tag", async () => {
    const pr = sb.pullRequest({ number: 4, author: "ana-dev", branch: "note", files: { "guests/NOTE.md": "Notes.\n" } });
    sb.review(pr, "mei-lin-contoso", "APPROVED");
    sb.merge(pr);
    const file = mutated("guestops-deploy.yml", (d) => {
      delete d.jobs["record-approvals"].permissions["pull-requests"];
      d.jobs["record-deploy"].permissions.contents = "read";
    });
    const run = await sb.github(file, { event: "push" });
    expect(run.jobs.deploy!.result, run.jobs.deploy!.log()).toBe("success");
    expect(run.jobs["record-approvals"]!.step("Write the approvals note").stderr).toMatch(/403.*pull-requests: none/);
    const tag = run.jobs["record-deploy"]!.step("Tag guestops/deploy");
    expect(tag.outcome).toBe("failure");
    expect(tag.stderr).toMatch(/read-only-token/);
    // As shipped, both records are written.
    const shipped = await sb.github("guestops-deploy.yml", { event: "push" });
    for (const job of ["record-approvals", "record-deploy"]) expect(shipped.jobs[job]!.result, shipped.jobs[job]!.log()).toBe("success");
  });

  it("a drift job without id-token: write is a failure to run, not drift", async () => {
    const drift = (await sb.github(mutated("guestops-scheduled.yml", (d) => delete d.jobs.drift.permissions["id-token"]), { event: "schedule" })).jobs.drift!;
    expect(drift.step("Drift").code).toBe(2);
    expect(drift.annotations.map((a) => a.title)).toEqual(["guestops drift: failed"]);
  });
});

describe("the expression evaluator", () => {
  const ctx = { github: { ref: "refs/heads/main", event_name: "push", event: { pull_request: null } }, steps: { up: { outcome: "success", outputs: { at: "T" } } }, needs: {}, env: {}, vars: {}, inputs: { allow: false } };
  it.each<[string, unknown]>([
    ["github.ref == 'refs/heads/main'", true],
    ["github.event_name == 'pull_request' || github.event_name == 'push'", true],
    ["always() && steps.up.outcome != 'skipped'", true],
    ["steps.up.outputs.at", "T"],
    ["steps.missing.outputs.at", null],
    ["inputs.allow", false],
    ["fromJSON('[\"a\",\"b\"]')", ["a", "b"]],
    ["!(github.ref == 'refs/heads/dev')", true],
  ])("%s → %j", (expression, value) => {
    expect(evaluate(expression, ctx)).toEqual(value);
  });

  it.each(["secret.TOKEN", "hashFiles('x')", "github.ref =~ 'x'", "runner.temp"])("refuses %s loudly", (expression) => {
    expect(() => evaluate(expression, ctx)).toThrow();
  });
});

describe("a tenant repository that installs guestops as a package (no bin/, no src/)", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox({ installed: true });
  }, 60_000);
  afterAll(() => sb.close());

  const FABRIKAM_LOGISTICS = `# yaml-language-server: $schema=../node_modules/guestops/schemas/guests.schema.json
partner: Fabrikam Logistics
domains: [fabrikam.com]
sponsor: priya.natarajan@contoso.com
guests:
  - email: omar.haddad@fabrikam.com
    displayName: Omar Haddad
    expires: 2027-04-30
    justification: CHG-2201 warehouse pilot
    groups: [erp-project]
`;

  it("judges a pull request with the guestops its base branch pins", async () => {
    const pr = sb.pullRequest({ number: 21, author: "ana-dev", branch: "add-fabrikam-logistics", files: { "guests/fabrikam-logistics.yaml": FABRIKAM_LOGISTICS } });
    const check = (await sb.github("guestops-pr.yml", { event: "pull_request", pr, jobs: ["check"] })).jobs.check!;
    expect(check.step("validate").outputs.code, check.log()).toBe("0");
    expect(check.step("plan").outputs.code, check.log()).toBe("0");
    expect(check.step("Plan").stdout).toContain("omar.haddad@fabrikam.com");
    // npm ci ran in the base branch's checkout, not in the pull request's.
    expect(sb.calls("npm").map((c) => c.cwd.split("/").pop())).toEqual(["tool"]);
  });

  it("deploys from main with the pinned guestops, and runs pulumi in the repository", async () => {
    const run = await sb.github("guestops-deploy.yml", { event: "schedule" });
    const deploy = run.jobs.deploy!;
    expect(deploy.result, deploy.log()).toBe("success");
    expect(run.jobs["record-deploy"]!.result, run.jobs["record-deploy"]!.log()).toBe("success");
    expect(sb.git(sb.remote, ["tag", "--list", "guestops/deploy/prod/*"])).toMatch(/^guestops\/deploy\/prod\/\d{8}T\d{6}Z$/);
    const up = sb.calls("pulumi").filter((c) => c.argv[0] === "up");
    expect(up).toHaveLength(1);
    expect(readFileSync(join(up[0]!.cwd, "Pulumi.yaml"), "utf8")).toContain("main: node_modules/guestops/src/pulumi/main.js");
  });
});
