// The scheduled renewal run, from guestops-renewals.yml itself, against the demo tenant: one pull request
// per sponsor with the right guests and body; a rerun with nothing new changes nothing; a guest the
// sponsor drops stays dropped; a newly due guest joins the open pull request; a bot's approval does not
// open the gate; the owners are asked for a sponsor who has left (samuel.okafor, disabled in the tenant).
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayUtc } from "../../src/model/dates";
import { createSandbox, REPOSITORY, type Call, type Sandbox } from "../pipelines/runner/sandbox";
import { runCli } from "../cli/run-cli";
import { exampleText } from "../helpers/example";
import { artifactText } from "../pipelines/runner/github-runner";

const TODAY = todayUtc();
const LIST = `repos/${REPOSITORY}/pulls?state=open&per_page=100`;
const TOMAS = "guestops/renewals/tomas-berg-contoso-com";
const SAMUEL = "guestops/renewals/samuel-okafor-contoso-com";
const OLIVIA = "guestops/renewals/olivia-chen-contoso-com";

/** The example with its dates moved around today: exactly Elena, Henrik and Grace are due. */
function datedExample(): Record<string, string> {
  const far = addDays(TODAY, 150);
  const recent = addDays(TODAY, -10);
  const move = (text: string) => text.replace(/expires: \d{4}-\d{2}-\d{2}/g, `expires: ${far}`).replace(/reviewed: \d{4}-\d{2}-\d{2}/g, `reviewed: ${recent}`);
  const entry = (text: string, email: string, field: string, value: string) => text.replace(new RegExp(`(- email: ${email.replace(/\./g, "\\.")}\\n(?:    .*\\n)*?    ${field}: )[^\\n]*`), `$1${value}`);
  let fabrikam = move(exampleText("guests/fabrikam.yaml"));
  fabrikam = entry(fabrikam, "elena.petrova@fabrikam.com", "expires", addDays(TODAY, 19));
  let northwind = move(exampleText("guests/northwind.yaml"));
  northwind = entry(northwind, "henrik.larsen@northwind.example", "expires", addDays(TODAY, -1));
  northwind = entry(northwind, "grace.obi@northwind.example", "reviewed", addDays(TODAY, -183));
  return { "guests/fabrikam.yaml": fabrikam, "guests/northwind.yaml": northwind };
}

type GhCall = Call & { method?: string; path?: string; fields?: Record<string, string>; token?: string };
const writes = (sb: Sandbox, since: number): GhCall[] => (sb.calls("gh") as GhCall[]).slice(since).filter((c) => c.method && c.method !== "GET");
const branchSha = (sb: Sandbox, branch: string) => sb.git(sb.remote, ["rev-parse", `refs/heads/${branch}`]).trim();
const branchFile = (sb: Sandbox, branch: string, path: string) => sb.git(sb.remote, ["show", `refs/heads/${branch}:${path}`]);

/** What GitHub would now list as open: each pull request the runs opened, with its latest body. */
function answerOpen(sb: Sandbox, open: Map<string, { number: number; body: string }>, made: readonly GhCall[]): void {
  let next = 40 + open.size;
  for (const c of made) {
    if (c.method === "POST") open.set(c.fields!.head!, { number: ++next, body: c.fields!.body! });
    if (c.method === "PATCH") for (const [branch, pr] of open) if (c.path!.endsWith(`/pulls/${pr.number}`)) open.set(branch, { ...pr, body: c.fields!.body! });
  }
  sb.answer("gh", LIST, [...open].map(([branch, pr]) => ({ number: pr.number, head: { ref: branch, repo: { full_name: "contoso/guest-access" } }, base: { repo: { full_name: "contoso/guest-access" } }, body: pr.body, user: { login: "guestops-renewals[bot]", type: "Bot" } })));
}

