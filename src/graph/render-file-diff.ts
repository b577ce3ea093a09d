// A unified diff of one file's change, for `guestops import --dry-run` and the editing commands'
// --dry-run. The common head and tail are cut first; what lies between is diffed line by line (an edit
// of several entries is several hunks), or, when that region is too large to diff cheaply, shown as one
// hunk, which is still exact. Lines come from files and Graph: escaped.
import { terminal } from "../output/escape";
import type { FileChange } from "./build-adoption";

const CONTEXT = 3;
/** Cells of the line-by-line table at most: beyond it, the changed region is one hunk. */
const MAX_CELLS = 4_000_000;

type Op = { kind: " " | "-" | "+"; text: string; old: number; new: number };

export function renderFileDiff(change: FileChange): string {
  const before = change.before === undefined ? [] : splitLines(change.before);
  const after = splitLines(change.after);
  const ops = diffLines(before, after);
  const lines = [`--- ${change.before === undefined ? "/dev/null" : `a/${terminal(change.path)}`}`, `+++ b/${terminal(change.path)}`];
  for (const hunk of hunksOf(ops)) {
    const first = hunk[0]!;
    const oldCount = hunk.filter((o) => o.kind !== "+").length;
    const newCount = hunk.filter((o) => o.kind !== "-").length;
    lines.push(`@@ -${oldCount === 0 ? first.old : first.old + 1},${oldCount} +${newCount === 0 ? first.new : first.new + 1},${newCount} @@`);
    for (const o of hunk) lines.push(`${o.kind}${terminal(o.text)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Each line kept, removed or added, with the line numbers (0-based) before it on each side. */
function diffLines(before: readonly string[], after: readonly string[]): Op[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: " ", text: before[i]!, old: i, new: i });
  const middle: Op["kind"][] = [];
  if ((a.length + 1) * (b.length + 1) <= MAX_CELLS) {
    // Longest common subsequence, walked from the start.
    const w = b.length + 1;
    const lcs = new Uint32Array((a.length + 1) * w);
    for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) {
        middle.push(" ");
        i++;
        j++;
      } else if (i < a.length && (j === b.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        // Removals before additions, as git shows a changed line.
        middle.push("-");
        i++;
      } else {
        middle.push("+");
        j++;
      }
    }
  } else middle.push(...a.map(() => "-" as const), ...b.map(() => "+" as const));
  let i = head;
  let j = head;
  for (const kind of middle) {
    ops.push({ kind, text: kind === "+" ? after[j]! : before[i]!, old: i, new: j });
    if (kind !== "+") i++;
    if (kind !== "-") j++;
  }
  for (let k = 0; k < tail; k++) ops.push({ kind: " ", text: before[i + k]!, old: i + k, new: j + k });
  return ops;
}

/** Changes with up to CONTEXT kept lines around each; changes closer than twice that share a hunk. */
function hunksOf(ops: readonly Op[]): Op[][] {
  const changed = ops.map((o, k) => (o.kind === " " ? -1 : k)).filter((k) => k >= 0);
  const hunks: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const k of changed) {
    if (start >= 0 && k - CONTEXT <= end + CONTEXT) end = k;
    else {
      if (start >= 0) hunks.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
      start = k;
      end = k;
    }
  }
  if (start >= 0) hunks.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
  return hunks;
}

/** Lines without their endings: a CRLF file's diff reads as any other's. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
