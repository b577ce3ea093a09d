// The approval gate over a sharded tenant: it checks the approvals of the very plan `guestops plan` prints,
// so a move between shards asks nothing it does not change, and a new shard is approved by the tenant's
// stack owners from the base.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli";
import { applyFiles, gitRepo } from "../git/git-repo";
import { fabrikamGuests, guestFileYaml, northwindGuests, PEOPLE_YAML as PEOPLE } from "../plan/plan-fixtures";
import { tenantFiles } from "../shards/shard-fixtures";

const AS_OF = ["--as-of", "2026-12-01"];
const [ana, ben, ...rest] = fabrikamGuests();
const base: Record<string, string> = { ...tenantFiles({ eu: [ana!, ben!], us: rest }), "people.yaml": PEOPLE };

function repo(head: Record<string, string | null>): string {
  const root = gitRepo([{ message: "base: two shards", files: base }]);
  applyFiles(root, head);
  writeFileSync(join(root, "none.json"), "[]");
  return root;
}

function reviewsBy(root: string, ...logins: string[]): string {
  const file = `by-${logins.join("-") || "none"}.json`;
  writeFileSync(join(root, file), JSON.stringify(logins.map((login) => ({ user: { login }, state: "APPROVED", submitted_at: "2026-11-30T10:00:00Z" }))));
  return file;
}

async function gate(root: string, reviews: string, ...args: string[]) {
  const r = await runCli(["approvals", "--reviews", reviews, "--format", "json", ...AS_OF, ...args], root);
  return { code: r.code, json: JSON.parse(r.stdout || "null") as { ok: boolean; tenant?: string; stack?: string; approvals: { for: string; anyOf: string[]; guests?: string[]; satisfied: boolean }[] } | null, stderr: r.stderr };
}

async function planApprovals(root: string, ...args: string[]) {
  const r = await runCli(["plan", "--format", "json", ...AS_OF, ...args], root);
  expect(r.stderr).toBe("");
  expect(r.code, r.stdout).toBe(0);
  return JSON.parse(r.stdout) as { approvals: unknown[]; shards: { stack: string; policyChanges: { file: string; path: string; after?: unknown }[] }[] };
}

describe("guestops approvals over a guest moved between shards", () => {
  // The example: ana moves from eu to us with the grants she already has.
  const moved = tenantFiles({ eu: [ben!], us: [ana!, ...rest] });

  it("needs no approval, as the plan shows, by default and with --tenant", async () => {
    const root = repo(moved);
    expect((await planApprovals(root)).approvals).toEqual([]);
    for (const args of [[], ["--tenant", "contoso"]]) {
      const r = await gate(root, "none.json", ...args);
      expect(r.json).toMatchObject({ ok: true, tenant: "contoso", approvals: [] });
      expect(r.code).toBe(0);
    }
  });

  it("--stack of the shard it moves into asks what that shard's plan shows: nothing", async () => {
    const root = repo(moved);
    const shard = await planApprovals(root, "--stack", "us");
    expect(shard.approvals).toEqual([]);
    const r = await gate(root, "none.json", "--stack", "us");
    expect(r.json).toMatchObject({ ok: true, tenant: "contoso", stack: "us", approvals: [] });
    expect(r.code).toBe(0);
  });

  it("moving a partner's whole file to a shard that had none changes no partner domain", async () => {
    const [grace, hugo] = northwindGuests();
    const northwind = guestFileYaml("Northwind Traders", "northwind.example", "tomas.berg@contoso.com", [grace!, hugo!]);
    const root = gitRepo([{ message: "base", files: { ...base, "guests/eu/northwind.yaml": northwind } }]);
    applyFiles(root, { "guests/eu/northwind.yaml": null, "guests/us/northwind.yaml": northwind });
    writeFileSync(join(root, "none.json"), "[]");
    const plan = await planApprovals(root);
    expect(plan.shards.flatMap((s) => s.policyChanges)).toEqual([]);
    expect(plan.approvals).toEqual([]);
    expect((await gate(root, "none.json")).code).toBe(0);
    // A domain that no shard had before is still a change a stack owner approves.
    const twoDomains = northwind.replace("domains:\n  - northwind.example\n", "domains:\n  - northwind.example\n  - northwind.test\n");
    expect(twoDomains).not.toBe(northwind);
    applyFiles(root, { "guests/us/northwind.yaml": twoDomains });
    const widened = await planApprovals(root);
    expect(widened.shards.flatMap((s) => s.policyChanges.map((c) => `${c.file} ${c.path} ${String(c.after)}`))).toEqual(["guests/us/northwind.yaml domains northwind.test"]);
    expect(widened.approvals).toEqual([{ for: "policy", anyOf: ["mei.lin@contoso.com"] }]);
  });

  it("asks only for what the move changes: a group granted on the way", async () => {
    const root = repo(tenantFiles({ eu: [ben!], us: [{ ...ana!, groups: ["erp-project", "finance"] }, ...rest] }));
    const plan = await planApprovals(root);
    // The new grant, and the sponsor who answers for it; nothing for the grants ana already had.
    expect(plan.approvals).toEqual([{ for: "group:finance", anyOf: ["olivia.chen@contoso.com"], guests: ["ana.silva@fabrikam.com"] }, { for: "sponsor:priya.natarajan@contoso.com", anyOf: ["priya.natarajan@contoso.com"], fallback: ["mei.lin@contoso.com"], guests: ["ana.silva@fabrikam.com"] }]);
    const missing = await gate(root, "none.json");
    expect(missing.code).toBe(5);
    expect(missing.json!.approvals.map((a) => a.for)).toEqual(["group:finance", "sponsor:priya.natarajan@contoso.com"]);
    expect((await gate(root, reviewsBy(root, "ochen", "priya-n"))).code).toBe(0);
  });
});

