// guestops plan end to end: a real temporary Git repository as the base, its working tree as the head,
// and the exit codes a pipeline relies on.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main, type CommandContext } from "../../src/cli/main";
import { applyFiles, gitRepo } from "../git/git-repo";
import { testdir } from "../helpers/testdir";
import { AS_OF, fabrikamGuests, guestFileYaml, repoFiles, stackDoc } from "./plan-fixtures";

async function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const ctx: CommandContext = { cwd, env, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await main(args, ctx);
  return { code, stdout, stderr };
}

const plan = (cwd: string, ...args: string[]) => run(cwd, ["plan", "--as-of", AS_OF, ...args]);
const committed = () => gitRepo([{ message: "base: onboard partners", files: repoFiles() }]);
const kofi = { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", groups: ["erp-project"] };

describe("guestops plan", () => {
  it("exit 0: compares the working tree with HEAD by default", async () => {
    const root = committed();
    applyFiles(root, { "guests/fabrikam.yaml": guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", [...fabrikamGuests(), kofi]) });
    const r = await plan(root, "--format", "json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json).slice(0, 4)).toEqual(["summary", "changes", "guests", "refused"]);
    expect(json.summary).toEqual({ create: 3, update: 0, replace: 0, delete: 0 });
    expect(json.changes.map((c: { op: string; name: string }) => `${c.op} ${c.name}`)).toEqual(["create kofi.mensah@fabrikam.com", "create erp-project/kofi.mensah@fabrikam.com", "create lifecycle/kofi.mensah@fabrikam.com"]);
    expect(json.guests).toMatchObject([{ action: "invite", key: "kofi.mensah@fabrikam.com", approvers: ["priya.natarajan@contoso.com"], file: "guests/fabrikam.yaml" }]);
    expect(json.refused).toBeNull();
    expect(json.base).toMatchObject({ ref: "HEAD", subject: "base: onboard partners", empty: false });
  });

  it("exit 0 with no changes when the working tree is the base", async () => {
    const r = await plan(committed());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Resources: no resource changes.");
  });

  it("exit 1: head validation errors, printed as guestops validate prints them, with the command to run again", async () => {
    const root = committed();
    applyFiles(root, { "guests/fabrikam.yaml": "partner: Fabrikam\nguests: [\n" });
    for (const format of ["text", "json"]) {
      const r = await plan(root, "--format", format);
      const v = await run(root, ["validate", "--as-of", AS_OF, "--format", format]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(v.stdout.replace("run guestops validate again", "run guestops plan again"));
    }
  });

  it("exit 2: an unknown base names the fetch that would fix it", async () => {
    const r = await plan(committed(), "--base", "origin/main");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('guestops: error: --base "origin/main" is not a revision in this repository\nhint: fetch it first: git fetch origin main\n');
  });

  it.each([
    { args: ["--format", "yaml"], message: '--format "yaml" is not a format of this command' },
    { args: ["--base-as-of", "2027-02-30"], message: '--base-as-of "2027-02-30" is not a date' },
    { args: ["--stack", "dev"], message: 'stack "dev" has no file stacks/dev.yaml' },
  ])("exit 2: $args", async ({ args, message }) => {
    const r = await plan(committed(), ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("exit 2 outside a Git repository", async () => {
    const r = await plan(testdir(repoFiles()));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not inside a Git repository/);
  });

  it("exit 3: an emptied guests/ is refused, even with --allow-mass-removal", async () => {
    const root = committed();
    applyFiles(root, { guests: null });
    for (const extra of [[], ["--allow-mass-removal"]]) {
      const r = await plan(root, ...extra);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('REFUSED: the head declares no guests, but the base has 8 with access or an account; an empty or missing guests/ never means "remove everyone"');
    }
  });

  it("exit 3 for a mass removal; --allow-mass-removal turns it into exit 0 with a loud warning", async () => {
    const root = committed();
    applyFiles(root, { "guests/northwind.yaml": null });
    expect((await plan(root)).code).toBe(3);
    const allowed = await plan(root, "--allow-mass-removal");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("WARNING: --allow-mass-removal is set");
  });

  it("a base without the stack file counts as empty: everything is created", async () => {
    const root = gitRepo([{ message: "readme only", files: { "README.md": "# tenant\n" } }]);
    applyFiles(root, repoFiles());
    const json = JSON.parse((await plan(root, "--format", "json")).stdout);
    expect(json.base.empty).toBe(true);
    expect(json.summary.delete + json.summary.replace).toBe(0);
    expect(json.guestSummary.invite + json.guestSummary.adopt).toBe(8);
  });

  it("--base-as-of judges the base on another day: the scheduled expiry run", async () => {
    const root = committed();
    // Nothing changes in Git; Carla's access ends on 2027-02-28, so it expires between the two dates.
    const json = JSON.parse((await run(root, ["plan", "--base-as-of", "2027-02-28", "--as-of", "2027-03-01", "--format", "json"])).stdout);
    expect(json.guests).toMatchObject([{ action: "expire", key: "carla.gomez@fabrikam.com" }]);
    expect(json.baseAsOf).toBe("2027-02-28");
  });

  it("--format github annotates the changed guests' lines and writes the Markdown job summary", async () => {
    const root = committed();
    const text = guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", [...fabrikamGuests(), kofi]);
    applyFiles(root, { "guests/fabrikam.yaml": text, "summary.md": "" });
    const r = await run(root, ["plan", "--as-of", AS_OF, "--format", "github"], { GITHUB_STEP_SUMMARY: join(root, "summary.md") });
    expect(r.code).toBe(0);
    const line = text.split("\n").findIndex((l) => l.includes("kofi.mensah@fabrikam.com")) + 1;
    expect(r.stdout).toContain(`::notice file=guests/fabrikam.yaml,line=${line},col=`);
    expect(readFileSync(join(root, "summary.md"), "utf8")).toContain("### guestops plan for `prod`: 1 invite");
  });

  it("--stack picks among several stacks, which must exist in the working tree", async () => {
    const root = gitRepo([{ message: "base", files: { ...repoFiles(), "stacks/dev.yaml": repoFiles({ stack: { ...stackDoc(), tenantId: "99999999-9999-4999-8999-999999999999" } })["stacks/prod.yaml"]! } }]);
    expect((await plan(root)).stderr).toContain("there are 2 stacks (dev, prod); choose one");
    expect((await plan(root, "--stack", "dev")).code).toBe(0);
  });

  describe("a deleted stack file that still holds guests is refused, like a deleted shard", () => {
    const dev = repoFiles({ stack: { ...stackDoc(), tenantId: "99999999-9999-4999-8999-999999999999" } })["stacks/prod.yaml"]!;
    const twoStacks = () => gitRepo([{ message: "base", files: { ...repoFiles(), "stacks/dev.yaml": dev } }]);
    const refusal = 'stacks/prod.yaml is deleted, but stack "prod" still manages 8 guests';
    const fix = "Retire the guests first (let them expire, or remove their entries, and deploy), then delete the file; or pass --allow-stack-removal";
    const rows: { desc: string; setup: () => string; edit: Record<string, string | null>; args: string[]; env?: NodeJS.ProcessEnv; stack: string }[] = [
      { desc: "the other stack, chosen by default", setup: twoStacks, edit: { "stacks/prod.yaml": null }, args: [], stack: "dev" },
      { desc: "--stack naming the deleted stack", setup: twoStacks, edit: { "stacks/prod.yaml": null }, args: ["--stack", "prod"], stack: "prod" },
      { desc: "PULUMI_STACK naming the deleted stack", setup: twoStacks, edit: { "stacks/prod.yaml": null }, args: [], env: { PULUMI_STACK: "org/guestops/prod" }, stack: "prod" },
      // A rename is a deletion and a new stack: the new one's empty base would invite everyone again.
      { desc: "a renamed stack file", setup: committed, edit: { "stacks/prod.yaml": null, "stacks/production.yaml": repoFiles()["stacks/prod.yaml"]! }, args: [], stack: "production" },
    ];
    it.each(rows)("$desc: exit 3 with the fix; --allow-stack-removal turns it into exit 0 with a loud warning", async ({ setup, edit, args, env, stack }) => {
      const root = setup();
      applyFiles(root, edit);
      const refused = await run(root, ["plan", "--as-of", AS_OF, ...args, "--format", "json"], env);
      expect(refused.code).toBe(3);
      const json = JSON.parse(refused.stdout);
      expect(json.stack).toBe(stack);
      expect(json.refused).toContain(refusal);
      expect(json.refused).toContain(fix);
      expect(json.guards.refusals.map((r: { guard: string }) => r.guard)).toEqual(["stackRemoval"]);
      const text = await run(root, ["plan", "--as-of", AS_OF, ...args], env);
      expect(text.code).toBe(3);
      expect(text.stdout).toContain(`REFUSED: ${refusal}`);
      const allowed = await run(root, ["plan", "--as-of", AS_OF, ...args, "--allow-stack-removal"], env);
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toContain(`WARNING: --allow-stack-removal is set: ${refusal}; their access stays in the tenant`);
      const github = await run(root, ["plan", "--as-of", AS_OF, ...args, "--allow-stack-removal", "--format", "github"], env);
      expect(github.stdout).toMatch(/^::warning title=guestops plan%3A --allow-stack-removal::/m);
    });

    it("the deleted stack itself shows no change to the tenant: nothing deploys it again", async () => {
      const root = twoStacks();
      applyFiles(root, { "stacks/prod.yaml": null });
      const json = JSON.parse((await plan(root, "--stack", "prod", "--allow-stack-removal", "--format", "json")).stdout);
      expect(json.head.label).toBe("working tree (stacks/prod.yaml deleted)");
      expect(json.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
      expect(json.guards.overridden.map((r: { guard: string }) => r.guard)).toEqual(["stackRemoval"]);
    });

    it("a stack file whose stack holds no guests may go, and a name in neither revision is still a usage error", async () => {
      const empty = { ...stackDoc(), tenantId: "99999999-9999-4999-8999-999999999999", guestFiles: ["retired/*.yaml"] };
      const root = gitRepo([{ message: "base", files: { ...repoFiles(), "stacks/old.yaml": repoFiles({ stack: empty })["stacks/prod.yaml"]! } }]);
      applyFiles(root, { "stacks/old.yaml": null });
      expect((await plan(root)).code).toBe(0);
      const r = await plan(root, "--stack", "gone");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('stack "gone" has no file stacks/gone.yaml');
    });
  });

  it("--help teaches the command, its guards and exit codes", async () => {
    const r = await run(testdir({}), ["plan", "--help"]);
    expect(r.code).toBe(0);
    for (const words of ["--base REF", "--base-as-of DATE", "--allow-mass-removal", "--allow-stack-removal", "Exit codes: 0 plan shown, 1 validation errors", "3 refused by a guard", "never means \"remove everyone\""]) {
      expect(r.stdout).toContain(words);
    }
  });
});

describe("guestops:asOf in Pulumi.<stack>.yaml", () => {
  // The date decides who has access: a PR that moves it must show as a policy change, and plan and
  // validate must judge with it, exactly as the program will.
  it("a far date is judged as the program would judge it, shown as a loosening policy change, and refused for mass removal", async () => {
    const root = committed();
    applyFiles(root, { "Pulumi.prod.yaml": 'config:\n  guestops:asOf: "2099-12-31"\n' });
    const r = await plan(root, "--format", "json");
    const json = JSON.parse(r.stdout);
    expect(json.asOf).toBe("2099-12-31");
    expect(json.policyChanges).toEqual([{ file: "Pulumi.prod.yaml", path: "config.guestops:asOf", after: "2099-12-31", loosens: true, approvers: ["mei.lin@contoso.com"] }]);
    expect(json.approvals).toContainEqual({ for: "policy", anyOf: ["mei.lin@contoso.com"] });
    expect(json.notices[0]).toContain("expiry is judged on 2099-12-31, the guestops:asOf of Pulumi.prod.yaml");
    expect(json.notices[0]).toContain(`(not on --as-of ${AS_OF})`);
    expect(r.code).toBe(3);
    expect(json.guards.refusals.map((x: { guard: string }) => x.guard)).toContain("massRemoval");

    const v = await run(root, ["validate", "--format", "json"]);
    expect(JSON.parse(v.stdout).asOf).toBe("2099-12-31");
  });

  it("a date that is not on the calendar is a validation error at its line", async () => {
    const root = committed();
    applyFiles(root, { "Pulumi.prod.yaml": 'config:\n  guestops:asOf: "2027-02-30"\n' });
    const v = await run(root, ["validate", "--as-of", AS_OF]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('Pulumi.prod.yaml:2:18 error: guestops:asOf "2027-02-30" is not a real calendar date');
  });
});

describe("a base the clone cannot read", () => {
  it("a missing object is a usage error with the repair, not an internal error", async () => {
    const root = committed();
    // A commit whose tree names a blob the repository does not have, as a broken or partial clone would.
    const missing = "1111111111111111111111111111111111111111";
    const stackBlob = execFileSync("git", ["hash-object", "-w", "stacks/prod.yaml"], { cwd: root, encoding: "utf8" }).trim();
    const stacks = execFileSync("git", ["mktree"], { cwd: root, input: `100644 blob ${stackBlob}\tprod.yaml\n`, encoding: "utf8" }).trim();
    const guests = execFileSync("git", ["mktree", "--missing"], { cwd: root, input: `100644 blob ${missing}\tfabrikam.yaml\n`, encoding: "utf8" }).trim();
    const tree = execFileSync("git", ["mktree", "--missing"], { cwd: root, input: `040000 tree ${guests}\tguests\n040000 tree ${stacks}\tstacks\n`, encoding: "utf8" }).trim();
    const commit = execFileSync("git", ["commit-tree", tree, "-m", "broken"], { cwd: root, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@contoso.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@contoso.com" } }).trim();
    const r = await plan(root, "--base", commit);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the repository's object ${missing} is missing`);
    expect(r.stderr).toContain("git fetch");
  });
});
