// guestops add, renew, review and remove on a copy of the example in a Git repository: exit codes, what
// they print, and what they write: nothing on --dry-run, on a refusal or on an invalid result; a commit
// with the justification on --branch.
import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ADD_OPTIONS, runAdd } from "../../src/cli/commands/add";
import { REMOVE_OPTIONS } from "../../src/cli/commands/remove";
import { RENEW_OPTIONS } from "../../src/cli/commands/renew";
import { REVIEW_OPTIONS } from "../../src/cli/commands/review";
import { EDIT_FORMATS, EDIT_OPTIONS } from "../../src/cli/edit-options";
import { commands } from "../../src/cli/main";
import type { CommandContext } from "../../src/cli/context";
import { runEdit, type EditReport } from "../../src/cli/run-edit";
import type { Prompter } from "../../src/cli/prompt-add";
import { git } from "../git/git-repo";
import { exampleText } from "../helpers/example";
import { exampleRepo, read } from "../edit/edit-repo";
import { runCli } from "./run-cli";

const AS_OF = ["--as-of", "2026-12-01"];
const FABRIKAM = exampleText("guests/fabrikam.yaml");
const NORTHWIND = exampleText("guests/northwind.yaml");
const ZOE = ["add", "zoe.martin@fabrikam.com", "--name", "Zoé Martin (Fabrikam)", "--expires", "2027-03-31", "--justification", "CHG-1200 ERP reporting", "--group", "erp-project", "--app", "expenses/Submitter", ...AS_OF];

const unchanged = (root: string) => {
  expect(read(root, "guests/fabrikam.yaml")).toBe(FABRIKAM);
  expect(read(root, "guests/northwind.yaml")).toBe(NORTHWIND);
  expect(git(root, ["status", "--porcelain"])).toBe("");
};

