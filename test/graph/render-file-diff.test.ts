// The unified diff that --dry-run prints: one hunk per changed region, removals before additions, exact
// line numbers, and every line through the terminal escaper.
import { describe, expect, it } from "vitest";
import { renderFileDiff } from "../../src/graph/render-file-diff";

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe("renderFileDiff", () => {
  it.each([
    { desc: "a new file", before: undefined, after: "a\nb\n", expected: "--- /dev/null\n+++ b/f.yaml\n@@ -0,0 +1,2 @@\n+a\n+b\n" },
    { desc: "an insertion at the end", before: "a\nb\n", after: "a\nb\nc\n", expected: "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,3 @@\n a\n b\n+c\n" },
    { desc: "a changed line: its removal, then its addition", before: "a\nb\nc\n", after: "a\nB\nc\n", expected: "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n" },
    { desc: "CRLF lines, read without their endings", before: "a\r\nb\r\n", after: "a\r\nc\r\n", expected: "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n" },
  ])("$desc", ({ before, after, expected }) => {
    expect(renderFileDiff({ path: "f.yaml", ...(before !== undefined && { before }), after })).toBe(expected);
  });

  it("two edits far apart are two hunks, with the unchanged lines between them left out", () => {
    const before = lines(30);
    const after = [...before];
    after[2] = "changed 3";
    after[25] = "changed 26";
    const diff = renderFileDiff({ path: "f.yaml", before: `${before.join("\n")}\n`, after: `${after.join("\n")}\n` });
    expect(diff.match(/^@@ .* @@$/gm)).toEqual(["@@ -1,6 +1,6 @@", "@@ -23,7 +23,7 @@"]);
    expect(diff).not.toContain("line 15");
    expect(diff).toContain("-line 26\n+changed 26\n");
  });

  it("escapes what a line could do to a terminal", () => {
    expect(renderFileDiff({ path: "f.yaml", before: "a\n", after: "a\nx\u001b[2Jy\n" })).not.toContain("\u001b");
  });
});
