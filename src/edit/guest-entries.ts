// Minimal-diff edits of one guest entry in a partner file, on the yaml Document API: the Document finds the
// entry and its fields, and only their own bytes change. Every other byte (comments, order, quoting,
// blank lines, CRLF, a BOM) is kept, so that a reviewer's diff shows the edit and nothing else. An entry
// that cannot be edited that way (an anchor, an alias, a merge key, flow style) is refused, with the fix.
import { Document, isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import { column, endOfLine, lineIndent, splitText, type TextParts } from "./insert-map-entry";

/** An edit's refusal, at an offset of the body (the text after a BOM). */
export interface Refusal {
  error: string;
  offset: number;
}

export interface GuestEntryNode {
  index: number;
  /** The entry's email as written, when it is a string. */
  email?: string;
  node: Node;
}

export interface ParsedGuestText extends TextParts {
  doc: Document;
  /** The `guests` value: a list, or undefined when the key is missing or empty. */
  guests?: YAMLSeq;
  /** The `guests` key's pair, when there is one. */
  guestsPair?: Pair<Node, Node | null>;
  entries: GuestEntryNode[];
}

/** The text of a partner file with its entries located; a refusal when it does not parse. */
export function parseGuestText(text: string): ParsedGuestText | Refusal {
  const parts = splitText(text);
  const doc = parseDocument(parts.body);
  if (doc.errors.length > 0) return { error: `the file does not parse as YAML (${doc.errors[0]!.message.split("\n")[0]}); fix it first (guestops validate says where)`, offset: doc.errors[0]!.pos[0] };
  if (!isMap(doc.contents)) return { error: "the file's top level is not a mapping; fix it first (guestops validate says why)", offset: 0 };
  const guestsPair = (doc.contents as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === "guests") as Pair<Node, Node | null> | undefined;
  const value = guestsPair?.value ?? undefined;
  const guests = isSeq(value) ? (value as YAMLSeq) : undefined;
  const entries = (guests?.items ?? []).map((node, index): GuestEntryNode => {
    const email = isMap(node) ? (node as YAMLMap).get("email") : undefined;
    return { index, node: node as Node, ...(typeof email === "string" && { email }) };
  });
  return { ...parts, doc, ...(guests && { guests }), ...(guestsPair && { guestsPair }), entries };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && "error" in value;
}

/**
 * Why this entry cannot be edited byte for byte, or undefined when it can: a flow mapping would be
 * rewritten whole, and an anchor, alias or merge key makes other entries depend on its bytes.
 */
export function entryRefusal(file: ParsedGuestText, entry: GuestEntryNode, options: { flowAllowed?: boolean } = {}): Refusal | undefined {
  const node = entry.node;
  const offset = node.range?.[0] ?? 0;
  const who = entry.email ?? `guests[${entry.index}]`;
  if (!isMap(node)) return { error: `${who} is not a mapping of fields; fix the entry first`, offset };
  const map = node as YAMLMap;
  if (map.flow && options.flowAllowed !== true) return { error: `${who} is written in flow style ({ email: ..., ... }), which an edit would rewrite whole; write it as a block mapping, one field per line, and run this again`, offset };
  let found: Refusal | undefined;
  visit(map, {
    Node(_, n) {
      if (found) return visit.BREAK;
      if (isAlias(n)) found = { error: `${who} uses the alias *${n.source}; an edit cannot change it without changing what it refers to: write the value out in place of the alias, and run this again`, offset: n.range?.[0] ?? offset };
      else if (n.anchor) found = { error: `${who} defines the anchor &${n.anchor}, which other entries may refer to; write the values out and remove the anchor, and run this again`, offset: n.range?.[0] ?? offset };
      return undefined;
    },
    Pair(_, pair) {
      if (found) return visit.BREAK;
      if (isScalar(pair.key) && pair.key.value === "<<") found = { error: `${who} uses a merge key (<<), so its fields live elsewhere; write the fields out in the entry and remove the <<, and run this again`, offset: pair.key.range?.[0] ?? offset };
      return undefined;
    },
  });
  if (found) return found;
  if (file.guests?.anchor) return { error: `the guests list defines the anchor &${file.guests.anchor}; write the list out and remove the anchor, and run this again`, offset: file.guests.range?.[0] ?? offset };
  const lineStart = file.body.lastIndexOf("\n", offset - 1) + 1;
  if (!/^[ ]*-[ ]+$/.test(file.body.slice(lineStart, offset))) return { error: `${who} does not start on its list item's line ("- email: ..."); put its first field right after the dash, and run this again`, offset };
  return undefined;
}

/** The lines an entry spans: from its dash's line to the end of its last line. */
export function entryLines(file: ParsedGuestText, entry: GuestEntryNode): { start: number; end: number } {
  const range = entry.node.range!;
  const start = file.body.lastIndexOf("\n", range[0] - 1) + 1;
  return { start, end: endOfLine(file.body, range[1]).at };
}

/**
 * Sets `key` of an entry to a scalar: its value's bytes are replaced, in the quoting style it had; a key
 * the entry lacks is added as a line after its last field, at its fields' indentation.
 */
export function setEntryField(file: ParsedGuestText, entry: GuestEntryNode, key: string, value: string): string | Refusal {
  const map = entry.node as YAMLMap;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Scalar, Node | null> | undefined;
  const { body, bom, eol } = file;
  if (pair) {
    const old = pair.value;
    if (!isScalar(old) || !old.range) return { error: `${entry.email ?? "the entry"}'s ${key} is not a single value; write it as \`${key}: ${value}\`, and run this again`, offset: pair.key.range?.[0] ?? 0 };
    if (old.type === Scalar.BLOCK_FOLDED || old.type === Scalar.BLOCK_LITERAL) return { error: `${entry.email ?? "the entry"}'s ${key} is a block scalar (| or >); write it on one line, and run this again`, offset: old.range[0] };
    const rendered = renderScalar(value, old.type);
    return bom + body.slice(0, old.range[0]) + rendered + body.slice(old.range[1]);
  }
  const first = map.items[0] as Pair<Node, Node | null> | undefined;
  if (!first?.key.range) return { error: `${entry.email ?? "the entry"} has no fields to add ${key} after`, offset: map.range?.[0] ?? 0 };
  const indent = " ".repeat(column(body, first.key.range[0]));
  const lineEnd = endOfLine(body, map.range![1]);
  // A block map's range ends after its last line: the new field goes on the next line.
  const line = `${indent}${key}: ${renderScalar(value)}`;
  return bom + body.slice(0, lineEnd.at) + (lineEnd.newline ? "" : eol) + line + (lineEnd.newline ? eol : "") + body.slice(lineEnd.at);
}

/**
 * The file without the entry: its lines, the comment lines right above it at its indentation (which
 * belong to it), and one blank line that separated it from its neighbours. The last entry leaves `guests: []`.
 */
export function removeEntry(file: ParsedGuestText, entry: GuestEntryNode): string {
  const { body, bom } = file;
  let { start, end } = entryLines(file, entry);
  const dashIndent = lineIndent(body, entry.node.range![0]);
  // Comment lines directly above, at the dash's indentation, are the entry's own.
  for (;;) {
    if (start === 0) break;
    const prevStart = body.lastIndexOf("\n", start - 2) + 1;
    const prev = body.slice(prevStart, start).replace(/\r?\n$/, "");
    if (!new RegExp(`^${dashIndent}#`).test(prev)) break;
    start = prevStart;
  }
  const blankAt = (at: number): number | undefined => {
    const next = body.indexOf("\n", at);
    const line = body.slice(at, next < 0 ? body.length : next + 1);
    return line !== "" && /^[ \t]*\r?\n?$/.test(line) && next >= 0 ? next + 1 : undefined;
  };
  const prevBlank = start > 0 && /^[ \t]*\r?\n$/.test(body.slice(body.lastIndexOf("\n", start - 2) + 1, start));
  const afterBlank = blankAt(end);
  const isLast = file.entries.length === 1;
  if (isLast) {
    // The only guest: an empty list, so that the file still declares `guests`.
    const key = file.guestsPair!.key.range!;
    const colon = body.indexOf(":", key[1]);
    return bom + body.slice(0, colon + 1) + " []" + body.slice(colon + 1, start) + body.slice(end);
  }
  if (afterBlank !== undefined && (prevBlank || entry.index === 0)) end = afterBlank;
  else if (afterBlank === undefined && prevBlank && entry.index === file.entries.length - 1) start = body.lastIndexOf("\n", start - 2) + 1;
  return bom + body.slice(0, start) + body.slice(end);
}

/**
 * The file with a guest entry appended to its guests list: after the last entry, at the list's
 * indentation, separated by a blank line when the entries are. An empty `guests: []` or `guests:` gets
 * the entry as its first item; a list in flow style with entries is refused. A `comment` goes on the
 * line above the entry's dash, where removeEntry counts it as the entry's own.
 */
export function appendEntry(file: ParsedGuestText, entry: GuestEntryFields, comment?: string): string | Refusal {
  const { body, bom, eol } = file;
  const seq = file.guests;
  if (seq?.anchor) return { error: `the guests list defines the anchor &${seq.anchor}; write the list out and remove the anchor, and run this again`, offset: seq.range?.[0] ?? 0 };
  if (!file.guestsPair) return { error: "the file has no guests: list; add `guests: []` at the end, and run this again", offset: 0 };
  const value = file.guestsPair.value;
  if (seq && seq.flow && seq.items.length > 0) return { error: "the guests list is written in flow style ([ ... ]), which an edit would rewrite whole; write it as a block list, one entry per `- email: ...`, and run this again", offset: seq.range![0] };
  if (value && !seq && !(isScalar(value) && value.value === null)) return { error: "guests is not a list; fix it first (guestops validate says why)", offset: value.range?.[0] ?? 0 };
  if (!seq || seq.items.length === 0) {
    // `guests: []` or `guests:`: the entry replaces the empty value, indented below the key.
    const key = file.guestsPair.key.range!;
    const colon = body.indexOf(":", key[1]);
    const keyIndent = lineIndent(body, key[0]);
    const lines = renderEntry(entry, `${keyIndent}  `, eol, comment);
    // `[]` and the spaces before it go; a comment after it stays on the key's line.
    const rest = seq ? body.slice(0, colon + 1) + body.slice(seq.range![1]) : body;
    const lineEnd = endOfLine(rest, colon + 1);
    return bom + rest.slice(0, lineEnd.at) + (lineEnd.newline ? "" : eol) + (lineEnd.newline ? lines : lines.replace(new RegExp(`${eol}$`), "")) + rest.slice(lineEnd.at);
  }
  const items = seq.items as Node[];
  const last = items[items.length - 1]!;
  const indent = lineIndent(body, (items[0] as Node).range![0]);
  const lineEnd = endOfLine(body, last.range![1]);
  const spaced = items.length > 1 && /\n[ \t]*\r?\n/.test(body.slice(items[items.length - 2]!.range![1] - 1, lastDash(body, last)));
  const text = (spaced ? eol : "") + renderEntry(entry, indent, eol, comment);
  return bom + body.slice(0, lineEnd.at) + (lineEnd.newline ? "" : eol) + (lineEnd.newline ? text : text.replace(new RegExp(`${eol}$`), "")) + body.slice(lineEnd.at);
}

/** The file with an entry's lines replaced by other lines (the same entry as another revision holds it). */
export function replaceEntryLines(file: ParsedGuestText, entry: GuestEntryNode, lines: string): string {
  const { start, end } = entryLines(file, entry);
  return file.bom + file.body.slice(0, start) + lines + file.body.slice(end);
}

function lastDash(body: string, node: Node): number {
  return body.lastIndexOf("\n", node.range![0] - 1) + 1;
}

/** A new guest entry's fields, in the order the bundled files write them. */
export interface GuestEntryFields {
  email: string;
  displayName: string;
  /** The account's object id, for a guest import adopts from the tenant. */
  objectId?: string;
  sponsor?: string;
  expires: string;
  justification: string;
  groups: readonly string[];
  apps: readonly { app: string; role?: string }[];
}

/**
 * An entry as the bundled partner files write it: one field per line, `groups: [a, b]`, and each app
 * grant as `- { app: x, role: y }`. Each value is quoted only when YAML needs it. Each line of `comment`
 * becomes a `# ` line above the dash.
 */
export function renderEntry(entry: GuestEntryFields, indent: string, eol: string, comment?: string): string {
  const lines = [...commentLines(comment), `- email: ${renderScalar(entry.email)}`, `  displayName: ${renderScalar(entry.displayName)}`];
  if (entry.objectId !== undefined) lines.push(`  objectId: ${renderScalar(entry.objectId)}`);
  if (entry.sponsor !== undefined) lines.push(`  sponsor: ${renderScalar(entry.sponsor)}`);
  lines.push(`  expires: ${renderScalar(entry.expires)}`, `  justification: ${renderScalar(entry.justification)}`);
  if (entry.groups.length > 0) lines.push(`  groups: ${renderFlow([...entry.groups], false)}`);
  if (entry.apps.length > 0) {
    lines.push("  apps:");
    for (const a of entry.apps) lines.push(`    - ${renderFlow(a.role === undefined ? { app: a.app } : { app: a.app, role: a.role }, true)}`);
  }
  return lines.map((l) => indent + l).join(eol) + eol;
}

/**
 * A new partner file with no guests yet, `guests: []`, for appendEntry to add the first: the schema line
 * (relative to the file's folder), `comment` as `# ` lines, the partner's name and its one domain.
 */
export function newPartnerText(path: string, partner: string, domain: string, comment?: string): string {
  const depth = path.split("/").length - 1;
  return [`# yaml-language-server: $schema=${"../".repeat(depth)}schemas/guests.schema.json`, ...commentLines(comment), `partner: ${renderScalar(partner)}`, `domains: ${renderFlow([domain], false)}`, "", "guests: []", ""].join("\n");
}

/** A comment as `# ` lines: a line break in it starts another comment line, never a line of YAML. */
function commentLines(comment: string | undefined): string[] {
  return comment === undefined ? [] : comment.split(/\r\n|\r|\n/).map((line) => `# ${line}`.trimEnd());
}

/** One scalar on one line, plain when YAML reads it back as the same string, else quoted; `type` keeps a quoting style. */
export function renderScalar(value: string, type?: Scalar.Type): string {
  const doc = new Document(value);
  if (type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE) (doc.contents as Scalar).type = type;
  const text = doc.toString({ lineWidth: 0 }).replace(/\n$/, "");
  if (text.includes("\n")) return JSON.stringify(value);
  return text;
}

function renderFlow(value: unknown, padding: boolean): string {
  const doc = new Document(value);
  if (isSeq(doc.contents) || isMap(doc.contents)) doc.contents.flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: padding }).replace(/\n$/, "");
}
