// `guestops validate` through main(argv, ctx): exit codes, stack selection, and the three output formats.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubAnnotation } from "../../src/cli/render-problems";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { edit, oneGuest, stackWith } from "../validate/helpers";
import { runCli } from "./run-cli";

const F = "guests/fabrikam.yaml";
const VALID = { "stacks/prod.yaml": STACK, [F]: FABRIKAM };
const WITH_WARNING = { ...VALID, [F]: edit(FABRIKAM, [["2027-02-28", "2026-12-10"]]) };
const WITH_ERROR = { ...VALID, [F]: edit(FABRIKAM, [["ana.silva@", "ana+silva@"]]) };
/** A second stack that refuses Fabrikam's domain, so that choosing it changes the result, not only a label. */
const DEV = stackWith(["  onRemoval: retain", "  onRemoval: retain\n  allowedDomains: [northwind.example]"]);
const TWO_STACKS = { ...VALID, "stacks/dev.yaml": DEV };

const validate = (files: Record<string, string>, args: string[] = [], env: NodeJS.ProcessEnv = {}) => runCli(["validate", "--as-of", AS_OF, ...args], testdir(files), env);

const STACK_TRACE = /^\s+at /m;

describe("exit codes", () => {
  it("0 and a summary for a valid repository", async () => {
    const r = await validate(VALID);
    expect(r).toEqual({ code: 0, stdout: `valid: 2 guests in 1 guest file and 1 stack file (stack prod, as of ${AS_OF})\n`, stderr: "" });
  });

  it("0 when there are only warnings, which are shown", async () => {
    const r = await validate(WITH_WARNING);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${F}:15:14 warning: "ben.carter@fabrikam.com" expires on 2026-12-10, in 9 days; renew it with a new date and justification, or let it lapse [expiringSoon]\n` +
        `valid: 2 guests in 1 guest file and 1 stack file (stack prod, as of ${AS_OF}), 1 warning\n`,
    );
  });

  it("1 and file:line:col lines for errors", async () => {
    const r = await validate(WITH_ERROR);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `${F}:6:12 error: email "ana+silva@fabrikam.com" contains "+", which the invitation API refuses; ask the guest for an address without it [invitableAddresses]\n` +
        `1 error in 1 guest file and 1 stack file (stack prod, as of ${AS_OF}); fix the errors above and run guestops validate again\n`,
    );
    expect(r.stderr).toBe("");
  });

  it("--as-of decides what has expired", async () => {
    const r = await runCli(["validate", "--as-of", "2027-03-01"], testdir(VALID));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${F}:15:14 warning: "ben.carter@fabrikam.com" expired on 2027-02-28, 1 day ago`);
  });

  const usage: { desc: string; argv: string[]; files?: Record<string, string>; env?: NodeJS.ProcessEnv; error: string; hint: string }[] = [
    { desc: "an --as-of that is not a calendar date", argv: ["validate", "--as-of", "2026-02-30"], error: '--as-of "2026-02-30" is not a date', hint: "use YYYY-MM-DD" },
    { desc: "an --as-of in words", argv: ["validate", "--as-of", "tomorrow"], error: '--as-of "tomorrow" is not a date', hint: "YYYY-MM-DD" },
    { desc: "an unknown --format", argv: ["validate", "--format", "xml"], error: '--format "xml" is not a format of this command', hint: "use one of: text, json, github" },
    { desc: "an unknown --stack", argv: ["validate", "--stack", "staging"], error: 'stack "staging" has no file stacks/staging.yaml', hint: "known stacks: prod" },
    { desc: "an unknown PULUMI_STACK", argv: ["validate"], env: { PULUMI_STACK: "staging" }, error: 'stack "staging" has no file stacks/staging.yaml', hint: "known stacks: prod" },
    { desc: "a stack name with a space", argv: ["validate", "--stack", "my stack"], error: 'stack name "my stack" is not valid', hint: "letters, digits" },
    { desc: "a stack name that walks out of stacks/", argv: ["validate", "--stack", "../prod"], error: 'stack name "../prod" is not valid', hint: "letters, digits" },
    { desc: "several stacks and no choice", argv: ["validate"], files: TWO_STACKS, error: "there are 2 stacks (dev, prod); choose one", hint: "pass --stack NAME or set PULUMI_STACK" },
    { desc: "no stacks/ folder here or above", argv: ["validate"], files: { [F]: FABRIKAM, ".git/HEAD": "ref: refs/heads/main\n" }, error: "no stacks/ folder in", hint: "inside a guestops repository" },
    { desc: "an empty stacks/ folder", argv: ["validate"], files: { [F]: FABRIKAM, "stacks/README.md": "stack files go here\n" }, error: "no stack files found in stacks/", hint: "run guestops from the repository root" },
    { desc: "an unknown option", argv: ["validate", "--bogus"], error: "Unknown option '--bogus'", hint: "see guestops validate --help" },
    { desc: "a stray argument", argv: ["validate", "guests/fabrikam.yaml"], error: "Unexpected argument", hint: "see guestops validate --help" },
    { desc: "--stack without a value", argv: ["validate", "--stack"], error: "--stack", hint: "see guestops validate --help" },
    { desc: "an unknown command", argv: ["valdate"], error: 'unknown command "valdate"', hint: "commands: validate, plan" },
  ];

  it.each(usage)("2, one error line and a hint, for $desc", async ({ argv, files, env, error, hint }) => {
    const r = await runCli(argv, testdir(files ?? VALID), env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^guestops: error: .*\nhint: .*\n$/);
    expect(r.stderr).toContain(error);
    expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("0 and the command's help for --help", async () => {
    const r = await runCli(["validate", "--help"], testdir(VALID));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: guestops validate [--stack NAME | --tenant NAME] [--as-of YYYY-MM-DD] [--format text|json|github|azure]");
  });
});

describe("stack selection", () => {
  const cases: { desc: string; files: Record<string, string>; args?: string[]; env?: NodeJS.ProcessEnv; stack: string; code: number }[] = [
    { desc: "the only stack by default", files: VALID, stack: "prod", code: 0 },
    { desc: "the only stack when PULUMI_STACK is set but empty", files: VALID, env: { PULUMI_STACK: "" }, stack: "prod", code: 0 },
    { desc: "--stack among several", files: TWO_STACKS, args: ["--stack", "dev"], stack: "dev", code: 1 },
    { desc: "PULUMI_STACK among several", files: TWO_STACKS, env: { PULUMI_STACK: "dev" }, stack: "dev", code: 1 },
    { desc: "a fully qualified PULUMI_STACK", files: TWO_STACKS, env: { PULUMI_STACK: "contoso/guestops/dev" }, stack: "dev", code: 1 },
    { desc: "--stack over PULUMI_STACK", files: TWO_STACKS, args: ["--stack", "prod"], env: { PULUMI_STACK: "dev" }, stack: "prod", code: 0 },
  ];

  it.each(cases)("$desc", async ({ files, args, env, stack, code }) => {
    const r = await validate(files, args, env);
    expect(r.code).toBe(code);
    expect(r.stdout).toContain(`(stack ${stack}, as of ${AS_OF})`);
    // Only the dev stack refuses Fabrikam's domain, so this shows which stack file was read.
    expect(/policy\.allowedDomains \(northwind\.example\).* \[domainAllowed\]/.test(r.stdout)).toBe(stack === "dev");
  });
});

describe("--format json", () => {
  it("has errors and warnings with repository-relative files and 1-based positions", async () => {
    const files = { ...VALID, [F]: edit(FABRIKAM, [["ana.silva@", "ana+silva@"], ["2027-02-28", "2026-12-10"]]) };
    const r = await validate(files, ["--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { errors: unknown[]; warnings: unknown[] };
    expect(report).toMatchObject({ valid: false, stack: "prod", asOf: AS_OF });
    expect(report.errors).toEqual([
      { file: F, line: 6, column: 12, message: expect.stringContaining('email "ana+silva@fabrikam.com" contains "+"'), rule: "invitableAddresses" },
    ]);
    expect(report.warnings).toEqual([{ file: F, line: 15, column: 14, message: expect.stringContaining("in 9 days"), rule: "expiringSoon" }]);
    for (const p of [...report.errors, ...report.warnings]) expect(Object.keys(p as object)).toEqual(["file", "line", "column", "message", "rule"]);
  });

  it("is valid JSON with empty lists for a valid repository, and nothing else on stdout", async () => {
    const r = await validate(VALID, ["--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, stack: "prod", asOf: AS_OF, errors: [], warnings: [] });
  });

  it("positions a file that is not YAML at line 1, column 1, not 0", async () => {
    const r = await validate({ ...VALID, [F]: "" }, ["--format", "json"]);
    expect(JSON.parse(r.stdout).errors).toEqual([{ file: F, line: 1, column: 1, message: expect.stringContaining("file is empty"), rule: "empty" }]);
  });
});

describe("--format github", () => {
  it("writes one annotation per problem and the summary line", async () => {
    const files = { ...VALID, [F]: edit(FABRIKAM, [["ana.silva@", "ana+silva@"], ["2027-02-28", "2026-12-10"]]) };
    const r = await validate(files, ["--format", "github"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      `::error file=${F},line=6,col=12,title=guestops invitableAddresses::email "ana+silva@fabrikam.com" contains "+", which the invitation API refuses; ask the guest for an address without it`,
      `::warning file=${F},line=15,col=14,title=guestops expiringSoon::"ben.carter@fabrikam.com" expires on 2026-12-10, in 9 days; renew it with a new date and justification, or let it lapse`,
      `1 error, 1 warning in 1 guest file and 1 stack file (stack prod, as of ${AS_OF}); fix the errors above and run guestops validate again`,
      "",
    ]);
  });

  it("escapes % in messages and , and : in file names", async () => {
    const odd = "guests/fabrikam,north:wind.yaml";
    const r = await validate({ "stacks/prod.yaml": STACK, [odd]: oneGuest({ more: "    50%off: yes" }) }, ["--format", "github"]);
    expect(r.stdout).toContain(`::error file=guests/fabrikam%2Cnorth%3Awind.yaml,line=11,col=5,title=guestops schema::unknown field "50%25off" in guest "ana.silva@fabrikam.com"`);
  });

  it("escapes line breaks so that one message stays one annotation", () => {
    const line = githubAnnotation({ severity: "error", file: F, line: 3, column: 1, rule: "yaml", message: "first\r\nsecond 100%" });
    expect(line).toBe(`::error file=${F},line=3,col=1,title=guestops yaml::first%0D%0Asecond 100%25`);
  });

  it("appends a job summary to GITHUB_STEP_SUMMARY, escaping table cells", async () => {
    const root = testdir({ ...VALID, [F]: oneGuest({ email: "ana+silva@fabrikam.com", more: '    "a|b": 1' }) });
    const summary = join(root, "summary.md");
    writeFileSync(summary, "## Earlier step\n");
    const r = await runCli(["validate", "--as-of", AS_OF, "--format", "github"], root, { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    expect(readFileSync(summary, "utf8")).toBe(
      [
        "## Earlier step",
        "### guestops validate: 2 errors",
        "",
        `Stack \`prod\`, as of ${AS_OF}: 1 guest in 1 guest file and 1 stack file.`,
        "",
        "| | Where | Problem | Rule |",
        "|---|---|---|---|",
        `| ❌ | \`${F}:5:12\` | email "ana+silva&#64;<wbr>fabrikam.com" contains "+", which the invitation API refuses; ask the guest for an address without it | \`invitableAddresses\` |`,
        `| ❌ | \`${F}:11:5\` | unknown field "a\\|b" in guest "ana+silva&#64;<wbr>fabrikam.com"; allowed fields: email, displayName, sponsor, expires, justification, groups, apps, objectId, invitation, reviewed | \`schema\` |`,
        "",
      ].join("\n"),
    );
  });

  it("writes no summary without GITHUB_STEP_SUMMARY", async () => {
    const root = testdir(VALID);
    const r = await runCli(["validate", "--as-of", AS_OF, "--format", "github"], root, {});
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`valid: 2 guests in 1 guest file and 1 stack file (stack prod, as of ${AS_OF})\n`);
  });
});

describe("unexpected failures", () => {
  // A job summary path that is a folder makes the write fail: a failure of the machine, not of the input.
  const broken = () => {
    const root = testdir(VALID);
    mkdirSync(join(root, "summary-is-a-folder"));
    return { root, env: { GITHUB_STEP_SUMMARY: join(root, "summary-is-a-folder") } };
  };

  it("print a short internal-error line and no stack trace", async () => {
    const { root, env } = broken();
    const r = await runCli(["validate", "--as-of", AS_OF, "--format", "github"], root, env);
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(/^guestops: internal error: .*EISDIR/);
    expect(r.stderr).toContain("Re-run with --debug for details.");
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("print the stack trace with --debug", async () => {
    const { root, env } = broken();
    const r = await runCli(["validate", "--debug", "--as-of", AS_OF, "--format", "github"], root, env);
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(STACK_TRACE);
  });

  it("bad input never reaches them: a broken file is exit 1 with a positioned error", async () => {
    const r = await validate({ ...VALID, [F]: `partner: ${"[".repeat(5_000)}`, "guests/northwind.yaml": oneGuest({ apps: "[{ app: toString, role: Reader }]" }).replaceAll("fabrikam.com", "northwind.example") });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`${F}:1:`);
    expect(r.stdout).toContain('guests/northwind.yaml:10:19 error: app "toString" is not in the stack\'s catalog');
  });
});
