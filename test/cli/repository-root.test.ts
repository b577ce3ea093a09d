// Commands find the repository upward from the folder they run in, within its Git repository, and say
// where they looked when there is none.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRepositoryRoot } from "../../src/load/find-repository-root";
import { AS_OF, baseRepo } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { runCli } from "./run-cli";

const GIT = { ".git/HEAD": "ref: refs/heads/main\n" };

describe("findRepositoryRoot", () => {
  const rows: { desc: string; files: Record<string, string>; cwd: string; root: string | undefined }[] = [
    { desc: "the root itself", files: { ...GIT, ...baseRepo() }, cwd: ".", root: "." },
    { desc: "from guests/", files: { ...GIT, ...baseRepo() }, cwd: "guests", root: "." },
    { desc: "from a folder two levels down", files: { ...GIT, ...baseRepo({ "guests/eu/notes.md": "x\n" }) }, cwd: "guests/eu", root: "." },
    { desc: "a guestops folder inside a larger repository", files: { ...GIT, "identity/stacks/prod.yaml": "x\n", "identity/guests/a.yaml": "x\n" }, cwd: "identity/guests", root: "identity" },
    { desc: "never below the working folder", files: { ...GIT, "identity/stacks/prod.yaml": "x\n" }, cwd: ".", root: undefined },
    { desc: "never above the Git repository's top", files: { "stacks/prod.yaml": "x\n", "inner/.git/HEAD": "ref: x\n", "inner/guests/a.yaml": "x\n" }, cwd: "inner/guests", root: undefined },
  ];
  it.each(rows)("$desc", ({ files, cwd, root }) => {
    const dir = testdir(files);
    mkdirSync(join(dir, cwd), { recursive: true });
    const found = findRepositoryRoot(join(dir, cwd));
    expect(found.root).toBe(root === undefined ? undefined : join(dir, root));
    if (found.root === undefined) expect(found.looked[0]).toBe(join(dir, cwd));
  });
});

describe("commands run from a subfolder", () => {
  it("validate from guests/ reads the whole repository, with paths from its root", async () => {
    const dir = testdir({ ...GIT, ...baseRepo() });
    const r = await runCli(["validate", "--as-of", AS_OF], join(dir, "guests"));
    expect(r).toEqual({ code: 0, stdout: `valid: 2 guests in 1 guest file and 1 stack file (stack prod, as of ${AS_OF})\n`, stderr: "" });
  });

  it("says where it looked when no folder holds stacks/", async () => {
    const dir = testdir({ ...GIT, "guests/a.yaml": "x\n" });
    const r = await runCli(["validate"], join(dir, "guests"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no stacks/ folder in ${join(dir, "guests")} and the folders above it up to ${dir}`);
  });
});
