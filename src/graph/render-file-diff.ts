// A unified diff of one file's change, for `guestops import --dry-run`. The change is an insertion or a
// new file, so one hunk between the common head and tail is exact. Lines come from Graph: escaped.
import { terminal } from "../output/escape";
import type { FileChange } from "./build-adoption";

const CONTEXT = 3;

export function renderFileDiff(change: FileChange): string {
  const before = change.before === undefined ? [] : splitLines(change.before);
  const after = splitLines(change.after);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const start = Math.max(0, head - CONTEXT);
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  const ctxEnd = Math.min(CONTEXT, tail);
  const lines = [`--- ${change.before === undefined ? "/dev/null" : `a/${terminal(change.path)}`}`, `+++ b/${terminal(change.path)}`];
  const oldCount = oldEnd - start + ctxEnd;
  const newCount = newEnd - start + ctxEnd;
  lines.push(`@@ -${oldCount === 0 ? 0 : start + 1},${oldCount} +${newCount === 0 ? 0 : start + 1},${newCount} @@`);
  for (let i = start; i < head; i++) lines.push(` ${terminal(before[i]!)}`);
  for (let i = head; i < oldEnd; i++) lines.push(`-${terminal(before[i]!)}`);
  for (let i = head; i < newEnd; i++) lines.push(`+${terminal(after[i]!)}`);
  for (let i = oldEnd; i < oldEnd + ctxEnd; i++) lines.push(` ${terminal(before[i]!)}`);
  return `${lines.join("\n")}\n`;
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
