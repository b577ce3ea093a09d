// The loader reading a base from Git beside the working tree: one shared parse cache, so unchanged bytes
// are parsed once and never fetched; one cat-file process per read.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { openRevision } from "../../src/git/read-git-revision";
import type { FileSource } from "../../src/load/file-source";
import { loadRepo, type ParseCache } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { repoFiles } from "../plan/plan-fixtures";
import { applyFiles, gitRepo } from "./git-repo";

const spawned = vi.hoisted(() => [] as string[][]);
vi.mock("node:child_process", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:child_process")>();
  return {
    ...actual,
    spawn: ((cmd: string, args: string[], opts: object) => {
      spawned.push(args);
      return actual.spawn(cmd, args, opts);
    }) as typeof actual.spawn,
  };
});

beforeEach(() => {
  spawned.length = 0;
});

const catFiles = () => spawned.filter((args) => args.includes("cat-file")).length;

/** Records which paths a source handed out bytes for. */
function recording(source: FileSource): FileSource & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    label: source.label,
    fetched,
    list: (dirs) => source.list(dirs),
    async read(files, known) {
      const reads = await source.read(files, known);
      fetched.push(...reads.filter((r) => r.bytes).map((r) => r.path));
      return reads;
    },
  };
}

function fiveFiles(): Record<string, string> {
  const files = repoFiles();
  for (const n of [1, 2, 3]) files[`guests/extra-${n}.yaml`] = files["guests/northwind.yaml"]!.replace(/northwind/g, `partner${n}`);
  return files;
}

describe("loading base and head with one ParseCache", () => {
  it("parses unchanged files once and fetches only the changed blob from Git", async () => {
    const files = fiveFiles();
    const root = gitRepo([{ message: "base", files }]);
    applyFiles(root, { "guests/fabrikam.yaml": files["guests/fabrikam.yaml"]!.replace("Ana Silva", "Ana Maria Silva") });

    const cache: ParseCache = new Map();
    const head = await loadRepo(workingTree(root), "prod", cache);
    expect(cache.size).toBe(6); // the stack and five guest files
    const base = recording(await openRevision(root, "HEAD"));
    const baseLoad = await loadRepo(base, "prod", cache);

    expect(base.fetched).toEqual(["guests/fabrikam.yaml"]);
    expect(cache.size).toBe(7); // only the base's fabrikam.yaml was new
    expect(catFiles()).toBe(1);
    expect(baseLoad.guestFiles.map((f) => f.path)).toEqual(head.guestFiles.map((f) => f.path));
    // The same parsed document serves both sides of an unchanged file.
    expect(baseLoad.guestFiles.find((f) => f.path === "guests/northwind.yaml")!.parsed).toBe(head.guestFiles.find((f) => f.path === "guests/northwind.yaml")!.parsed);
  });

  it("reads every changed file through one cat-file process", async () => {
    const files = fiveFiles();
    const root = gitRepo([{ message: "base", files }]);
    applyFiles(root, Object.fromEntries(Object.entries(files).map(([p, t]) => [p, `# edited\n${t}`])));
    const cache: ParseCache = new Map();
    await loadRepo(workingTree(root), "prod", cache);
    const base = recording(await openRevision(root, "HEAD"));
    await loadRepo(base, "prod", cache);
    expect(base.fetched).toHaveLength(6);
    // One for the stack file, read on its own before its globs are known; one for all guest files.
    expect(catFiles()).toBe(2);
  });

  it("a base without the stack file loads as empty", async () => {
    const root = gitRepo([{ message: "guests first", files: { "guests/fabrikam.yaml": repoFiles()["guests/fabrikam.yaml"]! } }]);
    const load = await loadRepo(await openRevision(root, "HEAD"), "prod");
    expect(load.stack).toBeUndefined();
  });

  it("a base without guests/ loads with no guest files", async () => {
    const root = gitRepo([{ message: "stack first", files: { "stacks/prod.yaml": repoFiles()["stacks/prod.yaml"]! } }]);
    const load = await loadRepo(await openRevision(root, "HEAD"), "prod");
    expect(load.stack).toBeDefined();
    expect(load.guestFiles).toEqual([]);
  });
});
