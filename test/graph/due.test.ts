// guestops due against the demo tenant: offline from the files alone, and --online with each guest's
// last sign-in and invitation state, and each sponsor as the tenant holds them.
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli";
import { AS_OF, startDemo, type Demo } from "./demo-repo";

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.double.close();
  demo = undefined;
});

interface DueJson {
  online: boolean;
  notes: string[];
  sponsors: { sponsor: string; state: string; askInstead: string[]; guests: { email: string; reasons: string[]; tenant?: { found: boolean; lastSignIn?: string | null; externalUserState?: string | null } }[] }[];
}

async function dueJson(args: string[]): Promise<DueJson> {
  const r = await runCli(["due", "--as-of", AS_OF, "--format", "json", ...args], demo!.root, demo!.env);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as DueJson;
}

describe("guestops due", () => {
  it("offline reads no Graph at all", async () => {
    demo = await startDemo();
    const report = await dueJson(["--within", "60"]);
    expect(demo.double.log).toEqual([]);
    expect(report.online).toBe(false);
    expect(report.sponsors.map((s) => [s.sponsor, s.state, s.guests.map((g) => g.email)])).toEqual([
      ["samuel.okafor@contoso.com", "unknown", ["elena.petrova@fabrikam.com"]],
      ["tomas.berg@contoso.com", "unknown", ["grace.obi@northwind.example", "henrik.larsen@northwind.example"]],
    ]);
  });

  it("--online adds sign-ins and invitation states, and names the owners for a sponsor who has left", async () => {
    demo = await startDemo();
    const report = await dueJson(["--within", "60", "--online"]);
    const [samuel, tomas] = report.sponsors;
    // The demo tenant's samuel.okafor@contoso.com is disabled: the other owner of design-review is asked.
    expect(samuel).toMatchObject({ state: "disabled", askInstead: ["priya.natarajan@contoso.com"] });
    expect(samuel!.guests[0]!.tenant).toEqual({ found: true, lastSignIn: null, externalUserState: "PendingAcceptance" });
    expect(tomas).toMatchObject({ state: "active", askInstead: [] });
    expect(tomas!.guests.map((g) => g.tenant?.lastSignIn)).toEqual(["2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"]);
    // Reads only: every request a GET, or a $batch of GETs.
    expect(demo.double.log.every((l) => l.startsWith("GET ") || l === "POST /$batch")).toBe(true);
  });

  it("a sponsor not in the tenant at all is named as not found, with the owners to ask", async () => {
    demo = await startDemo();
    demo.double.tenant.users.splice(demo.double.tenant.users.findIndex((u) => u.mail === "tomas.berg@contoso.com"), 1);
    const text = (await runCli(["due", "--as-of", AS_OF, "--within", "60", "--online"], demo.root, demo.env)).stdout;
    expect(text).toContain("Sponsor tomas.berg@contoso.com: not found in the tenant (left?); no group or app owner to ask: a stack owner decides");
  });

  it("without the licence for sign-in activity, says so in a note and shows the rest", async () => {
    demo = await startDemo({ premium: false });
    const report = await dueJson(["--online"]);
    expect(report.notes).toEqual([expect.stringContaining("no Microsoft Entra ID P1 licence")]);
    const elena = report.sponsors.flatMap((s) => s.guests).find((g) => g.email === "elena.petrova@fabrikam.com")!;
    expect(elena.tenant).toEqual({ found: true, externalUserState: "PendingAcceptance" });
    const md = (await runCli(["due", "--as-of", AS_OF, "--online", "--format", "markdown"], demo.root, demo.env)).stdout;
    expect(md).toContain("> **Note:** sign-in activity is not shown");
    expect(md).toContain("| unreadable | pending |");
  });

  it.each([
    [["--within", "soon"], '--within "soon" is not a number of days'],
    [["--format", "csv"], '--format "csv" is not a format of this command'],
    [["--as-of", "2026-13-01"], '--as-of "2026-13-01" is not a date'],
  ])("refuses %j with a usage error", async (args, message) => {
    demo = await startDemo();
    const r = await runCli(["due", ...args], demo.root, demo.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe("guestops validate --online", () => {
  it("warns at each place a guest file names a sponsor the tenant has disabled or does not have, naming the owners asked instead", async () => {
    demo = await startDemo();
    demo.double.tenant.users.splice(demo.double.tenant.users.findIndex((u) => u.mail === "olivia.chen@contoso.com"), 1);
    const r = await runCli(["validate", "--as-of", AS_OF, "--online", "--format", "json"], demo.root, demo.env);
    expect(r.code, r.stderr).toBe(0);
    const warnings = (JSON.parse(r.stdout) as { warnings: { file: string; line: number; column: number; rule: string; message: string }[] }).warnings.filter((w) => w.rule === "sponsorInTenant");
    expect(warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.message}`)).toEqual([
      'guests/fabrikam.yaml:23:14 sponsor "olivia.chen@contoso.com" is not found in the tenant (left?); no group or app owner can be asked instead, so a stack owner decides their renewals: name a sponsor who is still here',
      'guests/fabrikam.yaml:40:14 sponsor "samuel.okafor@contoso.com" is disabled in the tenant (left?); the renewal pull requests ask the owners of their groups and apps instead (priya.natarajan@contoso.com): name a sponsor who is still here',
      'guests/northwind.yaml:26:14 sponsor "olivia.chen@contoso.com" is not found in the tenant (left?); no group or app owner can be asked instead, so a stack owner decides their renewals: name a sponsor who is still here',
    ]);
    // Reads only.
    expect(demo.double.log.every((l) => l.startsWith("GET ") || l === "POST /$batch")).toBe(true);
  });

  it("offline, reads no Graph and warns on no sponsor", async () => {
    demo = await startDemo();
    const r = await runCli(["validate", "--as-of", AS_OF, "--format", "json"], demo.root, demo.env);
    expect(r.stdout).not.toContain("sponsorInTenant");
    expect(demo.double.log).toEqual([]);
  });
});
