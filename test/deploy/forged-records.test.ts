// Forged deployment records in a real repository: each is passed over by plan (with a note naming it),
// by record-deploy --latest and plan --base-from-record (which fail closed when nothing else is left),
// and by the audit (never a deployedAt; a record-unreadable event instead).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployTagName, renderDeployRecord } from "../../src/git/deploy-records";
import { runCli } from "../cli/run-cli";
import { commit, git, gitRepo } from "../git/git-repo";
import { AS_OF, repoFiles } from "../plan/plan-fixtures";

const VALID = "guestops/deploy/prod/20261101T050000Z";

/** A repository of two commits; the first was deployed on 2026-11-01 by record-deploy, the second is HEAD. */
async function deployedRepo(): Promise<{ root: string; deployed: string; head: string; validObject: string }> {
  const root = gitRepo([{ message: "deployed state", files: repoFiles() }]);
  git(root, ["config", "user.name", "Guestops CI"]);
  git(root, ["config", "user.email", "ci@contoso.com"]);
  const deployed = git(root, ["rev-parse", "HEAD"]).trim();
  expect((await runCli(["record-deploy", "--commit", deployed, "--at", "2026-11-01T05:00:00Z"], root)).stdout).toBe(`${VALID}\n`);
  const validObject = git(root, ["rev-parse", `refs/tags/${VALID}`]).trim();
  commit(root, { "notes.txt": "a later commit" }, "later");
  return { root, deployed, head: git(root, ["rev-parse", "HEAD"]).trim(), validObject };
}

function annotated(root: string, name: string, target: string, message: string, date = "2026-11-30T09:00:00+00:00"): void {
  writeFileSync(join(root, ".git", "tag-message"), message);
  git(root, ["tag", "-a", "-F", join(root, ".git", "tag-message"), name, target], date);
}

const record = (commit: string, at: string, stack = "prod") => renderDeployRecord({ stack, commit, at });
const FUTURE = "2099-01-01T00:00:00Z";

/** Each forgery is newer by name than the valid record, so that a plan that trusted names would pick it. */
const forgeries: { desc: string; tag: string; reason: string; forge(root: string, r: { deployed: string; head: string; validObject: string }): void }[] = [
  { desc: "a far-future record", tag: deployTagName("prod", FUTURE), reason: "after", forge: (root, { head }) => annotated(root, deployTagName("prod", FUTURE), head, record(head, FUTURE)) },
  { desc: "a lightweight tag", tag: "guestops/deploy/prod/20261129T000000Z", reason: "lightweight tag", forge: (root) => git(root, ["tag", "guestops/deploy/prod/20261129T000000Z", "HEAD"]) },
  { desc: "a message that is no record", tag: "guestops/deploy/prod/20261129T000000Z", reason: "not a deploy record", forge: (root) => annotated(root, "guestops/deploy/prod/20261129T000000Z", "HEAD", "deployed by hand\n") },
  { desc: "a record of another stack", tag: deployTagName("prod", "2026-11-29T00:00:00Z"), reason: 'stack "dev"', forge: (root, { head }) => annotated(root, deployTagName("prod", "2026-11-29T00:00:00Z"), head, record(head, "2026-11-29T00:00:00Z", "dev")) },
  { desc: "a record of another commit", tag: deployTagName("prod", "2026-11-29T00:00:00Z"), reason: "but the tag points at", forge: (root, { head, deployed }) => annotated(root, deployTagName("prod", "2026-11-29T00:00:00Z"), deployed, record(head, "2026-11-29T00:00:00Z")) },
  {
    desc: "a record of a commit off the branch",
    tag: deployTagName("prod", "2026-11-29T00:00:00Z"),
    reason: "not on the first-parent history",
    forge: (root, { deployed }) => {
      const side = git(root, ["commit-tree", `${deployed}^{tree}`, "-p", deployed, "-m", "side branch"]).trim();
      annotated(root, deployTagName("prod", "2026-11-29T00:00:00Z"), side, record(side, "2026-11-29T00:00:00Z"));
    },
  },
  { desc: "a record tagged before its deployment", tag: deployTagName("prod", "2026-11-30T12:00:00Z"), reason: "before the deployment", forge: (root, { head }) => annotated(root, deployTagName("prod", "2026-11-30T12:00:00Z"), head, record(head, "2026-11-30T12:00:00Z")) },
  {
    desc: "a valid tag object under a newer name",
    tag: "guestops/deploy/prod/20261129T000000Z",
    reason: "was made as",
    forge: (root, { validObject }) => git(root, ["update-ref", "refs/tags/guestops/deploy/prod/20261129T000000Z", validObject]),
  },
];

