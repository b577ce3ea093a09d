// Deployment records: record-deploy leaves an annotated tag per deployment, never moved, and plan then
// uses the newest one as its base, judged on its day.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dayOfTag, deployTagName, tagStamp } from "../../src/git/deploy-records";
import { runCli } from "../cli/run-cli";
import { applyFiles, commit, git, gitRepo } from "../git/git-repo";
import { AS_OF, fabrikamGuests, guestFileYaml, repoFiles } from "../plan/plan-fixtures";

function repo(): string {
  const root = gitRepo([{ message: "deployed state", files: repoFiles() }]);
  git(root, ["config", "user.name", "Guestops CI"]);
  git(root, ["config", "user.email", "ci@contoso.com"]);
  return root;
}
const planJson = JSON.stringify({ summary: { create: 2, update: 0, replace: 0, delete: 1 }, changes: [] });
const record = (root: string, ...args: string[]) => runCli(["record-deploy", "--commit", "HEAD", ...args], root);

describe("deployment records", () => {
  it("names tags by UTC time, sortable and legal in a ref", () => {
    expect(tagStamp("2026-12-01T06:30:00.123Z")).toBe("20261201T063000Z");
    expect(deployTagName("prod", "2026-12-01T06:30:00Z")).toBe("guestops/deploy/prod/20261201T063000Z");
    expect(dayOfTag("guestops/deploy/prod/20261201T063000Z")).toBe("2026-12-01");
    expect(dayOfTag("guestops/deploy/prod/latest")).toBeUndefined();
  });

  it("record-deploy writes an annotated tag with the commit, time, run URL and resource summary", async () => {
    const root = repo();
    writeFileSync(join(root, "plan.json"), planJson);
    const r = await record(root, "--at", "2026-11-28T05:00:00Z", "--plan", "plan.json", "--run-url", "https://github.com/contoso/guests/actions/runs/42");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("guestops/deploy/prod/20261128T050000Z\n");
    expect(git(root, ["cat-file", "-t", "guestops/deploy/prod/20261128T050000Z"]).trim()).toBe("tag");
    const message = git(root, ["tag", "-l", "--format=%(contents)", "guestops/deploy/prod/20261128T050000Z"]);
    expect(message.split("\n")[0]).toBe("guestops deploy prod at 2026-11-28T05:00:00Z");
    expect(JSON.parse(message.slice(message.indexOf("{")))).toEqual({
      stack: "prod",
      commit: git(root, ["rev-parse", "HEAD"]).trim(),
      at: "2026-11-28T05:00:00Z",
      runUrl: "https://github.com/contoso/guests/actions/runs/42",
      summary: { create: 2, update: 0, replace: 0, delete: 1 },
    });
  });

  it("never moves a tag: the same time twice is refused", async () => {
    const root = repo();
    expect((await record(root, "--at", "2026-11-28T05:00:00Z")).code).toBe(0);
    commit(root, { "note.txt": "x" }, "later");
    const again = await record(root, "--at", "2026-11-28T05:00:00Z");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("never moved");
  });

  it.each([
    [["--run-url", "javascript:alert(1)"], "not an https URL"],
    [["--at", "2026-11-28 05:00"], "not a UTC time"],
    [["--plan", "missing.json"], "cannot be read as JSON"],
  ])("usage error %j", async (args, words) => {
    const r = await record(repo(), ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(words);
  });

  it("plan's base defaults to the newest record, judged on its day", async () => {
    const root = repo();
    await record(root, "--at", "2026-11-01T05:00:00Z");
    commit(root, { "guests/fabrikam.yaml": guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", fabrikamGuests().slice(1)) }, "merged, not deployed yet");
    await record(root, "--at", "2026-11-28T05:00:00Z", "--commit", "HEAD~1");
    applyFiles(root, { "guests/fabrikam.yaml": guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", fabrikamGuests().slice(1)) });
    const r = await runCli(["plan", "--as-of", AS_OF, "--format", "json"], root);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.base.ref).toBe("guestops/deploy/prod/20261128T050000Z");
    expect(plan.baseAsOf).toBe("2026-11-28");
    expect(plan.guestSummary.remove).toBe(1);
    // An explicit base still wins.
    expect(JSON.parse((await runCli(["plan", "--as-of", AS_OF, "--format", "json", "--base", "HEAD"], root)).stdout).base.ref).toBe("HEAD");
  });
});
