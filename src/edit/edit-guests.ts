// One GuestEdit applied to the partner files' text: pure, it writes nothing. It returns each changed file
// (before and after), notes for the reviewer, and the problems that refuse the edit, each at its place in
// a file with the value, what is wrong and the fix. The caller validates the result with the one loader
// and rules before writing (src/cli/run-edit.ts).
import { parseDocument } from "yaml";
import { matchDomain, splitAddress } from "../model/address";
import { addDays, daysBetween } from "../model/dates";
import type { Problem } from "../model/problem";
import type { StackFile } from "../model/stack-schema";
import { count, quote, slugOf } from "../model/words";
import { entryValue, Meanings, type Change } from "./check-meaning";
import type { GuestEdit } from "./guest-edit";
import { appendEntry, entryLines, entryRefusal, isRefusal, newPartnerText, parseGuestText, removeEntry, replaceEntryLines, setEntryField, type GuestEntryFields, type GuestEntryNode, type ParsedGuestText, type Refusal } from "./guest-entries";

export interface GuestFileText {
  /** Repository-relative, forward slashes. */
  path: string;
  text: string;
}

export interface EditGuestsInput {
  edit: GuestEdit;
  /** The stack's guest files as written, BOM and line endings included. */
  files: readonly GuestFileText[];
  /** The stack (or its tenant's file): policy and catalog, as parsed. */
  stack: Partial<StackFile>;
  /** The day the edit is made: a renewal's limits count from it, and `reviewed` is set to it. */
  asOf: string;
  /** The folder a new partner file goes in. Default: guests. */
  newFileDir?: string;
  /** Whether a path exists already, though the stack may not read it: a new partner file never overwrites one. */
  exists?: (path: string) => boolean;
  /** For a drop: the guest files at the base, and its name for messages. */
  base?: { label: string; files: readonly GuestFileText[] };
}

export interface FileEdit {
  path: string;
  /** Undefined for a new file. */
  before?: string;
  after: string;
}

export interface EditGuestsResult {
  files: FileEdit[];
  notes: string[];
  /**
   * Why the edit is refused; empty when it can be made. A problem about the command's arguments
   * rather than a file has file "" and line and column 0.
   */
  problems: Problem[];
}

const RULE = "edit";

export function editGuests(input: EditGuestsInput): EditGuestsResult {
  const texts = new Map(input.files.map((f) => [f.path, f.text]));
  const problems: Problem[] = [];
  const notes: string[] = [];
  const created = new Set<string>();
  const meanings = new Meanings();
  const edit = input.edit;
  if (edit.action === "add") addGuest(input, edit, texts, created, problems, notes, meanings);
  else {
    const seen = new Set<string>();
    for (const email of edit.emails) {
      if (seen.has(email.toLowerCase())) continue;
      seen.add(email.toLowerCase());
      const found = findEntry(texts, email, problems);
      if (!found) continue;
      const { path, file, entry } = found;
      const refusal = entryRefusal(file, entry, { flowAllowed: edit.action === "remove" });
      if (refusal) {
        problems.push(at(path, file.body, refusal));
        continue;
      }
      const result = applyOne(input, edit, path, file, entry, notes);
      if (isRefusal(result)) problems.push(at(path, file.body, result));
      else if (result !== undefined) {
        texts.set(path, result.text);
        meanings.record(path, result.change);
      }
    }
  }
  if (problems.length > 0) return { files: [], notes, problems };
  const before = new Map(input.files.map((f) => [f.path, f.text]));
  const files: FileEdit[] = [];
  for (const [path, after] of texts) {
    const old = created.has(path) ? undefined : before.get(path);
    if (old === after) continue;
    files.push({ path, ...(old !== undefined && { before: old }), after });
  }
  // A second look, on meaning: each file must read as before with exactly the edit made, or nothing is written.
  const wrong = files.filter((f) => !meanings.holds(f.path, f.before, f.after));
  if (wrong.length > 0) return { files: [], notes, problems: wrong.map((f) => ({ severity: "error", file: f.path, line: 1, column: 1, message: `the edit of ${f.path} would change more than the guest's entry, so nothing was written; this is a bug in guestops: please report it, with the file, and make the change by hand meanwhile`, rule: "editCheck" })) };
  return { files, notes, problems };
}