describe.each(forgeries)("$desc", ({ tag, reason, forge }) => {
  it("is passed over by plan, with a note; the newest record that can be trusted is the base", async () => {
    const r = await deployedRepo();
    forge(r.root, r);
    const out = await runCli(["plan", "--as-of", AS_OF, "--format", "json"], r.root);
    expect(out.code, out.stderr).toBe(0);
    const plan = JSON.parse(out.stdout);
    expect(plan.base.ref).toBe(VALID);
    expect(plan.baseAsOf).toBe("2026-11-01");
    expect(plan.notices).toContainEqual(expect.stringContaining(`deployment record ${JSON.stringify(tag)} was passed over: `));
    expect(plan.notices.find((n: string) => n.includes(tag))).toContain(reason);
    expect((await runCli(["record-deploy", "--latest"], r.root)).stdout).toBe(`${VALID}\n`);
    expect(JSON.parse((await runCli(["plan", "--base-from-record", "--as-of", AS_OF, "--format", "json"], r.root)).stdout).base.ref).toBe(VALID);
  });

  it("never sets deployedAt in the audit, and is listed as record-unreadable", async () => {
    const r = await deployedRepo();
    git(r.root, ["tag", "--delete", VALID]);
    forge(r.root, r);
    const audit = JSON.parse((await runCli(["audit", "--format", "json"], r.root)).stdout);
    expect(audit.events.filter((e: { deployedAt: string | null }) => e.deployedAt !== null)).toEqual([]);
    const unreadable = audit.events.filter((e: { kind: string }) => e.kind === "record-unreadable");
    expect(unreadable).toEqual([expect.objectContaining({ flags: ["record-unreadable"], detail: expect.stringContaining(`deploy tag ${JSON.stringify(tag)} passed over: `) })]);
    expect(unreadable[0].detail).toContain(reason);
  });

  it("fails closed when it is the only record: record-deploy --latest and plan --base-from-record exit 2", async () => {
    const r = await deployedRepo();
    git(r.root, ["tag", "--delete", VALID]);
    forge(r.root, r);
    const latest = await runCli(["record-deploy", "--latest"], r.root);
    expect(latest.code).toBe(2);
    expect(latest.stdout).toBe("");
    expect(latest.stderr).toContain(`${JSON.stringify(tag)}, was passed over: `);
    const plan = await runCli(["plan", "--base-from-record", "--as-of", AS_OF], r.root);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain("can be trusted");
  });
});

describe("the first deployment", () => {
  it("has no record: record-deploy --latest prints nothing and exits 0; plan --base-from-record asks for --base", async () => {
    const root = gitRepo([{ message: "first", files: repoFiles() }]);
    expect(await runCli(["record-deploy", "--latest"], root)).toEqual({ code: 0, stdout: "", stderr: "" });
    const plan = await runCli(["plan", "--base-from-record"], root);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain("has no deployment record");
  });

  it("refuses --latest with the flags of a recording, and --base-from-record with --base", async () => {
    const root = gitRepo([{ message: "first", files: repoFiles() }]);
    expect((await runCli(["record-deploy", "--latest", "--commit", "HEAD"], root)).code).toBe(2);
    expect((await runCli(["plan", "--base-from-record", "--base", "HEAD"], root)).code).toBe(2);
  });
});

describe("a passed-over tag's name is untrusted text", () => {
  it("reaches the Markdown plan escaped: no HTML, no table cell break", async () => {
    const r = await deployedRepo();
    const hostile = "guestops/deploy/prod/<img_src=x_onerror=alert(1)>|x";
    git(r.root, ["tag", hostile, "HEAD"]);
    const md = await runCli(["plan", "--as-of", AS_OF, "--format", "markdown"], r.root);
    expect(md.code, md.stderr).toBe(0);
    const note = md.stdout.split("\n").find((l) => l.includes("was passed over"))!;
    expect(note).toContain("lightweight tag");
    expect(note).not.toContain("<img");
    expect(note).not.toMatch(/(^|[^\\])\|/);
  });
});
