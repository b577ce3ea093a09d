// The issue form and the catalog: the bundled form offers exactly the bundled catalog's choices, and
// guestops forms rewrites those choices only.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main";
import { replaceValue } from "../../src/edit/replace-value";
import { buildFormChoices, compareFormChoices, FORM_PATH, parseFormDefinition, writeFormChoices } from "../../src/requests/issue-form";
import type { StackFile } from "../../src/model/stack-schema";
import { describeExample, EXAMPLE_ROOT, exampleText, REPO_ROOT } from "../helpers/example";
import { shardFile } from "../pipelines/runner/sandbox";
import { FORM_TEXT } from "./form-body";

const stack = parse(exampleText("stacks/prod.yaml")) as StackFile;

describeExample("the repository's own issue form", () => {
  it("offers what its catalog holds: guestops forms --check passes in the repository", () => {
    const own = parse(readFileSync(join(REPO_ROOT, "stacks", "prod.yaml"), "utf8")) as StackFile;
    expect(compareFormChoices(readFileSync(join(REPO_ROOT, FORM_PATH), "utf8"), buildFormChoices(own))).toEqual([]);
  });
});

describe("the example's issue form", () => {
  it("offers what the bundled catalog holds, and nothing else", () => {
    expect(compareFormChoices(FORM_TEXT, buildFormChoices(stack))).toEqual([]);
  });

  it("has every field guestops request reads, with one-line labels", () => {
    const parsed = parseFormDefinition(FORM_TEXT);
    expect("fields" in parsed && parsed.fields.map((f) => f.id)).toEqual(["action", "email", "display-name", "sponsor", "groups", "apps", "expires", "justification"]);
    const doc = parse(FORM_TEXT) as { labels: string[]; body: { id?: string; attributes: { options?: string[] } }[] };
    expect(doc.labels).toEqual(["guest-access"]);
    expect(doc.body.find((b) => b.id === "action")?.attributes.options).toEqual(["add", "renew", "remove"]);
  });
});

describe("form choices from the catalog", () => {
  it("offers groups that allow guests, apps as app/Role, and the policy's limits", () => {
    const choices = buildFormChoices(stack);
    expect(choices.groups).not.toContain("security-ops");
    expect(choices.apps).toContain("supplier-portal/Reader");
    expect(choices.expires).toBe("For add and renew: the last day of access, YYYY-MM-DD. At most 365 days from today (finance-reporting: 180).");
  });

  it.each<[string, (s: StackFile) => void, string]>([
    ["a new group", (s) => (s.groups!["hr-onboarding"] = { objectId: "00000000-0000-4000-8000-000000000001", displayName: "HR", owners: ["mei.lin@contoso.com"], allowGuests: true }), "the groups field lacks hr-onboarding, which the catalog opens to guests"],
    ["a group closed to guests", (s) => (s.groups!["erp-project"]!.allowGuests = false), "the groups field offers erp-project, which the catalog does not open to guests"],
    ["a role removed", (s) => delete s.apps!.expenses!.roles.Approver, "the apps field offers expenses/Approver, which the catalog does not hold"],
    ["a shorter term", (s) => (s.policy!.maxExpiryDays = 90), 'the expires field\'s description should be "For add and renew: the last day of access, YYYY-MM-DD. At most 90 days from today (finance-reporting: 180)."'],
  ])("a form that lags behind %s is out of date, with the reason", (_, change, message) => {
    const changed = structuredClone(stack);
    change(changed);
    expect(compareFormChoices(FORM_TEXT, buildFormChoices(changed))).toEqual([`${FORM_PATH}: ${message}`]);
  });

  it("rewrites only the choices: every other line keeps its bytes, CRLF included", () => {
    const changed = structuredClone(stack);
    changed.groups!["hr-onboarding"] = { objectId: "00000000-0000-4000-8000-000000000001", displayName: "HR", owners: ["mei.lin@contoso.com"], allowGuests: true };
    const crlf = FORM_TEXT.replace(/\n/g, "\r\n");
    const written = writeFormChoices(crlf, buildFormChoices(changed));
    if (!("text" in written)) throw new Error(written.error);
    const before = crlf.split("\r\n");
    const after = written.text.split("\r\n");
    expect(after.length).toBe(before.length + 1);
    const at = after.indexOf("        - hr-onboarding");
    expect(at).toBeGreaterThan(0);
    expect([...after.slice(0, at), ...after.slice(at + 1)]).toEqual(before);
    expect(compareFormChoices(written.text, buildFormChoices(changed))).toEqual([]);
  });

  it("refuses a value written through an alias, and a path that is not there", () => {
    expect(replaceValue("a: &x [1]\nb: *x\n", ["b"], ["2"])).toEqual({ error: expect.stringMatching(/anchor or alias/) });
    expect(replaceValue("body: []\n", ["body", { key: "id", value: "groups" }, "options"], ["x"])).toEqual({ error: "no item of body has id: groups" });
  });
});

