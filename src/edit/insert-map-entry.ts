// Minimal-diff YAML edits: the yaml Document finds where an entry goes, and only the entry's own text is
// inserted. Everything else (comments, order, quoting, alignment, CRLF, a BOM) keeps its bytes, so a
// reviewer's diff shows the edit and nothing else. For catalog entries today; meant for every edit.
import { Document, isMap, isScalar, isSeq, parseDocument, visit, type Node, type Pair, type YAMLMap } from "yaml";

export type EditResult = { text: string } | { error: string };

/**
 * Adds `key: value` to the mapping at `path` (top-level keys, such as ["groups"]), after its last entry.
 * The mapping may be missing (one level only: it is added at the end of the file) or an empty `{}`.
 * A key that exists already is an error: an edit never replaces what a reviewer approved.
 */
export function insertMapEntry(text: string, path: readonly string[], key: string, value: unknown): EditResult {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = text.slice(bom.length);
  const eol = body.includes("\r\n") ? "\r\n" : "\n";
  const doc = parseDocument(body);
  if (doc.errors.length > 0) return { error: `the file does not parse as YAML (${doc.errors[0]!.message.split("\n")[0]}); fix it first` };
  if (!isMap(doc.contents)) return { error: "the file's top level is not a mapping" };
  const where = path.join(".");
  const parent = doc.getIn(path, true) as Node | undefined;
  const done = (at: number, end: number, insert: string): EditResult => ({ text: bom + body.slice(0, at) + insert + body.slice(end) });

  if (parent === undefined || (isScalar(parent) && (parent.value === null || parent.value === undefined))) {
    if (path.length !== 1 || (parent !== undefined && parent.range === undefined)) return { error: `${where} is missing` };
    if (parent !== undefined) {
      // `groups:` with nothing after it: the entry goes right below the key.
      const lineEnd = endOfLine(body, parent.range![0]);
      return done(lineEnd.at, lineEnd.at, `${lineEnd.newline ? "" : eol}${render(key, value, "  ", eol)}`.replace(new RegExp(`${eol}$`), lineEnd.newline ? eol : ""));
    }
    const sep = body === "" || body.endsWith("\n") ? "" : eol;
    return done(body.length, body.length, `${sep}${path[0]}:${eol}${render(key, value, "  ", eol)}`);
  }
  if (!isMap(parent)) return { error: `${where} is not a mapping` };
  const map = parent as YAMLMap;
  if (map.items.some((p) => isScalar(p.key) && String(p.key.value) === key)) return { error: `${where} already has an entry "${key}"` };
  if (map.flow) {
    if (map.items.length > 0) return { error: `${where} is written as a flow mapping ({ ... }); write it as a block mapping, one entry per line, and run this again` };
    const end = map.range![1];
    let start = map.range![0];
    while (start > 0 && body[start - 1] === " ") start--;
    const indent = lineIndent(body, start) + "  ";
    return done(start, end, `${eol}${render(key, value, indent, eol).replace(new RegExp(`${eol}$`), "")}`);
  }
  const first = map.items[0] as Pair<Node, Node>;
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null>;
  const indent = " ".repeat(column(body, first.key.range![0]));
  const lastEnd = last.value?.range?.[1] ?? last.key.range![1];
  const lineEnd = endOfLine(body, lastEnd);
  return done(lineEnd.at, lineEnd.at, `${lineEnd.newline ? "" : eol}${render(key, value, indent, eol)}`.replace(new RegExp(`${eol}$`), lineEnd.newline ? eol : ""));
}

/**
 * Appends `item` to the block sequence at `path` (such as ["people"]), after its last item and at its
 * indentation; `flow` writes the item on one line, `- { email: ..., github: ... }`, as people.yaml does.
 */
export function appendSeqItem(text: string, path: readonly string[], item: Record<string, unknown>, flow = false): EditResult {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = text.slice(bom.length);
  const eol = body.includes("\r\n") ? "\r\n" : "\n";
  const doc = parseDocument(body);
  if (doc.errors.length > 0) return { error: `the file does not parse as YAML (${doc.errors[0]!.message.split("\n")[0]}); fix it first` };
  const where = path.join(".");
  const seq = doc.getIn(path, true) as Node | undefined;
  if (!isSeq(seq) || seq.flow || seq.items.length === 0 || !seq.range) return { error: `${where} is not a list with one entry per line` };
  const indent = " ".repeat(column(body, seq.range[0]));
  const last = seq.items[seq.items.length - 1] as Node;
  const lineEnd = endOfLine(body, last.range![1]);
  const one = new Document(item);
  if (flow && isMap(one.contents)) one.contents.flow = true;
  const lines = one.toString({ lineWidth: 0, indent: 2 }).replace(/\n$/, "").split("\n");
  const rendered = lines.map((line, i) => `${indent}${i === 0 ? "- " : "  "}${line}`).join(eol);
  return { text: bom + body.slice(0, lineEnd.at) + (lineEnd.newline ? "" : eol) + rendered + (lineEnd.newline ? eol : "") + body.slice(lineEnd.at) };
}

/** The entry as block YAML, lists in flow style as the bundled files write them, each line indented. */
function render(key: string, value: unknown, indent: string, eol: string): string {
  const doc = new Document({ [key]: value });
  visit(doc, {
    Seq(_, node) {
      node.flow = true;
    },
  });
  const text = doc.toString({ lineWidth: 0, indent: 2, flowCollectionPadding: false });
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => indent + line)
    .join(eol) + eol;
}

/** A file's text in three parts: a BOM, the body after it, and the line ending the body uses. */
export interface TextParts {
  bom: string;
  body: string;
  eol: string;
}

export function splitText(text: string): TextParts {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = text.slice(bom.length);
  return { bom, body, eol: body.includes("\r\n") ? "\r\n" : "\n" };
}

/** Where the line holding `offset - 1` ends: just after its newline, or the end of the text. */
export function endOfLine(body: string, offset: number): { at: number; newline: boolean } {
  if (offset > 0 && body[offset - 1] === "\n") return { at: offset, newline: true };
  const nl = body.indexOf("\n", offset);
  return nl < 0 ? { at: body.length, newline: false } : { at: nl + 1, newline: true };
}

export function column(body: string, offset: number): number {
  return offset - (body.lastIndexOf("\n", offset - 1) + 1);
}

export function lineIndent(body: string, offset: number): string {
  const start = body.lastIndexOf("\n", offset - 1) + 1;
  return /^[ ]*/.exec(body.slice(start))![0];
}