/** The entry's file text after one renew, review, remove or drop, and what the edit means; undefined when nothing changes. */
function applyOne(input: EditGuestsInput, edit: Exclude<GuestEdit, { action: "add" }>, path: string, file: ParsedGuestText, entry: GuestEntryNode, notes: string[]): { text: string; change: Change } | Refusal | undefined {
  const email = entry.email!;
  const index = entry.index;
  if (edit.action === "remove") return { text: removeEntry(file, entry), change: { kind: "delete", index } };
  if (edit.action === "review") {
    const on = edit.on ?? input.asOf;
    if (on > input.asOf) return { error: `--on ${on} for ${quote(email)} is after ${input.asOf}, the day of this edit; a review is recorded once it has happened: pass --on ${input.asOf} or an earlier day`, offset: entry.node.range![0] };
    const text = setEntryField(file, entry, "reviewed", on);
    return isRefusal(text) ? text : { text, change: { kind: "set", index, fields: { reviewed: on } } };
  }
  if (edit.action === "renew") {
    const value = (entry.node.toJSON() ?? {}) as Record<string, unknown>;
    const where = fieldOffset(entry, "expires");
    if (edit.until < input.asOf) return { error: `--until ${edit.until} for ${quote(email)} is before ${input.asOf}, the day of this edit; a renewal runs from today: pass a later date`, offset: where };
    const limit = tightestLimit(input.stack, value);
    if (limit && daysBetween(input.asOf, edit.until) > limit.days) {
      const latest = addDays(input.asOf, limit.days);
      return { error: `--until ${edit.until} for ${quote(email)} is ${count(daysBetween(input.asOf, edit.until), "day")} after ${input.asOf}; ${limit.source} allows at most ${count(limit.days, "day")}: pass --until ${latest} or an earlier date`, offset: where };
    }
    if (typeof value.expires === "string" && edit.until < value.expires) notes.push(`--until ${edit.until} is before ${email}'s current expires, ${value.expires}: this shortens the access`);
    let text: string | Refusal = file.bom + file.body;
    const fields: [string, string][] = [["expires", edit.until], ["reviewed", input.asOf], ...(edit.justification !== undefined ? ([["justification", edit.justification]] as [string, string][]) : [])];
    for (const [key, v] of fields) {
      const current = reparse(text as string, entry.index);
      if (isRefusal(current)) return current;
      text = setEntryField(current.file, current.entry, key, v);
      if (isRefusal(text)) return text;
    }
    return { text, change: { kind: "set", index, fields: Object.fromEntries(fields) } };
  }
  // drop: the entry as the base holds it, byte for byte.
  const base = input.base;
  if (!base) return { error: `there is no base to put ${quote(email)} back from; pass --base REF`, offset: entry.node.range![0] };
  const baseTexts = new Map(base.files.map((f) => [f.path, f.text]));
  const inBase = findEntry(baseTexts, email, []);
  if (!inBase) return { error: `${quote(email)} is not in ${base.label}: it is new on this branch, so there is no renewal to undo; remove it with guestops remove ${email}`, offset: entry.node.range![0] };
  const refusal = entryRefusal(inBase.file, inBase.entry, { flowAllowed: true });
  if (refusal) return { error: `${base.label}:${inBase.path}: ${refusal.error}`, offset: entry.node.range![0] };
  const lines = entryLines(inBase.file, inBase.entry);
  const old = entryLines(file, entry);
  const baseText = inBase.file.body.slice(lines.start, lines.end);
  const headText = file.body.slice(old.start, old.end);
  if (baseText.replace(/\r?\n$/, "") === headText.replace(/\r?\n$/, "")) {
    notes.push(`${email} in ${path} is already as ${base.label} holds it: nothing to undo`);
    return undefined;
  }
  const indent = (t: string) => /^[ ]*/.exec(t)![0];
  if (indent(baseText) !== indent(headText)) return { error: `${quote(email)} is indented differently in ${base.label} (${inBase.path}), so its lines cannot be put back as they were; restore the entry by hand`, offset: entry.node.range![0] };
  // The entry's own last line keeps this file's ending: the base's bytes, in their place.
  const ending = /\r?\n$/.exec(headText)?.[0] ?? "";
  return { text: replaceEntryLines(file, entry, baseText.replace(/\r?\n$/, "") + ending), change: { kind: "replace", index, value: inBase.entry.node.toJSON() } };
}

