// A shard's deploy plans against what every shard has deployed: plan --base-from-record takes the oldest
// of the shards' newest trusted records, and fails closed when a shard has none to trust.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployTagName, renderDeployRecord } from "../../src/git/deploy-records";
import { runCli } from "../cli/run-cli";
import { applyFiles, commit, git, gitRepo } from "../git/git-repo";
import { fabrikamGuests } from "../plan/plan-fixtures";
import { tenantFiles } from "./shard-fixtures";

const [ana, ben, ...rest] = fabrikamGuests();
const AS_OF = ["--as-of", "2026-12-01"];
const EU = "guestops/deploy/eu/20261101T050000Z";
const US = "guestops/deploy/us/20261110T050000Z";

async function deployed(): Promise<{ root: string; second: string }> {
  const root = gitRepo([{ message: "base", files: tenantFiles({ eu: [ana!, ben!], us: rest }) }]);
  git(root, ["config", "user.name", "Guestops CI"]);
  git(root, ["config", "user.email", "ci@contoso.com"]);
  expect((await runCli(["record-deploy", "--stack", "eu", "--commit", "HEAD", "--at", "2026-11-01T05:00:00Z"], root)).stdout).toBe(`${EU}\n`);
  commit(root, { "notes.txt": "later" }, "later");
  expect((await runCli(["record-deploy", "--stack", "us", "--commit", "HEAD", "--at", "2026-11-10T05:00:00Z"], root)).stdout).toBe(`${US}\n`);
  return { root, second: git(root, ["rev-parse", "HEAD"]).trim() };
}

describe("plan --base-from-record over shards", () => {
  it("bases a shard's plan on the oldest of the shards' newest records, so its guards see the removal", async () => {
    const { root, second } = await deployed();
    // A forged far-future record of us is passed over: it moves nothing.
    const future = "2099-01-01T00:00:00Z";
    writeFileSync(join(root, ".git", "forged"), renderDeployRecord({ stack: "us", commit: second, at: future }));
    git(root, ["tag", "-a", "-F", join(root, ".git", "forged"), deployTagName("us", future), second]);
    applyFiles(root, tenantFiles({ eu: [ana!, ben!], us: rest.slice(0, 1) }));
    const r = await runCli(["plan", "--stack", "us", "--base-from-record", "--format", "json", ...AS_OF], root);
    expect(r.code, r.stdout).toBe(3);
    const [plan] = JSON.parse(r.stdout).shards;
    expect(plan.stack).toBe("us");
    expect(plan.base.ref).toBe(EU);
    expect(plan.baseAsOf).toBe("2026-11-01");
    // Without it a shard's base is HEAD, as before.
    expect(JSON.parse((await runCli(["plan", "--stack", "us", "--format", "json", ...AS_OF], root)).stdout).shards[0].base.ref).toBe("HEAD");
  });

  it("fails closed (exit 2) when a shard has no record it can trust", async () => {
    const { root } = await deployed();
    git(root, ["tag", "--delete", EU]);
    git(root, ["tag", "guestops/deploy/eu/20261120T000000Z", "HEAD"]);
    const r = await runCli(["plan", "--tenant", "contoso", "--base-from-record", ...AS_OF], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"guestops/deploy/eu/20261120T000000Z", was passed over: a lightweight tag');
  });

  it("leaves out a shard never deployed: adding a shard does not stop its siblings' deploys", async () => {
    const { root } = await deployed();
    // A third shard, new in this change: it has no record yet, and holds nothing deployed.
    const [first, ...others] = rest;
    applyFiles(root, tenantFiles({ eu: [ana!, ben!], us: others, apac: [first!] }));
    const r = await runCli(["plan", "--stack", "us", "--base-from-record", "--format", "json", ...AS_OF], root);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).shards[0].base.ref).toBe(EU);
    // With no shard deployed at all, there is nothing to base on: exit 2, with the fix.
    for (const tag of [EU, US]) git(root, ["tag", "--delete", tag]);
    const none = await runCli(["plan", "--tenant", "contoso", "--base-from-record", ...AS_OF], root);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("has a deployment record");
  });
});