async function renewalRun(sb: Sandbox) {
  const before = sb.calls("gh").length;
  const run = await sb.github("guestops-renewals.yml", { event: "schedule" });
  const job = run.jobs.renewals!;
  expect(job.result, job.log()).toBe("success");
  return { job, made: writes(sb, before) };
}

describe("guestops-renewals.yml: renewal pull requests per sponsor", () => {
  let sb: Sandbox;
  const open = new Map<string, { number: number; body: string }>();
  beforeAll(async () => {
    sb = await createSandbox();
    sb.commit(datedExample(), "Dates for the renewal run");
    answerOpen(sb, open, []);
  });
  afterAll(() => sb.close());

  it("runs the weekly journey end to end", async () => {
    // First run: one pull request per sponsor, opened with the App's token.
    const first = await renewalRun(sb);
    expect(first.made.map((c) => [c.method, c.path, c.fields?.head, c.fields?.base])).toEqual([
      ["POST", `repos/${REPOSITORY}/pulls`, SAMUEL, "main"],
      ["POST", `repos/${REPOSITORY}/pulls`, TOMAS, "main"],
    ]);
    expect(first.made.every((c) => c.token!.startsWith("ghs_app_"))).toBe(true);
    const [samuel, tomas] = first.made.map((c) => c.fields!.body!);
    // A sponsor who has left: the other owner of design-review is asked, by the login in people.yaml.
    expect(samuel).toContain("Their sponsor, samuel.okafor&#64;<wbr>contoso.com, has a disabled account in the tenant (left?); @priya-n-contoso, as owners of their groups and apps, you are asked instead.");
    expect(samuel).toContain("| elena.petrova&#64;<wbr>fabrikam.com | group design-review |");
    expect(samuel).toContain("| never |");
    expect(tomas).toContain("@tberg-contoso, you sponsor these guests.");
    expect(tomas).toMatch(/\| grace\.obi&#64;<wbr>northwind\.example \| group supplier-portal, app supplier-portal\/Contributor \| .*review overdue.* \| reviewed → /);
    expect(tomas).toMatch(/\| henrik\.larsen&#64;<wbr>northwind\.example \| app supplier-portal\/Reader \| expired on .* \| expires → \d{4}-\d{2}-\d{2} \| \d{4}-\d{2}-\d{2} \|/);
    expect(first.made[1]!.fields!.title).toBe("Renewals: 2 guests of tomas.berg@contoso.com");
    // The branch renews through the editor: Henrik's access moves by the renewal term, Grace is reviewed.
    const northwind = branchFile(sb, TOMAS, "guests/northwind.yaml");
    expect(northwind).toContain(`expires: ${addDays(TODAY, 90)}\n    justification: SUP-198`);
    expect(northwind.match(new RegExp(`reviewed: ${TODAY}`, "g"))).toHaveLength(2);
    answerOpen(sb, open, first.made);

    // A rerun with nothing new: no push, no edit.
    const shas = [branchSha(sb, SAMUEL), branchSha(sb, TOMAS)];
    const rerun = await renewalRun(sb);
    expect(rerun.made).toEqual([]);
    expect([branchSha(sb, SAMUEL), branchSha(sb, TOMAS)]).toEqual(shas);
    expect(rerun.job.step("Renewal pull requests").stdout).toContain(`unchanged #42: ${TOMAS} already proposes every due guest`);

    // Tomas drops Henrik with guestops renew --drop: his entry goes back to main's bytes on the branch.
    const clone = mkdtempSync(join(sb.dir, "sponsor-"));
    sb.git(sb.dir, ["clone", "-q", sb.remote, clone]);
    sb.git(clone, ["switch", "-q", TOMAS]);
    const mainText = sb.git(clone, ["show", "main:guests/northwind.yaml"]);
    const block = (text: string) => / {2}- email: henrik\.larsen@northwind\.example\n(?: {4}.*\n)*/.exec(text)![0];
    const drop = await runCli(["renew", "--drop", "henrik.larsen@northwind.example"], clone);
    expect(drop.code, drop.stderr).toBe(0);
    expect(block(readFileSync(join(clone, "guests/northwind.yaml"), "utf8"))).toBe(block(mainText));
    sb.git(clone, ["-c", "user.name=Tomas Berg", "-c", "user.email=tomas.berg@contoso.com", "commit", "-q", "-am", "Drop Henrik Larsen: contract ended"]);
    sb.git(clone, ["push", "-q", "origin", TOMAS]);
    const dropped = branchSha(sb, TOMAS);
    const afterDrop = await renewalRun(sb);
    expect(afterDrop.made).toEqual([]);
    expect(branchSha(sb, TOMAS)).toBe(dropped);

    // Newly due: Lucia (Tomas) and Isabel (Olivia). Lucia joins Tomas's open pull request; Henrik stays out.
    const now = Object.fromEntries(["guests/northwind.yaml"].map((p) => [p, sb.git(clone, ["show", `origin/main:${p}`])]));
    now["guests/northwind.yaml"] = now["guests/northwind.yaml"]!.replace(/(- email: lucia\.ferrari@northwind\.example\n(?: {4}.*\n)*? {4}expires: )\S+/, `$1${addDays(TODAY, 7)}`).replace(/(- email: isabel\.moreno@northwind\.example\n(?: {4}.*\n)*? {4}expires: )\S+/, `$1${addDays(TODAY, 5)}`);
    sb.commit(now, "Lucia and Isabel fall due");
    const third = await renewalRun(sb);
    expect(third.made.map((c) => [c.method, c.path, c.fields?.head])).toEqual([
      ["POST", `repos/${REPOSITORY}/pulls`, OLIVIA],
      ["PATCH", `repos/${REPOSITORY}/pulls/42`, undefined],
    ]);
    const patched = third.made[1]!.fields!.body!;
    expect(patched).toContain("lucia.ferrari");
    expect(patched).toMatch(/\| henrik\.larsen&#64;<wbr>northwind\.example \| .* \| dropped from this branch: lapses at expires \|/);
    expect(patched).toMatch(/\| grace\.obi&#64;<wbr>northwind\.example \| .* \| reviewed → /);
    expect(patched).toContain('"proposed":["grace.obi@northwind.example","henrik.larsen@northwind.example","lucia.ferrari@northwind.example"]');
    const onBranch = branchFile(sb, TOMAS, "guests/northwind.yaml");
    expect(block(onBranch)).toBe(block(mainText));
    expect(sb.git(sb.remote, ["log", "--format=%s", `main..${TOMAS}`]).trim().split("\n")).toEqual(["Renewals: 3 guests of tomas.berg@contoso.com", "Drop Henrik Larsen: contract ended", "Renewals: 2 guests of tomas.berg@contoso.com"]);
    answerOpen(sb, open, third.made);

    // The gate on Tomas's pull request: the bot's approval opens nothing; Tomas's does.
    // What GitHub's test merge holds: the branch's renewals over main's Isabel, who is in Olivia's pull request.
    const isabel = (text: string) => / {2}- email: isabel\.moreno@northwind\.example\n(?: {4}.*\n)*/.exec(text)![0];
    const merged = onBranch.replace(isabel(onBranch), isabel(now["guests/northwind.yaml"]!));
    const pr = sb.pullRequest({ number: 42, author: "guestops-renewals[bot]", branch: "renewal-under-review", files: { "guests/northwind.yaml": merged } });
    sb.review(pr, "guestops-renewals[bot]", "APPROVED", "2026-11-21T09:00:00Z");
    const botOnly = await sb.github("guestops-pr.yml", { event: "pull_request_review", pr, jobs: ["check"] });
    expect(botOnly.jobs.check!.step("Approval gate").outputs.code).toBe("5");
    sb.review(pr, "tberg-contoso", "APPROVED", "2026-11-21T10:00:00Z");
    const approved = await sb.github("guestops-pr.yml", { event: "pull_request_review", pr, jobs: ["check"] });
    expect(approved.jobs.check!.result, artifactText(approved, "guestops-comment", "body.md")).toBe("success");
  });

  it("without the GitHub App, opens them with the job's token and warns that the gate has not run", async () => {
    const plain = await createSandbox();
    try {
      plain.commit(datedExample(), "Dates for the renewal run");
      plain.answer("gh", LIST, []);
      plain.vars.GUESTOPS_PR_APP_ID = "";
      const run = await plain.github("guestops-renewals.yml", { event: "schedule" });
      const job = run.jobs.renewals!;
      expect(job.result, job.log()).toBe("success");
      expect(job.step("GitHub App token (so the gate runs on the pull requests)").outcome).toBe("skipped");
      const made = writes(plain, 0);
      expect(made.map((c) => c.token!.startsWith("ghs_app_"))).toEqual([false, false]);
      expect(job.annotations.map((a) => a.level)).toContain("warning");
    } finally {
      await plain.close();
    }
  });
});

describe(".azure-pipelines/guestops-renewals.yml: the same with az repos", () => {
  type AzCall = Call & { verb?: string; id?: string; source?: string; target?: string; title?: string; description?: string };
  const azWrites = (sb: Sandbox, since: number): AzCall[] => (sb.calls("az") as AzCall[]).slice(since).filter((c) => c.verb !== undefined);
  async function azureRun(sb: Sandbox) {
    const before = sb.calls("az").length;
    const run = await sb.azure(".azure-pipelines/guestops-renewals.yml", { reason: "Schedule" });
    const job = run.jobs.renewals!;
    expect(job.result, job.log()).toBe("success");
    return azWrites(sb, before);
  }

  it("opens one pull request per sponsor, changes nothing on a rerun, and updates the open one for a newly due guest", async () => {
    const sb = await createSandbox();
    try {
      sb.commit(datedExample(), "Dates for the renewal run");
      sb.answer("az", "repos pr list", []);
      const first = await azureRun(sb);
      expect(first.map((c) => [c.verb, c.source, c.target])).toEqual([
        ["create", SAMUEL, "main"],
        ["create", TOMAS, "main"],
      ]);
      // Azure DevOps has no mention by login here: the addresses are named, escaped.
      expect(first[0]!.description).toContain("priya.natarajan&#64;<wbr>contoso.com, as owners of their groups and apps, you are asked instead");
      expect(first[1]!.description!.length).toBeLessThanOrEqual(4000);
      expect(branchFile(sb, TOMAS, "guests/northwind.yaml")).toContain(`expires: ${addDays(TODAY, 90)}`);
      const listed = first.map((c, i) => ({ pullRequestId: 70 + i, sourceRefName: `refs/heads/${c.source}`, description: c.description, status: "active" }));
      sb.answer("az", "repos pr list", listed);

      const sha = branchSha(sb, TOMAS);
      expect(await azureRun(sb)).toEqual([]);
      expect(branchSha(sb, TOMAS)).toBe(sha);

      const northwind = sb.git(sb.remote, ["show", "main:guests/northwind.yaml"]).replace(/(- email: lucia\.ferrari@northwind\.example\n(?: {4}.*\n)*? {4}expires: )\S+/, `$1${addDays(TODAY, 7)}`);
      sb.commit({ "guests/northwind.yaml": northwind }, "Lucia falls due");
      const third = await azureRun(sb);
      expect(third.map((c) => [c.verb, c.id])).toEqual([["update", "71"]]);
      expect(third[0]!.description).toContain("lucia.ferrari");
      expect(sb.git(sb.remote, ["log", "--format=%s", `main..${TOMAS}`]).trim().split("\n")).toEqual(["Renewals: 3 guests of tomas.berg@contoso.com", "Renewals: 2 guests of tomas.berg@contoso.com"]);
    } finally {
      await sb.close();
    }
  });
});