describe("guestops add", () => {
  it("writes the entry after the partner file's last guest, and prints the plan with its approvals", async () => {
    const root = exampleRepo();
    const r = await runCli(ZOE, root);
    expect(r.code, r.stderr).toBe(0);
    expect(read(root, "guests/fabrikam.yaml")).toBe(`${FABRIKAM}\n  - email: zoe.martin@fabrikam.com\n    displayName: Zoé Martin (Fabrikam)\n    expires: 2027-03-31\n    justification: CHG-1200 ERP reporting\n    groups: [erp-project]\n    apps:\n      - { app: expenses, role: Submitter }\n`);
    expect(r.stdout).toContain("Wrote guests/fabrikam.yaml.");
    expect(r.stdout).toContain("+ invite  zoe.martin@fabrikam.com");
    expect(r.stdout).toContain("group:erp-project: any of priya.natarajan@contoso.com");
    expect(r.stdout).toContain("Plan: 1 invite; 11 guests unchanged.");
    expect(r.stdout).not.toContain("--- a/");
    const v = await runCli(["validate", ...AS_OF], root);
    expect(v.code, v.stdout).toBe(0);
  });

  it("--dry-run prints the diff and the plan, and writes nothing", async () => {
    const root = exampleRepo();
    const r = await runCli([...ZOE, "--dry-run"], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("--- a/guests/fabrikam.yaml\n+++ b/guests/fabrikam.yaml\n@@ -58,3 +58,11 @@\n");
    expect(r.stdout).toContain("+  - email: zoe.martin@fabrikam.com\n");
    expect(r.stdout).toContain("Would write guests/fabrikam.yaml.");
    expect(r.stdout).toContain("+ invite  zoe.martin@fabrikam.com");
    unchanged(root);
  });

  it("an entry that would not validate is not written: exit 1, with the rule's place and fix", async () => {
    const root = exampleRepo();
    const r = await runCli(ZOE.map((a) => (a === "erp-project" ? "erp-projekt" : a)), root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('guests/fabrikam.yaml:66:14 error: group "erp-projekt" is not in the stack\'s catalog; did you mean "erp-project"? [catalogReferences]');
    expect(r.stderr).toContain("nothing was written");
    unchanged(root);
  });

  it.each([
    { desc: "an address already declared", argv: ["add", "Ana.Silva@fabrikam.com", "--name", "A", "--expires", "2027-01-31", "--justification", "CHG-1 x", ...AS_OF], error: 'guests/fabrikam.yaml:7:5 error: "Ana.Silva@fabrikam.com" is already declared in guests/fabrikam.yaml:7:5' },
    { desc: "a new domain without --partner", argv: ["add", "lee.wong@tailspin.example", "--name", "Lee Wong", "--expires", "2027-01-31", "--justification", "DSN-95 x", "--sponsor", "samuel.okafor@contoso.com", ...AS_OF], error: "guestops add: error: no partner file holds the domain tailspin.example; to start one, pass --partner NAME" },
    { desc: "an expiry past the group's limit", argv: ["add", "lee.wong@fabrikam.com", "--name", "Lee Wong", "--expires", "2027-12-01", "--justification", "FIN-1 x", "--group", "finance-reporting", ...AS_OF], error: 'group "finance-reporting" allows at most 180 days, so use a date on or before 2027-05-30 [expiryWithinPolicy]' },
  ])("refuses $desc: exit 1, nothing written", async ({ argv, error }) => {
    const root = exampleRepo();
    const r = await runCli(argv, root);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(error);
    unchanged(root);
  });

  it("a new domain with --partner: a new partner file, and the plan shows the policy change a stack owner approves", async () => {
    const root = exampleRepo();
    const r = await runCli(["add", "lee.wong@tailspin.example", "--partner", "Tailspin Toys", "--name", "Lee Wong (Tailspin)", "--sponsor", "samuel.okafor@contoso.com", "--expires", "2027-01-31", "--justification", "DSN-95 toy packaging", "--group", "design-review", ...AS_OF], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("note: new partner file guests/tailspin-toys.yaml for tailspin.example: a policy change (a partner's domains), which a stack owner approves");
    expect(r.stdout).toContain("Wrote guests/tailspin-toys.yaml (new).");
    expect(read(root, "guests/tailspin-toys.yaml")).toContain("partner: Tailspin Toys\ndomains: [tailspin.example]\n");
    expect(r.stdout).toMatch(/policy: any of jonas\.weber@contoso\.com, mei\.lin@contoso\.com/);
  });

  it("never writes a new partner file through a symbolic link, even a dangling one", async () => {
    const root = exampleRepo();
    const outside = join(root, "..", `outside-${Date.now()}.yaml`);
    symlinkSync(outside, join(root, "guests/tailspin-toys.yaml"));
    const r = await runCli(["add", "lee.wong@tailspin.example", "--partner", "Tailspin Toys", "--name", "Lee Wong", "--sponsor", "samuel.okafor@contoso.com", "--expires", "2027-01-31", "--justification", "DSN-95 x", ...AS_OF], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("guests/tailspin-toys.yaml exists already");
    expect(existsSync(outside)).toBe(false);
  });

  it.each([
    { missing: "--name NAME", argv: ["add", "zoe@fabrikam.com", "--expires", "2027-01-31", "--justification", "x y z"] },
    { missing: "--expires DATE", argv: ["add", "zoe@fabrikam.com", "--name", "Z", "--justification", "x y z"] },
    { missing: "--justification TEXT", argv: ["add", "zoe@fabrikam.com", "--name", "Z", "--expires", "2027-01-31"] },
    { missing: "the guest's EMAIL", argv: ["add", "--name", "Z"] },
  ])("off a terminal, a missing option is a usage error naming it: $missing", async ({ missing, argv }) => {
    const root = exampleRepo();
    const r = await runCli(argv, root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`guestops: error: add needs ${missing}\n`);
    unchanged(root);
  });

  it("--format json: the files, notes, problems and the plan's summary, for scripts", async () => {
    const root = exampleRepo();
    const r = await runCli([...ZOE, "--format", "json", "--dry-run"], root);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ action: "add", dryRun: true, written: false, files: [{ path: "guests/fabrikam.yaml", created: false }], notes: [], problems: [], plan: { summary: { create: 4, update: 0, replace: 0, delete: 0 }, guestSummary: { invite: 1 }, refused: null } });
    const bad = await runCli([...ZOE.map((a) => (a === "erp-project" ? "erp-projekt" : a)), "--format", "json"], root);
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.stdout) as { problems: unknown[] }).problems).toEqual([expect.objectContaining({ file: "guests/fabrikam.yaml", line: 66, column: 14, rule: "catalogReferences" })]);
    unchanged(root);
  });
});