describe("guestops forms", () => {
  const repo = () => {
    const dir = mkdtempSync(join(tmpdir(), "guestops-forms-"));
    for (const f of ["stacks", "guests", "people.yaml"]) cpSync(join(EXAMPLE_ROOT, f), join(dir, f), { recursive: true });
    mkdirSync(join(dir, ".github", "ISSUE_TEMPLATE"), { recursive: true });
    writeFileSync(join(dir, FORM_PATH), FORM_TEXT);
    return dir;
  };
  const cli = async (dir: string, args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await main(["forms", ...args], { cwd: dir, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, color: false });
    return { code, stdout, stderr };
  };

  it("--check passes on the bundled pair, and fails with the exact difference once the catalog moves on; forms writes it", async () => {
    const dir = repo();
    expect((await cli(dir, ["--check"])).code).toBe(0);
    const stackPath = join(dir, "stacks", "prod.yaml");
    writeFileSync(stackPath, readFileSync(stackPath, "utf8").replace("    allowGuests: false      # internal only", "    allowGuests: true"));
    expect(await cli(dir, ["--check"])).toEqual({
      code: 1,
      stdout: "",
      stderr: `guestops: ${FORM_PATH} disagrees with stacks/prod.yaml:\n  ${FORM_PATH}: the groups field lacks security-ops, which the catalog opens to guests\nrun guestops forms and commit ${FORM_PATH}\n`,
    });
    expect(await cli(dir, [])).toMatchObject({ code: 0, stdout: `wrote the choices of ${FORM_PATH} from stacks/prod.yaml\n` });
    expect((await cli(dir, ["--check"])).code).toBe(0);
    expect(readFileSync(join(dir, FORM_PATH), "utf8")).toContain("        - security-ops\n");
  });

  it("a repository without the form: --check fails, and forms writes the package's with the catalog's choices", async () => {
    const dir = repo();
    rmSync(join(dir, FORM_PATH));
    expect(await cli(dir, ["--check"])).toEqual({ code: 1, stdout: "", stderr: `guestops: ${FORM_PATH} is missing; run guestops forms and commit it\n` });
    expect(await cli(dir, [])).toMatchObject({ code: 0, stdout: `wrote ${FORM_PATH} from stacks/prod.yaml\n` });
    expect(readFileSync(join(dir, FORM_PATH), "utf8")).toBe(FORM_TEXT);
  });
  it("reads a sharded tenant's catalog from its tenant file, whichever shard", async () => {
    const dir = repo();
    rmSync(join(dir, "stacks", "prod.yaml"));
    writeFileSync(join(dir, "stacks", "contoso-eu.yaml"), shardFile("eu"));
    writeFileSync(join(dir, "stacks", "contoso-us.yaml"), shardFile("us"));
    mkdirSync(join(dir, "tenants"));
    const tenant = exampleText("stacks/prod.yaml").replace("    allowGuests: false      # internal only", "    allowGuests: true");
    writeFileSync(join(dir, "tenants", "contoso.yaml"), tenant);
    expect(await cli(dir, ["--check"])).toMatchObject({ code: 1, stderr: expect.stringContaining(`${FORM_PATH} disagrees with tenants/contoso.yaml:`) });
    expect(await cli(dir, [])).toMatchObject({ code: 0, stdout: `wrote the choices of ${FORM_PATH} from tenants/contoso.yaml\n` });
    expect((await cli(dir, ["--check", "--stack", "contoso-us"])).code).toBe(0);
  });
});
