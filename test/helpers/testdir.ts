// Small file trees built inline, in a fresh temporary folder per call.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { writeTree } from "./write-tree";

export { writeTree };

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path to text or bytes) under a new temporary folder and returns its path. */
export function testdir(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), "guestops-"));
  made.push(root);
  writeTree(root, files);
  return root;
}
