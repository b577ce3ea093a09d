// plan --online: the preflight reads the tenant's guest invite setting and live B2B domain list, and
// warns in every format about each invitation the tenant would refuse. Offline, nothing is read.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli";
import { startGraphDouble } from "../graph-double/graph-double";
import { seedExampleTenant } from "../graph-double/seed-example";
import { domainListDefinition } from "../graph-double/tenant-policies";
import { EXAMPLE_ROOT } from "../helpers/example";
import { AS_OF, startDemo, type Demo } from "./demo-repo";

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.double.close();
  demo = undefined;
});

const NEW_GUEST = `
  - email: nina.berg@northwind.example
    displayName: Nina Berg (Northwind)
    sponsor: tomas.berg@contoso.com
    expires: 2027-03-31
    justification: SUP-260 freight audit
    groups: [supplier-portal]
`;

async function demoWithNewGuest(): Promise<Demo> {
  const d = await startDemo({ git: true });
  appendFileSync(join(d.root, "guests/northwind.yaml"), NEW_GUEST);
  return d;
}

function domainList(d: Demo, mode: "allow" | "deny", domains: string[]): void {
  d.double.tenant.policies!.b2bManagementPolicies.push({ id: "b2b-1", displayName: "B2B", isOrganizationDefault: true, definition: [domainListDefinition(mode, domains)] });
}

const plan = (d: Demo, ...args: string[]) => runCli(["plan", "--as-of", AS_OF, ...args], d.root, d.env);

type PlanJson = { warnings: { file: string; line: number; rule: string; message: string }[]; notices: string[] };
/** The preflight's warnings, not validation's (the example has guests expiring soon). */
const refusals = (json: PlanJson) => json.warnings.filter((w) => w.rule.startsWith("tenantRefuses"));

describe("plan --online", () => {
  it("reads nothing without --online, and refuses the Graph flags without it", async () => {
    demo = await demoWithNewGuest();
    domainList(demo, "allow", ["fabrikam.com"]);
    const r = await plan(demo, "--format", "json");
    expect(r.code).toBe(0);
    expect(refusals(JSON.parse(r.stdout) as PlanJson)).toEqual([]);
    expect(demo.double.requests).toBe(0);
    const flagged = await plan(demo, "--graph-url", demo.double.url);
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain("--graph-url and --credential take effect only with --online");
  });

  it.each([
    { desc: "a domain the live allow list leaves out", setup: (d: Demo) => domainList(d, "allow", ["fabrikam.com"]), rule: "tenantRefusesDomain", words: "allows only fabrikam.com, not northwind.example" },
    { desc: "a domain the live block list holds", setup: (d: Demo) => domainList(d, "deny", ["northwind.example", "gmail.com"]), rule: "tenantRefusesDomain", words: "blocks northwind.example" },
    { desc: "invitations allowed to nobody", setup: (d: Demo) => (d.double.tenant.policies!.authorizationPolicy.allowInvitesFrom = "none"), rule: "tenantRefusesInvitations", words: 'the tenant\'s guest invite setting is "none"' },
  ])("warns about $desc on the guest's line", async ({ setup, rule, words }) => {
    demo = await demoWithNewGuest();
    setup(demo);
    const r = await plan(demo, "--online", "--format", "json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as PlanJson;
    expect(refusals(json)).toEqual([expect.objectContaining({ file: "guests/northwind.yaml", rule, message: expect.stringContaining(words) })]);
    expect(refusals(json)[0]!.line).toBeGreaterThan(40);
    expect(json.notices.some((n) => n.startsWith("preflight: the tenant's guest invite setting is"))).toBe(true);
  });

  it("warns about nobody when the tenant allows the invitation, and about nobody already invited", async () => {
    demo = await demoWithNewGuest();
    domainList(demo, "allow", ["fabrikam.com", "northwind.example"]);
    demo.double.tenant.policies!.authorizationPolicy.allowInvitesFrom = "adminsAndGuestInviters";
    const json = JSON.parse((await plan(demo, "--online", "--format", "json")).stdout) as PlanJson;
    expect(refusals(json)).toEqual([]);
    expect(json.notices).toContain("preflight: the tenant's guest invite setting is adminsAndGuestInviters, with a B2B domain list that allows 2 domain(s); 0 invitation(s) it would refuse");
  });

  it("shows the warning in every format", async () => {
    demo = await demoWithNewGuest();
    domainList(demo, "allow", ["fabrikam.com"]);
    const text = (await plan(demo, "--online")).stdout;
    expect(text).toMatch(/refused by the tenant:.*guests\/northwind\.yaml:\d+:\d+ nina\.berg@northwind\.example: the tenant's B2B domain list allows only fabrikam\.com/);
    expect((await plan(demo, "--online", "--format", "markdown")).stdout).toMatch(/\*\*refused by the tenant\*\* `guests\/northwind\.yaml:\d+`/);
    expect((await plan(demo, "--online", "--format", "github")).stdout).toMatch(/^::warning file=guests\/northwind\.yaml,line=\d+,col=\d+,title=guestops plan%3A refused by the tenant::nina\.berg/m);
    expect((await plan(demo, "--online", "--format", "azure")).stdout).toMatch(/^##vso\[task\.logissue type=warning;code=tenantRefusesDomain;sourcepath=guests\/northwind\.yaml;linenumber=\d+;columnnumber=\d+\]refused by the tenant: nina\.berg/m);
  });

  it("says why the list was not checked when its permission is missing, and still judges the invite setting", async () => {
    demo = await demoWithNewGuest();
    await demo.double.close();
    const double = await startGraphDouble(seedExampleTenant(EXAMPLE_ROOT), { permissions: ["Policy.Read.All"] });
    demo = { ...demo, double, env: { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token } };
    const json = JSON.parse((await plan(demo, "--online", "--format", "json")).stdout) as PlanJson;
    expect(json.notices).toContain("preflight: the B2B domain list is not shown: the identity lacks Policy.Read.B2BManagementPolicy (Graph: Authorization_RequestDenied)");
  });

  it("fails with the permission named when Graph refuses the invite setting", async () => {
    demo = await startDemo({ git: true, permissions: ["User.Read.All"] });
    const r = await plan(demo, "--online");
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("Policy.Read.All");
  });
});
