// validate and plan cover every shard of a tenant in one run; --stack narrows to one.
import { describe, expect, it } from "vitest";
import { applyFiles, gitRepo } from "../git/git-repo";
import { runCli } from "../cli/run-cli";
import { fabrikamGuests } from "../plan/plan-fixtures";
import { tenantFiles } from "./shard-fixtures";

const [ana, ben, ...rest] = fabrikamGuests();
const base = tenantFiles({ eu: [ana!, ben!], us: rest });
const moved = tenantFiles({ eu: [ben!], us: [ana!, ...rest] });
const AS_OF = ["--as-of", "2026-12-01"];

describe("guestops validate over shards", () => {
  it("checks every shard in one run when the tenant's shards are all the stacks", async () => {
    const root = gitRepo([{ message: "base", files: base }]);
    const r = await runCli(["validate", ...AS_OF], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid: 5 guests in 2 guest files and 3 stack files (stack eu, us (the 2 shards of tenant contoso), as of 2026-12-01)");
  });

  it("reports an address declared in two shards at both places, also when narrowed to one", async () => {
    const root = gitRepo([{ message: "base", files: { ...base, ...tenantFiles({ us: [ana!, ...rest] }) } }]);
    const whole = await runCli(["validate", "--tenant", "contoso", ...AS_OF], root);
    expect(whole.code).toBe(1);
    expect(whole.stdout).toMatch(/guests\/eu\/fabrikam\.yaml:\d+:\d+ error: email "ana.silva@fabrikam.com" is also declared in shard "us" at guests\/us\/fabrikam\.yaml:\d+:\d+/);
    expect(whole.stdout).toMatch(/guests\/us\/fabrikam\.yaml:\d+:\d+ error: email "ana.silva@fabrikam.com" is also declared in shard "eu"/);
    const narrowed = await runCli(["validate", "--stack", "us", ...AS_OF], root);
    expect(narrowed.code).toBe(1);
    expect(narrowed.stdout).toContain('is also declared in shard "eu"');
  });

  it("refuses an unknown tenant, and --stack with --tenant", async () => {
    const root = gitRepo([{ message: "base", files: base }]);
    expect((await runCli(["validate", "--tenant", "fabrikam"], root)).stderr).toContain('no stack in stacks/ is a shard of tenant "fabrikam"');
    expect((await runCli(["validate", "--tenant", "contoso", "--stack", "eu"], root)).code).toBe(2);
  });
});

describe("guestops plan over shards", () => {
  it("shows a guest moved between shards as a move, with the state move in JSON", async () => {
    const root = gitRepo([{ message: "base", files: base }]);
    applyFiles(root, moved);
    const text = await runCli(["plan", ...AS_OF], root);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Tenant contoso: 2 shards planned (eu, us); 1 move between shards");
    expect(text.stdout).toMatch(/» ana\.silva@fabrikam\.com {2}eu → us/);
    expect(text.stdout).not.toMatch(/^\s+[+-] (invite|remove)/m);
    expect(text.stdout).toContain("Plan: 1 move between shards; 3 guests unchanged.");
    const json = JSON.parse((await runCli(["plan", "--format", "json", ...AS_OF], root)).stdout);
    expect(json.moves[0].resources[0].urn).toBe("urn:pulumi:eu::guestops::azuread:index/invitation:Invitation::ana.silva@fabrikam.com");
    expect(json.shards.map((s: { stack: string; summary: object }) => [s.stack, s.summary])).toEqual([
      ["eu", { create: 0, update: 0, replace: 0, delete: 0 }],
      ["us", { create: 0, update: 0, replace: 0, delete: 0 }],
    ]);
  });

  it("--stack narrows to one shard and still names the move into it", async () => {
    const root = gitRepo([{ message: "base", files: base }]);
    applyFiles(root, moved);
    const json = JSON.parse((await runCli(["plan", "--stack", "us", "--format", "json", ...AS_OF], root)).stdout);
    expect(json.shards.map((s: { stack: string }) => s.stack)).toEqual(["us"]);
    expect(json.moves.map((m: { from: string; to: string }) => `${m.from}->${m.to}`)).toEqual(["eu->us"]);
    expect(json.shards[0].guests[0]).toMatchObject({ action: "move", movedFrom: "eu" });
  });

  it("reports what the change adds over the whole tenant: a duplicate's new copy only, and a moved guest is not new", async () => {
    const lapsed = { ...ana!, expires: "2026-09-30" };
    const root = gitRepo([{ message: "base", files: tenantFiles({ eu: [lapsed, ben!], us: rest }) }]);
    applyFiles(root, tenantFiles({ eu: [ben!], us: [lapsed, ...rest, { ...rest[0]!, displayName: "Carla G." }] }));
    const r = await runCli(["plan", ...AS_OF], root);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/error: email "Carla\.Gomez@fabrikam\.com" is also declared/g)).toHaveLength(1);
    expect(r.stdout).not.toContain('"ana.silva@fabrikam.com" is new in this change');
    // validate has no base: it reports both copies.
    const v = await runCli(["validate", ...AS_OF], root);
    expect(v.stdout.match(/error: email "Carla\.Gomez@fabrikam\.com" is also declared/g)).toHaveLength(2);
  });

  it("splitting a whole stack into shards plans as moves out of it", async () => {
    const whole = { ...tenantFiles({ prod: [ana!, ben!, ...rest] }), "stacks/prod.yaml": base["tenants/contoso.yaml"]!.replace(/^/, "guestFiles: [\"guests/prod/**/*.yaml\"]\n") };
    const root = gitRepo([{ message: "one stack", files: whole }]);
    applyFiles(root, { ...tenantFiles({ prod: [ana!, ben!], "prod-2": rest }) });
    const json = JSON.parse((await runCli(["plan", "--format", "json", ...AS_OF], root)).stdout);
    expect(json.refused).toBeNull();
    expect(json.moves.map((m: { from: string; to: string }) => `${m.from}->${m.to}`)).toEqual(rest.map(() => "prod->prod-2"));
    expect(json.shards.flatMap((s: { changes: { type: string }[] }) => s.changes.map((c) => c.type)).filter((t: string) => t.endsWith("Invitation"))).toEqual([]);
  });
});
