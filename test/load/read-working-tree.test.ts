// The working tree as a file source: what it refuses before reading, and what it reads.
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blobIdOf } from "../../src/load/file-source";
import { loadRepo } from "../../src/load/load-repo";
import { MAX_FILE_BYTES } from "../../src/load/parse-yaml";
import { workingTree } from "../../src/load/read-working-tree";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF, baseRepo } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";

describe("workingTree", () => {
  it("lists files below the folders asked for, sorted, and skips node_modules", async () => {
    const root = testdir(baseRepo({ "guests/b/z.yaml": "x: 1\n", "guests/node_modules/m.yaml": "x: 1\n", "other/o.yaml": "x: 1\n" }));
    const listed = await workingTree(root).list(["guests"]);
    expect(listed.map((f) => f.path)).toEqual(["guests/b/z.yaml", "guests/fabrikam.yaml"]);
  });

  it("reads bytes with Git's blob id", async () => {
    const root = testdir({ "guests/a.yaml": "partner: A\n" });
    const [read] = await workingTree(root).read([{ path: "guests/a.yaml" }]);
    expect(read).toEqual({ path: "guests/a.yaml", bytes: Buffer.from("partner: A\n"), blobId: blobIdOf(Buffer.from("partner: A\n")) });
  });

  it.each([
    { desc: "over the size limit", size: MAX_FILE_BYTES + 1, expected: { tooLarge: MAX_FILE_BYTES + 1 } },
    { desc: "exactly at the size limit", size: MAX_FILE_BYTES, expected: { bytes: expect.any(Buffer) } },
  ])("a file $desc", async ({ size, expected }) => {
    const root = testdir({ "guests/big.yaml": Buffer.alloc(size, 0x23) });
    const [read] = await workingTree(root).read([{ path: "guests/big.yaml" }]);
    expect(read).toMatchObject(expected);
  });

  it("refuses a file over the size limit as a positioned fileSize error, without reading it", async () => {
    const root = testdir(baseRepo({ "guests/big.yaml": Buffer.alloc(MAX_FILE_BYTES + 5, 0x23) }));
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.problems).toEqual([
      { severity: "error", file: "guests/big.yaml", line: 1, column: 1, rule: "fileSize", message: `file is ${MAX_FILE_BYTES + 5} bytes, over the ${MAX_FILE_BYTES}-byte limit; split it into several files` },
    ]);
  });

  it("refuses a symbolic link, whose target could be anywhere on the runner", async () => {
    const root = testdir(baseRepo());
    symlinkSync("/etc/hostname", join(root, "guests", "link.yaml"));
    const load = await loadRepo(workingTree(root), "prod");
    expect(load.problems.map((p) => [p.file, p.rule, p.message])).toEqual([["guests/link.yaml", "notRegularFile", expect.stringContaining("this is a symbolic link where guest files are read")]]);
  });

  it("reports a missing file as not found", async () => {
    const [read] = await workingTree(testdir({})).read([{ path: "guests/gone.yaml" }]);
    expect(read).toEqual({ path: "guests/gone.yaml", error: "file not found", blobId: "" });
  });
});

describe("files beside the guest files that no pattern selects", () => {
  it.each([
    { file: "guests/northwind.YAML", warned: true },
    { file: "guests/fabrikam.yaml.bak", warned: true },
    { file: "guests/northwind.json", warned: true },
    { file: "guests/README.md", warned: false },
    { file: "guests/.gitkeep", warned: false },
  ])("$file: warned $warned", async ({ file, warned }) => {
    const root = testdir(baseRepo({ [file]: "partner: Northwind\n" }));
    const load = await loadRepo(workingTree(root), "prod");
    const warnings = validateRepo(load, AS_OF).warnings.filter((w) => w.rule === "unselectedFile");
    expect(warnings.map((w) => [w.file, w.line, w.column])).toEqual(warned ? [[file, 1, 1]] : []);
    if (warned) expect(warnings[0]!.message).toContain("matches none of the stack's guestFiles patterns (guests/**/*.yaml, guests/**/*.yml)");
    expect(load.guestFiles.map((f) => f.path)).toEqual(["guests/fabrikam.yaml"]);
  });
});
