// The demo stack's guardrails end to end: `guestops validate` accepts them, and `guestops plan` against
// a base without them shows each setting as a policy change and each resource it creates; turning MFA
// off, trusting a partner's MFA and widening who may invite then plan as LOOSENS for a stack owner.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main, type CommandContext } from "../../src/cli/main";
import { applyFiles, gitRepo } from "../git/git-repo";
import { AS_OF } from "./plan-fixtures";

const DEMO = join(__dirname, "..", "fixtures", "guardrails");
const files = (): Record<string, string> => Object.fromEntries(["stacks", "guests"].flatMap((dir) => readdirSync(join(DEMO, dir)).map((f) => [`${dir}/${f}`, readFileSync(join(DEMO, dir, f), "utf8")])));

async function run(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const ctx: CommandContext = { cwd, env: {}, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stdout += t) } };
  return { code: await main([...args, "--as-of", AS_OF, "--stack", "contoso"], ctx), stdout };
}

/** The demo without its guardrails: no tenantPolicy, no tenant ids, no trust. */
function unguarded(): Record<string, string> {
  const f = files();
  f["stacks/contoso.yaml"] = f["stacks/contoso.yaml"]!.replace(/^tenantPolicy:\n(?: {2}.*\n)+\n/m, "");
  for (const path of ["guests/fabrikam.yaml", "guests/northwind.yaml"]) f[path] = f[path]!.replace(/^tenantIds: .*\n/m, "").replace(/^crossTenant:\n(?: {2}.*\n)+/m, "");
  return f;
}

describe("the demo stack's guardrails", () => {
  it("validate accepts them", async () => {
    const root = gitRepo([{ message: "demo", files: files() }]);
    const r = await run(root, ["validate"]);
    expect(r.stdout).not.toContain("error");
    expect(r.code).toBe(0);
  });

  it("declared on a stack without them: every setting a policy change for a stack owner, every resource created", async () => {
    const root = gitRepo([{ message: "base: guests only", files: unguarded() }]);
    applyFiles(root, files());
    const r = await run(root, ["plan", "--format", "json"]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.policyChanges.map((c: { path: string; loosens: boolean }) => `${c.path}${c.loosens ? " LOOSENS" : ""}`)).toEqual([
      "tenantPolicy.conditionalAccess.guestMfa",
      "tenantPolicy.crossTenant.limitInboundToCatalog",
      "tenantPolicy.domainList",
      "tenantPolicy.guestAccess",
      "tenantPolicy.invitations.allowInvitesFrom",
      "tenantPolicy.conditionalAccess.excludeAccounts",
      "tenantIds",
      "crossTenant.trustMfa LOOSENS",
      "tenantIds",
    ]);
    expect(plan.approvals).toEqual([{ for: "policy", anyOf: ["jonas.weber@contoso.com", "mei.lin@contoso.com"] }]);
    expect(plan.changes.map((c: { op: string; name: string }) => `${c.op} ${c.name}`)).toEqual([
      "create tenant/authorization-policy",
      "create cross-tenant/3f9c1b2a-6d4e-4f80-9a1b-2c3d4e5f6a7b",
      "create cross-tenant/7d2e4c6a-1b3f-4a5d-8e9c-0f1a2b3c4d5e",
      "create tenant/b2b-domain-list",
      "create tenant/guest-mfa",
    ]);
  });

  it("MFA off, a partner's MFA trusted and invitations from everyone: LOOSENS, in the Markdown a reviewer reads", async () => {
    const root = gitRepo([{ message: "base: the demo's guardrails", files: files() }]);
    const head = files();
    head["stacks/contoso.yaml"] = head["stacks/contoso.yaml"]!.replace("guestMfa: reportOnly", "guestMfa: off").replace("allowInvitesFrom: adminsAndGuestInviters", "allowInvitesFrom: everyone");
    head["guests/northwind.yaml"] = head["guests/northwind.yaml"]!.replace("sponsor:", "crossTenant: { trustMfa: true }\nsponsor:");
    applyFiles(root, head);
    const r = await run(root, ["plan", "--format", "markdown"]);
    expect(r.code).toBe(0);
    for (const row of [
      "| ⚠️ **LOOSENS** | `stacks/contoso.yaml` | `tenantPolicy.conditionalAccess.guestMfa` | `\"reportOnly\"` | `\"off\"` |",
      "| ⚠️ **LOOSENS** | `stacks/contoso.yaml` | `tenantPolicy.invitations.allowInvitesFrom` | `\"adminsAndGuestInviters\"` | `\"everyone\"` |",
      "| ⚠️ **LOOSENS** | `guests/northwind.yaml` | `crossTenant.trustMfa` | `false` | `true` |",
      "| `policy` | jonas.weber&#64;<wbr>contoso.com<br>mei.lin&#64;<wbr>contoso.com | — |",
    ]) expect(r.stdout).toContain(row);
  });
});