describe("prompts on a terminal", () => {
  /** A prompter that answers from a script, and records what it was offered. */
  function scripted(answers: unknown[]): Prompter & { asked: { message: string; options?: unknown[] }[] } {
    const asked: { message: string; options?: unknown[] }[] = [];
    const next = async (o: { message: string; options?: unknown[] }) => {
      asked.push(o);
      return answers.shift() as never;
    };
    return { asked, text: next, select: next, multiselect: next, isCancel: (v): v is symbol => typeof v === "symbol" };
  }
  const ctx = (root: string): CommandContext & { out: () => string } => {
    let out = "";
    return { cwd: root, env: {}, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) }, color: false, out: () => out };
  };

  it("asks only for what is missing, offering the catalog's groups that allow guests, its app roles, and dates within the policy", async () => {
    const root = exampleRepo();
    const p = scripted(["Zoé Martin (Fabrikam)", ["finance-reporting"], ["expenses/Approver"], "2027-05-30", "FIN-400 year-end close"]);
    const c = ctx(root);
    const code = await runAdd(["zoe.martin@fabrikam.com", ...AS_OF], c, { interactive: true, prompter: async () => p });
    expect(code, c.out()).toBe(0);
    expect(p.asked.map((a) => a.message)).toEqual(["Display name in the tenant", "Groups (space to choose, enter to go on)", "App roles (space to choose, enter to go on)", "Last day of access (the policy allows up to 2027-05-30)", "Justification: the ticket, contract or project"]);
    const values = (i: number) => (p.asked[i]!.options as { value: string }[]).map((o) => o.value);
    expect(values(1)).toEqual(["erp-project", "finance-reporting", "supplier-portal", "design-review"]);
    expect(values(2)).toEqual(["expenses", "expenses/Submitter", "expenses/Approver", "supplier-portal", "supplier-portal/Reader", "supplier-portal/Contributor"]);
    // finance-reporting allows 180 days: no term past it is offered.
    expect(values(3)).toEqual(["2026-12-31", "2027-03-01", "2027-05-30", "other"]);
    expect(read(root, "guests/fabrikam.yaml")).toContain("  - email: zoe.martin@fabrikam.com\n    displayName: Zoé Martin (Fabrikam)\n    expires: 2027-05-30\n    justification: FIN-400 year-end close\n    groups: [finance-reporting]\n    apps:\n      - { app: expenses, role: Approver }\n");
  });

  it("asks for a sponsor and the partner's name for a domain no file holds; a cancel writes nothing", async () => {
    const root = exampleRepo();
    const p = scripted(["Lee Wong", "Tailspin Toys", Symbol("cancel")]);
    const c = ctx(root);
    const code = await runAdd(["lee@tailspin.example", ...AS_OF], c, { interactive: true, prompter: async () => p });
    expect(code).toBe(2);
    expect(p.asked.map((a) => a.message)).toEqual(["Display name in the tenant", expect.stringContaining("No partner file holds this domain yet"), "Sponsor: the internal person who answers for this guest"]);
    expect(c.out()).toContain("cancelled; nothing was written");
    unchanged(root);
  });
});

