// Minimal-diff replacement of one value: the yaml Document finds the node, and only the node's own text
// is rewritten. Everything around it (comments, order, quoting, CRLF, a BOM) keeps its bytes. For files
// whose parts guestops writes from other data, such as the issue form's choices from the catalog.
import { Document, isCollection, isScalar, isSeq, parseDocument, visit, type Node } from "yaml";
import type { EditResult } from "./insert-map-entry";

/** A step of a path: a mapping key, a sequence index, or the item of a sequence whose `key` is `value`. */
export type PathStep = string | number | { key: string; value: string };

/**
 * Replaces the value at `path` with `value`: a list of strings keeps its style (one item per line at
 * the same indentation, or `[a, b]`), and a string is written on one line, quoted only when YAML needs
 * it. The value must exist already: what a person removed is not put back without their knowing.
 * Comments between the value's own items are part of the value, and go with it.
 */
export function replaceValue(text: string, path: readonly PathStep[], value: string | readonly string[]): EditResult {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = text.slice(bom.length);
  const eol = body.includes("\r\n") ? "\r\n" : "\n";
  const doc = parseDocument(body);
  if (doc.errors.length > 0) return { error: `the file does not parse as YAML (${doc.errors[0]!.message.split("\n")[0]}); fix it first` };
  const where = describe(path);
  const found = find(doc.contents as Node | null, path);
  if (typeof found === "string") return { error: found };
  const node = found;
  if (!node.range) return { error: `${where} has no place in the file` };
  if (node.anchor || hasAlias(node)) return { error: `${where} uses an anchor or alias; write it out plainly and run this again` };
  const start = node.range[0];
  // A block node's range runs on over the line break after it: only its own text is replaced.
  let end = node.range[1];
  while (end > start && /\s/.test(body[end - 1]!)) end--;
  let rendered: string;
  if (typeof value === "string") {
    if (isCollection(node)) return { error: `${where} is a list or mapping, not text` };
    rendered = scalar(value);
  } else {
    if (!isSeq(node)) return { error: `${where} is not a list` };
    if (node.flow || value.length === 0) rendered = `[${value.map(scalar).join(", ")}]`;
    else {
      const indent = " ".repeat(start - (body.lastIndexOf("\n", start - 1) + 1));
      rendered = value.map((v, i) => `${i === 0 ? "" : indent}- ${scalar(v)}`).join(eol);
    }
    // A block list turned empty becomes `[]` on the key's line: `options:\n  []` reads oddly but parses.
  }
  return { text: bom + body.slice(0, start) + rendered + body.slice(end) };
}

/** One plain or quoted scalar on one line: YAML decides whether it needs quotes. */
function scalar(value: string): string {
  return new Document(value).toString({ lineWidth: 0 }).replace(/\n$/, "");
}

function find(root: Node | null, path: readonly PathStep[]): Node | string {
  let node: Node | null | undefined = root;
  for (const [i, step] of path.entries()) {
    const at = describe(path.slice(0, i + 1));
    if (typeof step === "object") {
      if (!isSeq(node)) return `${describe(path.slice(0, i))} is not a list`;
      const matches = node.items.filter((item) => isCollection(item) && String((item.get(step.key, true) as Node | undefined)?.toJSON?.() ?? "") === step.value);
      if (matches.length !== 1) return matches.length === 0 ? `no item of ${describe(path.slice(0, i)) || "the file"} has ${step.key}: ${step.value}` : `${matches.length} items have ${step.key}: ${step.value}; keep one`;
      node = matches[0] as Node;
    } else if (isCollection(node)) node = node.get(step, true) as Node | undefined;
    else return `${at} is missing`;
    if (node === undefined || node === null || (isScalar(node) && node.value === null && i < path.length - 1)) return `${at} is missing`;
  }
  return node ?? "the file is empty";
}

function hasAlias(node: Node): boolean {
  let found = false;
  visit(node, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

function describe(path: readonly PathStep[]): string {
  return path.map((s) => (typeof s === "object" ? `[${s.key}=${s.value}]` : typeof s === "number" ? `[${s}]` : s)).join(".").replace(/\.\[/g, "[");
}
