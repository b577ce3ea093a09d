// Input an auditor or a hostile history can get wrong: impossible dates, a period backwards, unknown
// guests and targets, a shallow clone, and commits that break the files. Exit 2 with the fix, never a crash.
import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import { runCli } from "../cli/run-cli";
import { guestsYaml, HistoryRepo, stackYaml } from "./history-repo";

let repo: HistoryRepo;
const ANA = { email: "ana.silva@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };

beforeAll(() => {
  repo = new HistoryRepo();
  repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ANA]) }, "Guests before the stack existed", "2026-09-01T09:00:00Z");
  repo.commit({ "stacks/prod.yaml": stackYaml() }, "Add the stack", "2026-09-02T09:00:00Z");
  repo.commit({ "guests/fabrikam.yaml": "guests: [unclosed\n" }, "Break the YAML", "2026-09-03T09:00:00Z");
  repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ANA]) }, "Repair the YAML", "2026-09-04T09:00:00Z");
  repo.commit({ "stacks/prod.yaml": null, "stacks/production.yaml": stackYaml() }, "Rename the stack file", "2026-09-05T09:00:00Z");
  repo.commit({ "stacks/production.yaml": null, "stacks/prod.yaml": stackYaml() }, "Rename it back", "2026-09-06T09:00:00Z");
  // A symbolic link could point anywhere on the runner: it is never followed, in history either.
  symlinkSync("/etc/passwd", join(repo.root, "guests/link.yaml"));
  repo.commit({}, "Add a link", "2026-09-07T09:00:00Z");
  repo.commit({ "guests/link.yaml": null }, "Remove the link", "2026-09-08T09:00:00Z");
});
afterAll(() => repo.remove());

describe("usage errors: exit 2 with the fix", () => {
  it.each([
    { args: ["audit", "--since", "2026-02-30"], message: '--since "2026-02-30" is not a date', hint: "YYYY-MM-DD" },
    { args: ["audit", "--until", "yesterday"], message: '--until "yesterday" is not a date', hint: "YYYY-MM-DD" },
    { args: ["audit", "--since", "2026-10-01", "--until", "2026-09-01"], message: "--since 2026-10-01 is after --until 2026-09-01", hint: "swap them" },
    { args: ["audit", "--guest", "ana.silvia@fabrikam.com"], message: '--guest "ana.silvia@fabrikam.com" is not a guest', hint: "did you mean --guest ana.silva@fabrikam.com?" },
    { args: ["audit", "--target", "group:erp"], message: '--target "group:erp" is not a target', hint: "group:erp-project" },
    { args: ["audit", "--rev", "no-such-branch"], message: '--rev "no-such-branch" is not a revision', hint: "git" },
    { args: ["audit", "--rev", "--all"], message: "--rev", hint: "" },
    { args: ["audit", "--stack", "dev"], message: 'stack "dev" has no file stacks/dev.yaml', hint: "known stacks: prod" },
    { args: ["audit", "--format", "html"], message: '--format "html" is not a format', hint: "text, markdown, json, csv" },
    { args: ["access"], message: "--as-of is required", hint: "--as-of 20" },
    { args: ["access", "--as-of", "2026-13-01"], message: '--as-of "2026-13-01" is not a date', hint: "YYYY-MM-DD" },
    { args: ["report", "--since", "2026-12-01", "--until", "2026-11-01"], message: "--since 2026-12-01 is after --until 2026-11-01", hint: "swap them" },
    { args: ["report", "--format", "csv"], message: '--format "csv" is not a format', hint: "html, markdown, json" },
  ])("$args", async ({ args, message, hint }) => {
    const r = await runCli(args, repo.root);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("refuses a shallow clone, with the fetch that fixes it", async () => {
    const clone = new HistoryRepo();
    clone.remove();
    execFileSync("git", ["clone", "-q", "--depth", "2", `file://${repo.root}`, clone.root], { env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" } });
    try {
      const r = await runCli(["audit"], clone.root);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("shallow clone");
      expect(r.stderr).toContain("git fetch --unshallow");
      expect(r.stderr).toContain("fetch-depth: 0");
    } finally {
      clone.remove();
    }
  });
});

describe("untrusted history never crashes the audit", () => {
  it("a missing stack file early on is no event; broken YAML, a renamed stack file and a symbolic link are invalid, and access carries on", async () => {
    const r = await runCli(["audit", "--until", "2026-09-30", "--format", "json"], repo.root);
    expect(r.code).toBe(0);
    const events = (JSON.parse(r.stdout) as { events: AuditEvent[] }).events;
    // policy-changed events (from plan.policyChanges, for the stack file's own edits) are left out here.
    const access = events.filter((e) => e.kind !== "policy-changed");
    expect(access.map((e) => `${e.at.slice(0, 10)} ${e.kind}${e.guest ? ` ${e.guest}` : ""}${e.target ? ` ${e.target}` : ""}`)).toEqual([
      "2026-09-02 stack-created",
      "2026-09-02 invited ana.silva@fabrikam.com",
      "2026-09-02 granted ana.silva@fabrikam.com group:erp-project",
      "2026-09-03 invalid",
      "2026-09-05 invalid",
      "2026-09-07 invalid",
    ]);
    expect(access[3]!.detail).toMatch(/^guests\/fabrikam\.yaml:\d+:\d+ /);
    expect(access[4]!.detail).toContain("stacks/prod.yaml does not exist");
    expect(access[5]!.detail).toContain("guests/link.yaml:1:1 could not read the file: is a symbolic link");
  });
});
