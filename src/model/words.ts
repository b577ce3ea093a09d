// Users' values in messages, and counted nouns. Every message a user reads goes through these, so a
// value can neither hide characters nor flood the output.
import { terminal } from "../output/escape";

/**
 * A user's text: quoted, with control, invisible and bidi characters spelled out (\u202e), cut short.
 * Runner prefixes (`##[`, `##vso[`) are broken too, so a message is safe even in a log that no renderer
 * escapes, such as Pulumi's.
 */
export function quote(value: string, max = 120): string {
  return cut(terminal(JSON.stringify(value)), max, '"');
}

/** Any value a user wrote: strings quoted as above, numbers as written (even Infinity), the rest as JSON. */
export function show(value: unknown, max = 60): string {
  if (typeof value === "string") return quote(value, max);
  if (typeof value === "number" || typeof value === "bigint" || value === undefined) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return cut(terminal(text), max, "");
}

/** At most `max` characters, ending in "…" (and `close`) when cut; never inside a \u escape. */
function cut(text: string, max: number, close: string): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1 - close.length).replace(/\\(u\{?[0-9a-f]*)?$/, "");
  return `${head}…${close}`;
}

/** "1 day", "2 days"; "1 policy", "2 policies" with the plural given. */
/** Text broken into lines of at most `width` characters at spaces, for --help. */
export function wrap(text: string, width = 84): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line].join("\n");
}

export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** Items shown in one message before the rest are counted: a catalog listing must not flood the output. */
export const MAX_LISTED = 10;

/** "a, b, c", or "a, b, … and 4,990 more" past `max` items. */
export function listSome(items: readonly string[], max = MAX_LISTED): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${(items.length - max).toLocaleString("en-US")} more`;
}

/** A display name as a catalog key: "ERP Migration Project" → "erp-migration-project". */
export function slugOf(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}
