// --format azure for validate and plan: ##vso[task.logissue] lines on the right file and line, escaped so
// that no value from a file can end a command early or start one, and a Markdown summary uploaded.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { azureIssue } from "../../src/cli/render-problems-azure";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { applyFiles, gitRepo } from "../git/git-repo";
import { fabrikamGuests, guestFileYaml, repoFiles } from "../plan/plan-fixtures";
import { edit } from "../validate/helpers";
import { runCli } from "./run-cli";

const F = "guests/fabrikam.yaml";
const COMMAND = /##vso\[/g;

/** The path each ##vso[task.uploadsummary] line names. */
function summaries(stdout: string): string[] {
  return [...stdout.matchAll(/^##vso\[task\.uploadsummary\](.*)$/gm)].map((m) => m[1]!);
}

describe("--format azure", () => {
  it("validate: one issue per problem with its place, then the summary line and an uploaded summary", async () => {
    const temp = testdir({});
    const files = { "stacks/prod.yaml": STACK, [F]: edit(FABRIKAM, [["ana.silva@", "ana+silva@"]]) };
    const r = await runCli(["validate", "--as-of", AS_OF, "--format", "azure"], testdir(files), { AGENT_TEMPDIRECTORY: temp });
    expect(r.code).toBe(1);
    const issue = r.stdout.split("\n")[0]!;
    expect(issue).toMatch(/^##vso\[task\.logissue type=error;sourcepath=guests\/fabrikam\.yaml;linenumber=\d+;columnnumber=\d+;code=\w+\]/);
    const [path] = summaries(r.stdout);
    expect(path!.startsWith(temp)).toBe(true);
    expect(readFileSync(path!, "utf8")).toContain("### guestops validate: 1 error");
  });

  it("plan: removals warn on the guest's file, the text plan follows, and the Markdown is uploaded", async () => {
    const temp = testdir({});
    const root = gitRepo([{ message: "base", files: repoFiles() }]);
    applyFiles(root, { [F]: guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", fabrikamGuests().slice(1)) });
    const r = await runCli(["plan", "--as-of", AS_OF, "--format", "azure"], root, { AGENT_TEMPDIRECTORY: temp });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^##vso\[task\.logissue type=warning;code=remove;sourcepath=guests\/fabrikam\.yaml\]/m);
    const [path] = summaries(r.stdout);
    expect(readFileSync(path!, "utf8")).toMatch(/^#+ /);
  });

  it("a hostile message and path cannot end the command or start another", () => {
    const line = azureIssue({ severity: "error", file: "guests/a;type=warning].yaml", line: 1, column: 1, rule: "x", message: "bad\n##vso[task.setvariable variable=ARM_CLIENT_ID]evil 100%" });
    expect(line.split("\n")).toHaveLength(1);
    expect(line.match(COMMAND)).toHaveLength(1);
    expect(line).toContain("sourcepath=guests/a%3Btype=warning%5D.yaml;");
    expect(line).toContain("%AZP25");
  });
});