describe("guestops renew", () => {
  it("sets expires and reviewed within the limits, and the plan shows the renewal with its approvers", async () => {
    const root = exampleRepo();
    const r = await runCli(["renew", "elena.petrova@fabrikam.com", "--until", "2027-06-20", "--justification", "DSN-91 second packaging round", ...AS_OF], root);
    expect(r.code, r.stderr).toBe(0);
    expect(read(root, "guests/fabrikam.yaml")).toBe(FABRIKAM.replace("    expires: 2026-12-20\n    justification: DSN-77 packaging design review\n    groups: [design-review]\n", "    expires: 2027-06-20\n    justification: DSN-91 second packaging round\n    groups: [design-review]\n    reviewed: 2026-12-01\n"));
    expect(r.stdout).toContain("2026-12-20 → 2027-06-20");
    expect(r.stdout).toContain("sponsor:samuel.okafor@contoso.com");
  });

  it("refuses a date past the tightest limit, with the latest allowed: exit 1, nothing written", async () => {
    const root = exampleRepo();
    const r = await runCli(["renew", "chloe.dubois@fabrikam.com", "--until", "2027-12-01", ...AS_OF], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('guests/fabrikam.yaml:24:14 error: --until 2027-12-01 for "Chloe.Dubois@fabrikam.com" is 365 days after 2026-12-01; group "finance-reporting" allows at most 180 days: pass --until 2027-05-30 or an earlier date\nnothing was written\n');
    unchanged(root);
  });

  it.each([
    { argv: ["renew", "elena.petrova@fabrikam.com"], error: "renew needs --until DATE" },
    { argv: ["renew", "--until", "2027-01-01"], error: "renew needs the guest's email address" },
    { argv: ["renew", "a@fabrikam.com", "--until", "2027-02-30"], error: '--until "2027-02-30" is not a date' },
    { argv: ["renew", "--drop", "a@fabrikam.com", "--until", "2027-01-01"], error: "--drop puts entries back as the base holds them" },
    { argv: ["renew", "a@fabrikam.com", "--until", "2027-01-01", "--dry-run", "--branch", "x"], error: "--dry-run writes nothing" },
  ])("usage: $error", async ({ argv, error }) => {
    const root = exampleRepo();
    const r = await runCli(argv, root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(error);
  });

  it("--branch commits the renewal on a new branch, with the justification in the message; --drop on that branch puts the entry back", async () => {
    const root = exampleRepo();
    const r = await runCli(["renew", "elena.petrova@fabrikam.com", "ben.carter@fabrikam.com", "--until", "2027-05-20", "--justification", "CHG-1300 next phase", "--branch", "renew/next-phase", ...AS_OF], root);
    expect(r.code, r.stderr).toBe(0);
    expect(git(root, ["branch", "--show-current"]).trim()).toBe("renew/next-phase");
    expect(git(root, ["log", "-1", "--format=%B"]).trimEnd()).toBe("Renew elena.petrova@fabrikam.com, ben.carter@fabrikam.com until 2027-05-20\n\nJustification: CHG-1300 next phase");
    expect(git(root, ["show", "--stat", "--format=", "HEAD"])).toContain("guests/fabrikam.yaml");
    expect(git(root, ["status", "--porcelain"])).toBe("");
    expect(r.stdout).toContain("on the new branch renew/next-phase");

    const again = await runCli(["renew", "ana.silva@fabrikam.com", "--until", "2027-05-20", "--branch", "renew/next-phase", ...AS_OF], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('branch "renew/next-phase" exists already');

    const drop = await runCli(["renew", "--drop", "ben.carter@fabrikam.com", ...AS_OF], root);
    expect(drop.code, drop.stderr).toBe(0);
    const ben = (t: string) => t.slice(t.indexOf("  - email: ben"), t.indexOf("  - email: Chloe"));
    expect(ben(read(root, "guests/fabrikam.yaml"))).toBe(ben(FABRIKAM));
    expect(read(root, "guests/fabrikam.yaml")).toContain("    expires: 2027-05-20\n    justification: CHG-1300 next phase\n    groups: [design-review]\n    reviewed: 2026-12-01\n");
    const nothing = await runCli(["renew", "--drop", "ben.carter@fabrikam.com", ...AS_OF], root);
    expect(nothing.stdout).toContain("is already as main holds it: nothing to undo");
  });

  it("--branch refuses a file with uncommitted changes of the person's own, which the commit would carry in", async () => {
    const root = exampleRepo();
    const mine = FABRIKAM.replace("# default sponsor for the guests below", "# default sponsor (ask Priya)");
    writeFileSync(join(root, "guests/fabrikam.yaml"), mine);
    const r = await runCli(["renew", "elena.petrova@fabrikam.com", "--until", "2027-05-20", "--branch", "renew/elena", ...AS_OF], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--branch commits the edited files, but guests/fabrikam.yaml has uncommitted changes of yours");
    expect(read(root, "guests/fabrikam.yaml")).toBe(mine);
    expect(git(root, ["branch", "--show-current"]).trim()).toBe("main");
  });
});

describe("runEdit for commands built on it", () => {
  it("hands its report to onReport, whatever the format, so a caller needs no stdout", async () => {
    const root = exampleRepo();
    const reports: EditReport[] = [];
    const ctx: CommandContext = { cwd: root, env: {}, stdout: { write: () => true }, stderr: { write: () => true }, color: false };
    const code = await runEdit(ctx, { action: "renew", emails: ["elena.petrova@fabrikam.com"], until: "2027-05-20", justification: "DSN-91" }, { asOf: "2026-12-01", format: "text", dryRun: false, branch: "renewals/samuel", trailers: ["Requested-by: @sokafor-contoso"], onReport: (r) => reports.push(r) });
    expect(code).toBe(0);
    expect(reports).toEqual([expect.objectContaining({ action: "renew", written: true, branch: "renewals/samuel", files: [{ path: "guests/fabrikam.yaml", created: false }], plan: expect.objectContaining({ guestSummary: expect.objectContaining({ renew: 1 }) }) })]);
    expect(git(root, ["log", "-1", "--format=%B"]).trimEnd()).toBe("Renew elena.petrova@fabrikam.com until 2027-05-20\n\nJustification: DSN-91\n\nRequested-by: @sokafor-contoso");
    expect(git(root, ["log", "-1", "--format=%(trailers:key=Requested-by,valueonly)"]).trim()).toBe("@sokafor-contoso");
  });
});

describe("guestops review and remove", () => {
  it("review sets reviewed to --on; a day after the edit's is refused", async () => {
    const root = exampleRepo();
    const r = await runCli(["review", "grace.obi@northwind.example", "--on", "2026-11-28", ...AS_OF], root);
    expect(r.code, r.stderr).toBe(0);
    expect(read(root, "guests/northwind.yaml")).toBe(NORTHWIND.replace("reviewed: 2026-06-01", "reviewed: 2026-11-28"));
    expect(r.stdout).toContain("grace.obi@northwind.example");
    const future = await runCli(["review", "grace.obi@northwind.example", "--on", "2026-12-02", ...AS_OF], root);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain("a review is recorded once it has happened");
  });

  it("judges on Pulumi.<stack>.yaml's guestops:asOf, as the plan does, over --as-of", async () => {
    const root = exampleRepo({ "Pulumi.prod.yaml": exampleText("Pulumi.prod.yaml").replace('  # guestops:asOf: "2026-12-01"', '  guestops:asOf: "2026-11-20"') });
    const r = await runCli(["review", "grace.obi@northwind.example", ...AS_OF], root);
    expect(r.code, r.stderr).toBe(0);
    expect(read(root, "guests/northwind.yaml")).toBe(NORTHWIND.replace("reviewed: 2026-06-01", "reviewed: 2026-11-20"));
    expect(r.stdout).toContain("as of 2026-11-20");
  });

  it("remove takes the entry out, and the plan shows the removal with the account kept", async () => {
    const root = exampleRepo();
    const r = await runCli(["remove", "henrik.larsen@northwind.example", ...AS_OF], root);
    expect(r.code, r.stderr).toBe(0);
    expect(read(root, "guests/northwind.yaml")).toBe(NORTHWIND.slice(0, NORTHWIND.indexOf("  - email: henrik")) + NORTHWIND.slice(NORTHWIND.indexOf("  - email: isabel")));
    expect(r.stdout).toMatch(/- remove {2}henrik\.larsen@northwind\.example .* account kept/);
  });

  it("remove of an unknown address: exit 1, nothing written", async () => {
    const root = exampleRepo();
    const r = await runCli(["remove", "nobody@fabrikam.com", ...AS_OF], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('guestops remove: error: "nobody@fabrikam.com" is not declared in any guest file');
    unchanged(root);
  });

  it("a removal the mass-removal guard refuses writes nothing: exit 3", async () => {
    const root = exampleRepo();
    const r = await runCli(["remove", "ana.silva@fabrikam.com", "ben.carter@fabrikam.com", "chloe.dubois@fabrikam.com", "david.kim@fabrikam.com", ...AS_OF], root);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("a guard refuses the plan of this edit (above), so nothing was written");
    unchanged(root);
  });

  it("keeps a CRLF file's line endings and BOM", async () => {
    const crlf = `\uFEFF${NORTHWIND.replace(/\n/g, "\r\n")}`;
    const root = exampleRepo({ "guests/northwind.yaml": crlf });
    const r = await runCli(["review", "isabel.moreno@northwind.example", ...AS_OF], root);
    expect(r.code, r.stderr).toBe(0);
    const after = read(root, "guests/northwind.yaml");
    expect(after.startsWith("\uFEFF")).toBe(true);
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
    expect(after).toContain("      cc: [olivia.chen@contoso.com]\r\n    reviewed: 2026-12-01\r\n");
  });
});

describe("one options table, and the requester's guide agrees with it", () => {
  const guide = readFileSync(join(__dirname, "../../docs/requesters.md"), "utf8");
  const rows = new Map([...guide.matchAll(/^\| `--([a-z-]+)[^`]*` \| (.*) \|$/gm)].map((m) => [m[1]!, m[2]!]));

  it("every editing command takes the shared options", () => {
    for (const table of [ADD_OPTIONS, RENEW_OPTIONS, REVIEW_OPTIONS, REMOVE_OPTIONS]) expect(table).toMatchObject(EDIT_OPTIONS);
    for (const name of ["add", "renew", "review", "remove"]) expect(commands[name]!.help).toContain("--dry-run           Print the diff and the plan; write nothing.");
  });

  it("the guide's table has a row for each shared option, and no other", () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(EDIT_OPTIONS).sort());
    for (const format of EDIT_FORMATS) expect(rows.get("format")).toContain(`\`${format}\``);
  });

  it("the guide names each command's own options", () => {
    for (const [command, table] of [["add", ADD_OPTIONS], ["renew", RENEW_OPTIONS], ["review", REVIEW_OPTIONS]] as const) {
      for (const flag of Object.keys(table).filter((f) => !(f in EDIT_OPTIONS))) expect(guide, `guestops ${command} --${flag}`).toContain(`--${flag}`);
    }
  });
});
