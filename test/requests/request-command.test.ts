// guestops request on a copy of the example: the same edit as guestops add, renew and remove, byte for
// byte; exit 1 with a plain-words comment for an invalid or hostile request, and nothing written;
// exit 2 for what is not an issue at all.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FORM_PATH } from "../../src/requests/issue-form";
import { git } from "../git/git-repo";
import { exampleRepo, read } from "../edit/edit-repo";
import { runCli } from "../cli/run-cli";
import { exampleText } from "../helpers/example";
import { ADD_ANSWERS, FORM_TEXT, issueEvent, renderBody } from "./form-body";

const AS_OF = ["--as-of", "2026-12-01"];
const FABRIKAM = exampleText("guests/fabrikam.yaml");

function repoWithEvent(event: unknown): { root: string; file: string } {
  const root = exampleRepo({ [FORM_PATH]: FORM_TEXT });
  const file = join(root, "..", `${root.split("/").pop()}-event.json`);
  writeFileSync(file, typeof event === "string" ? event : JSON.stringify(event));
  return { root, file };
}

const request = (root: string, file: string, ...more: string[]) => runCli(["request", "--issue", file, ...AS_OF, ...more], root);

describe("guestops request makes the edit the editing commands make", () => {
  it.each<[string, Record<string, string>, string[]]>([
    ["add", ADD_ANSWERS, ["add", "lena.fischer@fabrikam.com", "--name", "Lena Fischer (Fabrikam)", "--expires", "2027-03-31", "--justification", "CHG-1042 ERP migration, reporting analyst", "--group", "erp-project", "--app", "expenses/Submitter"]],
    ["renew", { action: "renew", email: "elena.petrova@fabrikam.com", expires: "2027-03-20", justification: "DSN-91 second round" }, ["renew", "elena.petrova@fabrikam.com", "--until", "2027-03-20", "--justification", "DSN-91 second round"]],
    ["remove", { action: "remove", email: "ben.carter@fabrikam.com" }, ["remove", "ben.carter@fabrikam.com"]],
  ])("%s: the same bytes as the command, committed on guestops/request/<issue> with the requester", async (_, answers, argv) => {
    const viaRequest = repoWithEvent(issueEvent(12, answers));
    const r = await request(viaRequest.root, viaRequest.file, "--commit", "--format", "json");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const viaCommand = exampleRepo();
    const c = await runCli([...argv, ...AS_OF], viaCommand);
    expect(c.code, c.stderr).toBe(0);
    expect(read(viaRequest.root, "guests/fabrikam.yaml")).toBe(read(viaCommand, "guests/fabrikam.yaml"));
    expect(read(viaRequest.root, "guests/fabrikam.yaml")).not.toBe(FABRIKAM);
    const report = JSON.parse(r.stdout) as { valid: boolean; branch: string; body: string; comment: null; requester: string };
    expect(report).toMatchObject({ valid: true, branch: "guestops/request/12", requester: "priya-n-contoso", comment: null });
    expect(report.body).toMatch(/^<!-- guestops-request -->\nCloses #12\n/);
    expect(git(viaRequest.root, ["rev-parse", "--abbrev-ref", "HEAD"]).trim()).toBe("guestops/request/12");
    expect(git(viaRequest.root, ["log", "-1", "--format=%B"])).toMatch(/\n\nRequested-by: @priya-n-contoso\nRequest: #12\n*$/);
  });

  it("without --commit, writes nothing and still says what it would do", async () => {
    const { root, file } = repoWithEvent(issueEvent(13, ADD_ANSWERS));
    const r = await request(root, file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Would add (a dry run; --commit commits on guestops/request/13)");
    expect(read(root, "guests/fabrikam.yaml")).toBe(FABRIKAM);
  });
});

describe("guestops request refuses what a pull request could not hold", () => {
  it.each<[string, unknown, RegExp]>([
    ["an address outside every partner's domains", issueEvent(20, { ...ADD_ANSWERS, email: "mallory@evil.example" }), /Guest's email address\*\*: no partner file of this repository holds the domain evil\.example/],
    ["an address of another partner's domain in the wrong shape", issueEvent(20, { ...ADD_ANSWERS, email: "lena fischer@fabrikam.com" }), /Guest's email address/],
    ["a group the catalog lacks", issueEvent(20, { ...ADD_ANSWERS, groups: "erp-project, ../../etc" }), /\*\*Groups\*\*: .*is not in the stack's catalog/],
    ["a role the app lacks", issueEvent(20, { ...ADD_ANSWERS, apps: "expenses/Admin" }), /\*\*Apps and roles\*\*/],
    ["a group closed to guests", issueEvent(20, { ...ADD_ANSWERS, groups: "security-ops" }), /\*\*Groups\*\*/],
    ["a last day beyond the policy", issueEvent(20, { ...ADD_ANSWERS, expires: "2029-01-01" }), /\*\*Last day of access\*\*/],
    ["a last day that is no date", issueEvent(20, { ...ADD_ANSWERS, expires: "next friday" }), /\*\*Last day of access\*\*: "Last day of access" is "next friday", which is not a date/],
    ["an outside sponsor", issueEvent(20, { ...ADD_ANSWERS, sponsor: "boss@fabrikam.com" }), /\*\*Sponsor\*\*/],
    ["a renewal of nobody", issueEvent(20, { action: "renew", email: "nobody@fabrikam.com", expires: "2027-01-31" }), /\*\*Guest's email address\*\*: .*nobody&#64;<wbr>fabrikam\.com.* is not declared in any guest file/],
    ["an add of a guest who has access", issueEvent(20, { ...ADD_ANSWERS, email: "ana.silva@fabrikam.com" }), /choose renew instead of add/],
    ["an action the form does not offer", issueEvent(20, { ...ADD_ANSWERS, action: "grant-admin" }), /"grant-admin", which is not a request this form makes/],
    ["a missing justification", issueEvent(20, { ...ADD_ANSWERS, justification: "_No response_" }), /\*\*Justification\*\*: "Justification" has no answer, and add needs one/],
    ["a zero-width character in the address", issueEvent(20, { ...ADD_ANSWERS, email: "lena.fischer\u200d@fabrikam.com" }), /U\+200D/],
    ["a bidi override in the name", issueEvent(20, { ...ADD_ANSWERS, "display-name": "Lena \u202emoc.liam" }), /U\+202E/],
    ["YAML in the name", issueEvent(20, { ...ADD_ANSWERS, "display-name": "x\n  - email: evil@fabrikam.com" }), /"Guest's name" holds several lines/],
    ["a bot", issueEvent(20, ADD_ANSWERS, { login: "dependabot[bot]", type: "Bot" }), /filed by a bot/],
    ["a huge body", issueEvent(20, ADD_ANSWERS, { body: `${renderBody(ADD_ANSWERS)}\n${"A".repeat(70_000)}` }), /more than an issue form can produce/],
  ])("%s: exit 1, a comment that says how to fix it, nothing written", async (_, event, message) => {
    const { root, file } = repoWithEvent(event);
    const r = await request(root, file, "--commit", "--format", "json");
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { valid: boolean; comment: string; problems: { message: string; fix: string }[]; title: null };
    expect(report.valid).toBe(false);
    expect(report.title).toBeNull();
    expect(report.comment).toMatch(message);
    expect(report.comment).toContain("How to fix it:");
    expect(report.comment).not.toMatch(/^::|##\[|##vso\[/m);
    expect(read(root, "guests/fabrikam.yaml")).toBe(FABRIKAM);
    expect(git(root, ["rev-parse", "--abbrev-ref", "HEAD"]).trim()).toBe("main");
    expect(git(root, ["status", "--porcelain"])).toBe("");
  });

  it("keeps shell, YAML and runner-command text as the value it is: one new entry, quoted", async () => {
    const justification = "CHG-1 $(id) `id`\n  - email: evil@fabrikam.com\n{a: b}\n::error::forged";
    const { root, file } = repoWithEvent(issueEvent(21, { ...ADD_ANSWERS, "display-name": "{a: b} ; rm -rf / & ../../x", justification }));
    const r = await request(root, file, "--commit");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^::error::forged/m);
    const guests = (parse(read(root, "guests/fabrikam.yaml")) as { guests: { email: string; displayName: string; justification: string }[] }).guests;
    expect(guests.filter((g) => !FABRIKAM.includes(g.email))).toEqual([expect.objectContaining({ email: "lena.fischer@fabrikam.com", displayName: "{a: b} ; rm -rf / & ../../x", justification })]);
    expect(git(root, ["show", "--name-only", "--format=", "HEAD"]).trim()).toBe("guests/fabrikam.yaml");
  });

  it.each<[string, string, RegExp]>([
    ["a file that is not JSON", "not json", /is not JSON/],
    ["a pull request", JSON.stringify({ number: 3, user: { login: "a" }, pull_request: {} }), /is a pull request, not an issue/],
    ["an issue with a forged login", JSON.stringify({ number: 3, user: { login: "a;rm -rf" }, body: "" }), /has no GitHub login/],
  ])("%s: exit 2, a usage error", async (_, text, message) => {
    const { root, file } = repoWithEvent(text);
    const r = await request(root, file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