function addGuest(input: EditGuestsInput, edit: Extract<GuestEdit, { action: "add" }>, texts: Map<string, string>, created: Set<string>, problems: Problem[], notes: string[], meanings: Meanings): void {
  const parts = splitAddress(edit.email);
  if (!parts) {
    problems.push(argument(`${quote(edit.email)} is not an email address (it needs exactly one @, with a name before it and a domain after it); pass the guest's work address, such as ana.silva@fabrikam.com`));
    return;
  }
  const existing = locateAll(texts, edit.email);
  if (existing.length > 0) {
    const e = existing[0]!;
    const pos = position(e.file.body, e.entry.node.range![0]);
    problems.push({ severity: "error", file: e.path, ...pos, message: `${quote(edit.email)} is already declared in ${e.path}:${pos.line}:${pos.column}; one entry per guest: change that entry (guestops renew, guestops review), or remove it first`, rule: RULE });
    return;
  }
  const entry = { email: edit.email, displayName: edit.displayName, ...(edit.sponsor !== undefined && { sponsor: edit.sponsor }), expires: edit.expires, justification: edit.justification, groups: edit.groups, apps: edit.apps };
  for (const [path, text] of texts) {
    const domains = domainsOf(text);
    if (matchDomain(parts.domain, domains) === undefined) continue;
    const file = parseGuestText(text);
    if (isRefusal(file)) {
      problems.push(at(path, splitBody(text), file));
      return;
    }
    if (edit.sponsor === undefined && typeof (file.doc.toJS({ maxAliasCount: 100 }) as { sponsor?: unknown } | null)?.sponsor !== "string") {
      problems.push(argument(`${path} has no default sponsor, so the guest needs one of its own: pass --sponsor ADDR, the internal person who answers for the guest (such as priya.natarajan@contoso.com)`));
      return;
    }
    const after = appendEntry(file, entry);
    if (isRefusal(after)) problems.push(at(path, file.body, after));
    else {
      texts.set(path, after);
      meanings.record(path, { kind: "append", value: entryValue(entry) });
    }
    if (edit.partner !== undefined) notes.push(`${parts.domain} is a domain of ${path}, so the guest goes there; --partner is only for a domain that no partner file holds`);
    return;
  }
  if (edit.partner === undefined) {
    problems.push(argument(`no partner file holds the domain ${parts.domain}; to start one, pass --partner NAME (the partner organisation's name): guestops writes ${input.newFileDir ?? "guests"}/<name>.yaml, and a new partner domain is a policy change that a stack owner approves`));
    return;
  }
  const slug = slugOf(edit.partner);
  if (slug === "") {
    problems.push(argument(`--partner ${quote(edit.partner)} makes no file name; pass the partner's name in letters and digits, such as --partner "Northwind Traders"`));
    return;
  }
  const path = `${input.newFileDir ?? "guests"}/${slug}.yaml`;
  if (texts.has(path) || input.exists?.(path)) {
    problems.push(argument(`${path} exists already, but does not list ${parts.domain} in its domains; add ${parts.domain} to its domains (a policy change), or pass another --partner`));
    return;
  }
  if (edit.sponsor === undefined) {
    problems.push(argument(`a new partner file has no default sponsor, so the guest needs one of its own: pass --sponsor ADDR, the internal person who answers for the guest (such as priya.natarajan@contoso.com)`));
    return;
  }
  const start = parseGuestText(newPartnerText(path, edit.partner, parts.domain));
  const text = isRefusal(start) ? start : appendEntry(start, entry);
  if (isRefusal(text)) {
    problems.push(argument(`--partner ${quote(edit.partner)} with ${parts.domain} makes no partner file: ${text.error}`));
    return;
  }
  texts.set(path, text);
  created.add(path);
  meanings.record(path, { kind: "new", value: { partner: edit.partner, domains: [parts.domain], guests: [entryValue(entry)] } });
  notes.push(`new partner file ${path} for ${parts.domain}: a policy change (a partner's domains), which a stack owner approves`);
}

/** A guest entry for appendGuests, and the comment written on the line above it. */
export interface AppendedGuest {
  fields: GuestEntryFields;
  comment?: string;
}

/**
 * One partner file's text with entries appended after its last, each as `guestops add` writes one; for
 * import, which adopts many guests at once (a new file starts from newPartnerText). Like every edit it is
 * checked on meaning: the result must read as `text` with exactly these entries added. A file the editor
 * cannot append to faithfully is a problem at its place, and nothing is appended to it.
 */
export function appendGuests(path: string, text: string, entries: readonly AppendedGuest[]): { text: string } | { problem: Problem } {
  const meanings = new Meanings();
  let out = text;
  for (const { fields, comment } of entries) {
    const file = parseGuestText(out);
    if (isRefusal(file)) return { problem: at(path, splitBody(out), file) };
    const after = appendEntry(file, fields, comment);
    if (isRefusal(after)) return { problem: at(path, file.body, after) };
    out = after;
    meanings.record(path, { kind: "append", value: entryValue({ ...fields }) });
  }
  if (!meanings.holds(path, text, out)) return { problem: { ...argument(`the entries appended to ${path} would change more than the new entries, so nothing was appended; this is a bug in guestops: please report it, with the file, and add the entries by hand meanwhile`), file: path, line: 1, column: 1, rule: "editCheck" } };
  return { text: out };
}

