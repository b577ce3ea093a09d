// The editor's second look: what each edited file must mean, computed from what it meant before and the
// edit's own definition (an entry appended, fields set, an entry deleted or put back). The text edit is
// written only when the file reads back as exactly that, so a slip in the byte-level edit can never
// change another guest's access.
import { isDeepStrictEqual } from "node:util";
import { parseDocument } from "yaml";

/** What one edit does to a file's meaning: the edit's own definition, which the text must match. */
export type Change =
  | { kind: "append"; value: unknown }
  | { kind: "new"; value: unknown }
  | { kind: "set"; index: number; fields: Record<string, string> }
  | { kind: "delete"; index: number }
  | { kind: "replace"; index: number; value: unknown };

export class Meanings {
  private readonly changes = new Map<string, Change[]>();

  record(path: string, change: Change): void {
    this.changes.set(path, [...(this.changes.get(path) ?? []), change]);
  }

  /** Whether `after` reads as `before` with the recorded changes made, and nothing else. */
  holds(path: string, before: string | undefined, after: string): boolean {
    let expected = before === undefined ? undefined : (readValue(before) as Record<string, unknown> | undefined);
    for (const c of this.changes.get(path) ?? []) {
      if (c.kind === "new") {
        expected = c.value as Record<string, unknown>;
        continue;
      }
      if (expected === undefined) return false;
      const guests = Array.isArray(expected.guests) ? [...(expected.guests as unknown[])] : [];
      if (c.kind === "append") guests.push(c.value);
      else if (c.kind === "delete") guests.splice(c.index, 1);
      else if (c.kind === "replace") guests[c.index] = c.value;
      else guests[c.index] = { ...(guests[c.index] as Record<string, unknown>), ...c.fields };
      expected = { ...expected, guests };
    }
    return isDeepStrictEqual(readValue(after), expected);
  }
}

function readValue(text: string): unknown {
  const doc = parseDocument(splitBody(text));
  return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
}

/** A new entry's value, as it reads back: empty lists are not written. */
export function entryValue(entry: { groups: readonly string[]; apps: readonly { app: string; role?: string }[]; [key: string]: unknown }): Record<string, unknown> {
  const { groups, apps, ...rest } = entry;
  return { ...rest, ...(groups.length > 0 && { groups: [...groups] }), ...(apps.length > 0 && { apps: apps.map((a) => (a.role === undefined ? { app: a.app } : { app: a.app, role: a.role })) }) };
}

function splitBody(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}
