// The chained attack, end to end in a real repository: one writer shortens every guest's expiry in a PR
// that needs no approval, then creates a far-future deploy tag so that the next deploy is not refused.
// Both halves are refused: the PR's plan by the mass-removal guard (access ended within the horizon
// counts), the deploy's plan because the forged record is passed over and the last real one is the base.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployTagName, renderDeployRecord } from "../../src/git/deploy-records";
import { runCli } from "../cli/run-cli";
import { applyFiles, commit, git, gitRepo } from "../git/git-repo";
import { AS_OF, fabrikamGuests, northwindGuests, repoFiles } from "./plan-fixtures";

const DEPLOYED = "guestops/deploy/prod/20261120T050000Z";
const FORGED = deployTagName("prod", "2099-12-31T23:59:59Z");
/** The day after AS_OF: inside policy.removalHorizonDays (7 by default). */
const TOMORROW = "2026-12-02";
const shortened = () => repoFiles({ fabrikam: fabrikamGuests().map((g) => ({ ...g, expires: TOMORROW })), northwind: northwindGuests().map((g) => ({ ...g, expires: TOMORROW })) });

async function deployedMain(): Promise<string> {
  const root = gitRepo([{ message: "deployed state", files: repoFiles() }]);
  git(root, ["config", "user.name", "Guestops CI"]);
  git(root, ["config", "user.email", "ci@contoso.com"]);
  expect((await runCli(["record-deploy", "--commit", "HEAD", "--at", "2026-11-20T05:00:00Z"], root)).stdout).toBe(`${DEPLOYED}\n`);
  return root;
}

describe("shorten everyone, then forge a deploy record", () => {
  it("the PR's plan is refused (exit 3): access it ends within the horizon counts toward the mass-removal share", async () => {
    const root = await deployedMain();
    applyFiles(root, shortened());
    const pr = await runCli(["plan", "--base", "HEAD", "--as-of", AS_OF, "--format", "json"], root);
    expect(pr.code, pr.stdout).toBe(3);
    expect(JSON.parse(pr.stdout).approvals).toEqual([]);
  });

  it.each([[[]], [["--base-from-record"]]])("the deploy's plan (%j) with the forged tag present is refused (exit 3), the tag passed over with a note", async (flags) => {
    const root = await deployedMain();
    const deployed = git(root, ["rev-parse", "HEAD"]).trim();
    // The PR merged anyway (say, with --allow-mass-removal lifted by nobody: a direct push).
    commit(root, shortened(), "Shorten expiry (#41)");
    // The forged record: a well-formed annotated tag of the last deployed commit, dated far in the future,
    // so that the base is judged on 2099-12-31 and holds no one: every guest would show as an invitation.
    writeFileSync(join(root, ".git", "forged"), renderDeployRecord({ stack: "prod", commit: deployed, at: "2099-12-31T23:59:59Z" }));
    git(root, ["tag", "-a", "-F", join(root, ".git", "forged"), FORGED, deployed]);

    const out = await runCli(["plan", ...flags, "--as-of", AS_OF, "--format", "json"], root);
    expect(out.code, out.stdout).toBe(3);
    const plan = JSON.parse(out.stdout);
    expect(plan.base.ref).toBe(DEPLOYED);
    expect(plan.guestSummary).toMatchObject({ invite: 0, shorten: 8 });
    expect(plan.refused).toContain("removalHorizonDays");
    expect(plan.notices).toContainEqual(expect.stringMatching(new RegExp(`^deployment record "${FORGED}" was passed over: its record is dated 2099-12-31T23:59:59Z, after `)));
    // The note is escaped as every notice is: Markdown shows the tag's name as text.
    const md = await runCli(["plan", ...flags, "--as-of", AS_OF, "--format", "markdown"], root);
    expect(md.code).toBe(3);
    expect(md.stdout).toContain("was passed over");
  });
});
