// guestops renewals as a command, in a Git repository of its own: the manifest and bodies it writes,
// the branches it commits, a sponsor whose renewal the editor refuses (the others still prepared), and
// its usage errors.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli";
import { git, gitRepo } from "../git/git-repo";
import { AS_OF, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";

const FILE = `partner: Fabrikam
domains: [fabrikam.com]
sponsor: priya.natarajan@contoso.com
guests:
  - email: ana.silva@fabrikam.com
    displayName: Ana Silva
    expires: 2026-12-10
    justification: CHG-1042 ERP migration
    groups: [erp-project]
  - email: ben.carter@fabrikam.com
    displayName: Ben Carter
    sponsor: olivia.chen@contoso.com
    expires: 2026-12-12
    justification: FIN-1 reporting
    groups: &fin [finance]
`;

function repo(files: Record<string, string> = {}): { root: string; out: string; open: string } {
  const root = gitRepo([{ message: "guests", files: { "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FILE, ...files } }]);
  const scratch = testdir({ "open.json": "[]" });
  return { root, out: join(scratch, "out"), open: join(scratch, "open.json") };
}

describe("guestops renewals", () => {
  it("prepares what the editor can make, and names the sponsor whose renewal it refuses, leaving that branch unmade", async () => {
    const { root, out, open } = repo();
    const r = await runCli(["renewals", "--as-of", AS_OF, "--open-prs", open, "--out", out], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the renewals of olivia.chen@contoso.com were refused, so guestops/renewals/olivia-chen-contoso-com is left as it was");
    expect(r.stderr).toMatch(/guests\/fabrikam\.yaml:\d+:\d+ /);
    const manifest = readFileSync(join(out, "renewals.tsv"), "utf8");
    expect(manifest).toBe(`create\tguestops/renewals/priya-natarajan-contoso-com\t-\t${join(out, "2.md")}\t${join(out, "2.title")}\n`);
    expect(git(root, ["branch", "--list", "guestops/renewals/*"]).trim().split("\n").map((b) => b.trim())).toEqual(["guestops/renewals/priya-natarajan-contoso-com"]);
    expect(git(root, ["show", "guestops/renewals/priya-natarajan-contoso-com:guests/fabrikam.yaml"])).toContain("    expires: 2027-03-01\n");
    // Back where it started, with a clean tree.
    expect(git(root, ["rev-parse", "--abbrev-ref", "HEAD"]).trim()).toBe("main");
    expect(git(root, ["status", "--porcelain", "--untracked-files=no"])).toBe("");
  });

  it("prepares nothing when nothing is due, and says so", async () => {
    const { root, out, open } = repo();
    const r = await runCli(["renewals", "--as-of", "2026-10-01", "--open-prs", open, "--out", out, "--format", "json"], root);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ prepared: [], unchanged: [], failed: [] });
    expect(readFileSync(join(out, "renewals.tsv"), "utf8")).toBe("");
  });

  it.each([
    [["--out", "x"], "--open-prs FILE is required"],
    [["--open-prs", "missing.json", "--out", "x"], '--open-prs "missing.json" cannot be read (ENOENT)'],
    [["--open-prs", "bad.json", "--out", "x"], '--open-prs "bad.json" is not JSON'],
    [["--open-prs", "open.json"], "--out DIR is required"],
    [["--open-prs", "open.json", "--out", "x", "--host", "gitlab"], '--host "gitlab" is not a code host guestops renewals knows'],
    [["--open-prs", "open.json", "--out", "x", "--max-guests", "0"], "--max-guests 0 would renew no one"],
  ])("refuses %j", async (args, message) => {
    const { root } = repo({ "open.json": "[]", "bad.json": "{" });
    const r = await runCli(["renewals", ...args], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("refuses a working tree with uncommitted changes, which switching branches could lose", async () => {
    const { root, out, open } = repo();
    writeFileSync(join(root, "guests/fabrikam.yaml"), `${FILE}# a change in progress\n`);
    const r = await runCli(["renewals", "--as-of", AS_OF, "--open-prs", open, "--out", out], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the working tree has uncommitted changes");
    expect(existsSync(out)).toBe(false);
  });
});
