// The Git revision as a FileSource, against real temporary repositories.
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRevision } from "../../src/git/read-git-revision";
import { GitError } from "../../src/git/run-git";
import { blobIdOf } from "../../src/load/file-source";
import { MAX_FILE_BYTES } from "../../src/load/parse-yaml";
import { testdir } from "../helpers/testdir";
import { commit, git, gitRepo } from "./git-repo";

const A = "partner: Fabrikam\n";
const B = "partner: Northwind Traders\n";

function twoCommits(): string {
  return gitRepo([
    { message: "example: base state", files: { "stacks/prod.yaml": "tenantId: x\n", "guests/a.yaml": A }, date: "2026-11-01T10:00:00+00:00" },
    { message: "add northwind", files: { "guests/b.yaml": B, "guests/a.yaml": `${A}# edited\n` }, date: "2026-11-02T10:00:00+00:00" },
  ]);
}

async function gitError(p: Promise<unknown>): Promise<GitError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitError);
  return err as GitError;
}

describe("openRevision: resolving the base", () => {
  it.each([
    { ref: "HEAD", subject: "add northwind" },
    { ref: "main~1", subject: "example: base state" },
    { ref: ":/^example: base state", subject: "example: base state" },
    { ref: "v1", subject: "example: base state" },
  ])("$ref", async ({ ref, subject }) => {
    const root = twoCommits();
    git(root, ["tag", "-a", "v1", "-m", "annotated tags peel to their commit", "main~1"]);
    const rev = await openRevision(root, ref);
    expect(rev.revision).toMatchObject({ ref, subject });
    expect(rev.revision.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(rev.revision.commit.startsWith(rev.revision.short)).toBe(true);
    expect(rev.label).toBe(`${ref} (${rev.revision.short})`);
    expect(rev.revision.date).toMatch(/^2026-11-0[12]T10:00:00/);
  });

  it.each([
    { ref: "origin/main", message: '--base "origin/main" is not a revision in this repository', hint: "fetch it first: git fetch origin main" },
    { ref: "release-2026", message: "is not a revision", hint: "fetch it first: git fetch origin release-2026" },
    { ref: ":/^no such message", message: "is not a revision", hint: "no commit message matches that pattern" },
    { ref: "--output=/tmp/x", message: "is not a Git revision", hint: "--base origin/main" },
    { ref: "HEAD:guests", message: "is not a commit", hint: "pass a branch, tag or commit" },
  ])("unknown or unusable: $ref", async ({ ref, message, hint }) => {
    const err = await gitError(openRevision(twoCommits(), ref));
    expect(err.message).toContain(message);
    expect(err.hint).toContain(hint);
  });

  it("outside a repository, says so", async () => {
    const err = await gitError(openRevision(testdir({ "stacks/prod.yaml": "x" }), "HEAD"));
    expect(err.message).toMatch(/is not inside a Git repository/);
  });
});

describe("openRevision: listing and reading", () => {
  it("lists the requested folders at the commit, not the working tree, with blob ids", async () => {
    const root = twoCommits();
    commit(root, {}, "empty");
    const rev = await openRevision(root, "main~2");
    expect(await rev.list(["guests"])).toEqual([{ path: "guests/a.yaml", blobId: blobIdOf(Buffer.from(A)) }]);
    expect((await rev.list(["."])).map((f) => f.path)).toEqual(["guests/a.yaml", "stacks/prod.yaml"]);
    expect(await rev.list(["nowhere"])).toEqual([]);
  });

  it("reads bytes whose blob ids match the working tree's, so the two share a parse cache", async () => {
    const rev = await openRevision(twoCommits(), "HEAD");
    const [a, b] = await rev.read(await rev.list(["guests"]));
    expect(Buffer.from(b!.bytes!).toString()).toBe(B);
    expect(b!.blobId).toBe(blobIdOf(Buffer.from(B)));
    expect(Buffer.from(a!.bytes!).toString()).toBe(`${A}# edited\n`);
  });

  it("does not fetch blobs that are already known, only reports them", async () => {
    const rev = await openRevision(twoCommits(), "HEAD");
    const listed = await rev.list(["guests"]);
    const knownId = blobIdOf(Buffer.from(B));
    const reads = await rev.read(listed, (id) => id === knownId);
    expect(reads.find((r) => r.path === "guests/b.yaml")).toEqual({ path: "guests/b.yaml", blobId: knownId });
    expect(reads.find((r) => r.path === "guests/a.yaml")?.bytes).toBeDefined();
  });

  it("reads a path it was not asked to list, and reports what is missing or not a file", async () => {
    const rev = await openRevision(twoCommits(), "HEAD");
    const reads = await rev.read([{ path: "stacks/prod.yaml" }, { path: "stacks/dev.yaml" }, { path: "guests" }]);
    expect(reads.map((r) => r.error)).toEqual([undefined, "file not found", "is a folder, not a file"]);
    expect(Buffer.from(reads[0]!.bytes!).toString()).toBe("tenantId: x\n");
  });

  it("reports symbolic links and submodules as unreadable instead of following them", async () => {
    const root = gitRepo([{ message: "base", files: { "guests/a.yaml": A } }]);
    symlinkSync("/etc/passwd", join(root, "guests", "link.yaml"));
    git(root, ["add", "guests/link.yaml"]);
    // A gitlink straight into the index: a submodule entry without cloning anything.
    git(root, ["update-index", "--add", "--cacheinfo", `160000,${git(root, ["rev-parse", "HEAD"]).trim()},guests/vendor.yaml`]);
    git(root, ["commit", "-q", "-m", "link and submodule"]);
    const rev = await openRevision(root, "HEAD");
    const listed = await rev.list(["guests"]);
    expect(listed).toEqual([{ path: "guests/a.yaml", blobId: blobIdOf(Buffer.from(A)) }, { path: "guests/link.yaml", kind: "symlink" }, { path: "guests/vendor.yaml", kind: "submodule" }]);
    const reads = await rev.read(listed);
    expect(reads.map((r) => r.error)).toEqual([undefined, "is a symbolic link; guest and stack files must be regular files", "is a Git submodule; guest and stack files must be regular files"]);
  });

  it("refuses a blob over the size limit without reading it", async () => {
    const root = gitRepo([{ message: "huge", files: { "guests/huge.yaml": Buffer.alloc(MAX_FILE_BYTES + 1, 0x61) } }]);
    const rev = await openRevision(root, "HEAD");
    const [read] = await rev.read(await rev.list(["guests"]));
    expect(read).toEqual({ path: "guests/huge.yaml", blobId: "", tooLarge: MAX_FILE_BYTES + 1 });
  });

  it("keeps non-ASCII paths as written (core.quotePath=false)", async () => {
    const rev = await openRevision(gitRepo([{ message: "base", files: { "guests/müller söhne.yaml": A } }]), "HEAD");
    const listed = await rev.list(["guests"]);
    expect(listed.map((f) => f.path)).toEqual(["guests/müller söhne.yaml"]);
    expect((await rev.read(listed))[0]!.bytes).toBeDefined();
  });

  it("works from a subfolder of the repository, with paths relative to that folder", async () => {
    const root = gitRepo([{ message: "base", files: { "identity/guests/a.yaml": A, "identity/stacks/prod.yaml": "x\n", "guests/outside.yaml": B } }]);
    const rev = await openRevision(join(root, "identity"), "HEAD");
    expect((await rev.list(["guests"])).map((f) => f.path)).toEqual(["guests/a.yaml"]);
    expect((await rev.list(["."])).map((f) => f.path)).toEqual(["guests/a.yaml", "stacks/prod.yaml"]);
    expect((await rev.read([{ path: "stacks/prod.yaml" }]))[0]!.error).toBeUndefined();
  });
});