/** The entry of `email` (compared without case) in one file; a problem when there is none, or more than one. */
function findEntry(texts: ReadonlyMap<string, string>, email: string, problems: Problem[]): { path: string; file: ParsedGuestText; entry: GuestEntryNode } | undefined {
  const found = locateAll(texts, email, problems);
  if (found.length === 0) {
    problems.push(argument(`${quote(email)} is not declared in any guest file; check the spelling, or add the guest with guestops add`));
    return undefined;
  }
  if (found.length > 1) {
    const places = found.map((f) => { const p = position(f.file.body, f.entry.node.range![0]); return `${f.path}:${p.line}:${p.column}`; });
    const first = found[0]!;
    problems.push({ severity: "error", file: first.path, ...position(first.file.body, first.entry.node.range![0]), message: `${quote(email)} is declared ${found.length} times (${places.join(", ")}); keep one entry (guestops validate reports it too), and run this again`, rule: RULE });
    return undefined;
  }
  return found[0];
}

function locateAll(texts: ReadonlyMap<string, string>, email: string, problems: Problem[] = []): { path: string; file: ParsedGuestText; entry: GuestEntryNode }[] {
  const wanted = email.toLowerCase();
  const found: { path: string; file: ParsedGuestText; entry: GuestEntryNode }[] = [];
  for (const [path, text] of texts) {
    // Cheap first: a file whose text lacks the address cannot hold it (addresses are ASCII).
    if (!text.toLowerCase().includes(wanted)) continue;
    const file = parseGuestText(text);
    if (isRefusal(file)) {
      problems.push(at(path, splitBody(text), file));
      continue;
    }
    for (const entry of file.entries) if (entry.email?.toLowerCase() === wanted) found.push({ path, file, entry });
  }
  return found;
}

function reparse(text: string, index: number): { file: ParsedGuestText; entry: GuestEntryNode } | Refusal {
  const file = parseGuestText(text);
  if (isRefusal(file)) return file;
  return { file, entry: file.entries[index]! };
}

/** The tightest of the policy's and the entry's grants' maxExpiryDays, and where it comes from. */
export function tightestLimit(stack: Partial<StackFile>, guest: Record<string, unknown>): { days: number; source: string } | undefined {
  const limits: { days: number; source: string }[] = [];
  const isLimit = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;
  const policyMax = stack.policy?.maxExpiryDays;
  if (isLimit(policyMax)) limits.push({ days: policyMax, source: "the stack's policy.maxExpiryDays" });
  const groups = Array.isArray(guest.groups) ? guest.groups : [];
  for (const g of groups) {
    const max = typeof g === "string" ? catalogField(stack.groups, g) : undefined;
    if (isLimit(max)) limits.push({ days: max, source: `group "${g}"` });
  }
  const apps = Array.isArray(guest.apps) ? guest.apps : [];
  for (const a of apps) {
    const app = typeof a === "object" && a !== null ? (a as { app?: unknown }).app : undefined;
    const max = typeof app === "string" ? catalogField(stack.apps, app) : undefined;
    if (isLimit(max)) limits.push({ days: max, source: `app "${app}"` });
  }
  return limits.sort((a, b) => a.days - b.days)[0];
}

function catalogField(catalog: unknown, key: string): unknown {
  if (typeof catalog !== "object" || catalog === null || !Object.hasOwn(catalog, key)) return undefined;
  const entry = (catalog as Record<string, unknown>)[key];
  return typeof entry === "object" && entry !== null ? (entry as { maxExpiryDays?: unknown }).maxExpiryDays : undefined;
}

function fieldOffset(entry: GuestEntryNode, key: string): number {
  const node = entry.node as unknown as { items?: { key?: { value?: unknown }; value?: { range?: number[] } }[]; range?: number[] };
  const pair = node.items?.find((p) => p.key?.value === key);
  return pair?.value?.range?.[0] ?? node.range?.[0] ?? 0;
}

function domainsOf(text: string): string[] {
  const doc = parseDocument(splitBody(text));
  const domains = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as { domains?: unknown } | null)?.domains : undefined;
  return Array.isArray(domains) ? domains.filter((d): d is string => typeof d === "string").map((d) => d.toLowerCase()) : [];
}

function splitBody(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

function at(path: string, body: string, refusal: Refusal): Problem {
  return { severity: "error", file: path, ...position(body, refusal.offset), message: refusal.error, rule: RULE };
}

function argument(message: string): Problem {
  return { severity: "error", file: "", line: 0, column: 0, message, rule: RULE };
}

/** 1-based line and column of an offset in a body. */
export function position(body: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = body.indexOf("\n"); i >= 0 && i < offset; i = body.indexOf("\n", i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}