describe("guestops approvals over a new shard", () => {
  const kofi = { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", groups: ["erp-project"] };
  const head = { ...tenantFiles({ apac: [kofi] }) };
  delete head["tenants/contoso.yaml"];

  it("takes its stack owners from the base's tenant file, and passes with one of them", async () => {
    const root = repo(head);
    const plan = await planApprovals(root, "--tenant", "contoso");
    const apac = plan.shards.find((s) => s.stack === "apac")!;
    // Only what the change writes: the new shard's own file, never the tenant's settings, nor a partner
    // domain that another shard already has.
    expect(apac.policyChanges.map((c) => `${c.file} ${c.path}`)).toEqual(["stacks/apac.yaml guestFiles", "stacks/apac.yaml tenant"]);
    expect(plan.approvals).toEqual([
      { for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] },
      { for: "policy", anyOf: ["mei.lin@contoso.com"] },
      { for: "sponsor:priya.natarajan@contoso.com", anyOf: ["priya.natarajan@contoso.com"], fallback: ["mei.lin@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] },
    ]);
    const missing = await gate(root, reviewsBy(root, "priya-n"), "--tenant", "contoso");
    expect(missing.code).toBe(5);
    expect(missing.json!.approvals.filter((a) => !a.satisfied).map((a) => `${a.for} ${a.anyOf.join(",")}`)).toEqual(["policy mei.lin@contoso.com"]);
    expect((await gate(root, reviewsBy(root, "priya-n", "meilin"), "--tenant", "contoso")).code).toBe(0);
  });

  it("never takes owners from the head's tenant file", async () => {
    const tenant = base["tenants/contoso.yaml"]!.replace("- mei.lin@contoso.com", "- mallory@contoso.com");
    expect(tenant).not.toBe(base["tenants/contoso.yaml"]);
    const root = repo({ ...head, "tenants/contoso.yaml": tenant, "people.yaml": `${PEOPLE}  - { email: mallory@contoso.com, github: mallory }\n` });
    const plan = await planApprovals(root, "--tenant", "contoso");
    expect(plan.approvals).toContainEqual({ for: "policy", anyOf: ["mei.lin@contoso.com"] });
  });
});
