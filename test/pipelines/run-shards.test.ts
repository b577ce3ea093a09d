// guestops-deploy-shards.yml, run from the file itself: in the unsharded example it lists no shard and
// deploys nothing (guestops-deploy.yml does); in a tenant split into shards it plans the tenant, moves
// the resources of guests that changed shard, and deploys each shard in its own matrix job with its own
// OIDC token and full history, each recorded as its shard's tag.
import { afterAll, describe, expect, it } from "vitest";
import { createSandbox, shardedExample, type Sandbox } from "./runner/sandbox";
import { exampleText } from "../helpers/example";

const read = exampleText;
const SHARDED = shardedExample();

describe("guestops-deploy-shards.yml", () => {
  const open: Sandbox[] = [];
  afterAll(async () => {
    for (const sb of open) await sb.close();
  });

  it("deploys nothing in the unsharded example", async () => {
    const sb = await createSandbox({ graph: false });
    open.push(sb);
    const run = await sb.github("guestops-deploy-shards.yml", { event: "push" });
    expect(run.jobs.shards!.result, run.jobs.shards!.log()).toBe("success");
    expect(run.jobs.shards!.annotations.map((a) => a.message)).toEqual([expect.stringContaining("guestops-deploy.yml deploys it")]);
    for (const job of ["moves", "deploy", "record-deploy"]) expect(run.jobs[job]!.result, job).toBe("skipped");
    expect(sb.calls("pulumi")).toEqual([]);
  });

  it("deploys every shard in its own job, then moves a guest's resources before the next deploy", async () => {
    const sb = await createSandbox({ files: SHARDED });
    open.push(sb);
    const first = await sb.github("guestops-deploy-shards.yml", { event: "push" });
    expect(first.jobs.shards!.outputs.names).toBe('["contoso-eu","contoso-us"]');
    for (const job of ["moves", "deploy (contoso-eu)", "deploy (contoso-us)", "record-deploy (contoso-eu)", "record-deploy (contoso-us)"]) expect(first.jobs[job]!.result, `${job}\n${first.jobs[job]!.log()}`).toBe("success");
    expect(sb.calls("pulumi").filter((c) => c.argv[0] === "up").map((c) => c.stack).sort()).toEqual(["contoso-eu", "contoso-us"]);
    expect(sb.git(sb.remote, ["tag", "--list", "guestops/deploy/*"]).split("\n").map((t) => t.split("/")[2])).toEqual(["contoso-eu", "contoso-us"]);

    // Ana moves from the EU shard's files to the US shard's: her resources change stack, nothing is re-created.
    const eu = read("guests/fabrikam.yaml");
    const start = eu.indexOf("  - email: ana.silva@fabrikam.com");
    const end = eu.indexOf("\n  - email:", start + 1);
    const ana = eu.slice(start, end);
    sb.commit({ "guests/eu/fabrikam.yaml": eu.slice(0, start) + eu.slice(end + 1), "guests/us/fabrikam-us.yaml": `partner: Fabrikam\ndomains: [fabrikam.com]\nsponsor: priya.natarajan@contoso.com\nguests:\n${ana}\n` }, "Move Ana Silva to the US shard");
    const plan = await sb.guestops(["plan", "--tenant", "contoso", "--base", "HEAD~1", "--format", "json"]);
    const moves = (JSON.parse(plan.stdout) as { moves: { from: string; to: string; resources: { urn: string }[] }[] }).moves;
    expect(moves.map((m) => [m.from, m.to])).toEqual([["contoso-eu", "contoso-us"]]);
    sb.answer("pulumi", "contoso-eu", { deployment: { resources: moves[0]!.resources.map((r) => ({ urn: r.urn })) } });

    const second = await sb.github("guestops-deploy-shards.yml", { event: "push" });
    expect(second.jobs.moves!.result, second.jobs.moves!.log()).toBe("success");
    const moved = sb.calls("pulumi").filter((c) => c.argv[0] === "state");
    expect(moved.map((c) => c.argv.slice(0, 6))).toEqual([["state", "move", "--source", "contoso-eu", "--dest", "contoso-us"]]);
    expect(moved[0]!.argv.slice(7)).toEqual(moves[0]!.resources.map((r) => r.urn));
    expect(second.jobs.deploy!.result, second.jobs.deploy!.summary).toBe("success");
  });
});
