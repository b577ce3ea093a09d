// Parses one untrusted YAML file into its plain value and its problems, with source positions.
// Pure: bytes in, value and problems out. It never throws on bad input.
// The `yaml` Document is not kept: at thousands of files, holding every Document slows garbage collection.
// Each file is parsed once; once the Document goes, positions come from an index of it (see `locate`).
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from "yaml";
import { indexPositions, offsetAt, type NodeIndex } from "./index-positions";
import { isUtf8 } from "node:buffer";
import type { Position, Problem } from "../model/problem";
import { yamlProblems } from "./describe-yaml-error";

/** Larger files are refused unread: 10,000 guests fit in well under 4 MiB. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Aliases may share a list or two; more than this is refused as a possible alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedYaml {
  /** The text, when the bytes were UTF-8. */
  text?: string;
  /** The plain value, when the document is a well-formed single map. */
  value?: Record<string, unknown>;
  /**
   * A stack file's value as written, before the schema's defaults filled `value` in: a policy diff compares
   * what the files write, so a default that no file writes is never reported as a change.
   */
  written?: Record<string, unknown>;
  /** Problems with the file itself. Positions are filled in; `file` is empty until attached. */
  problems: Problem[];
}

interface Composed {
  doc: Document;
  lineCounter: LineCounter;
}

/**
 * A parse result's Document, held on the result itself under a symbol while positions are expected, then
 * its position index. (A WeakMap of a thousand Documents made every garbage collection slower.)
 */
const DOCUMENT = Symbol("document");
const POSITIONS = Symbol("positions");
type WithDocument = ParsedYaml & { [DOCUMENT]?: Composed; [POSITIONS]?: { index: NodeIndex; lineCounter: LineCounter } };

function compose(text: string, lineCounter = new LineCounter()): Document {
  // logLevel "error": problems are reported as positioned errors, not as process warnings on stderr.
  return parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: "core", strict: true, logLevel: "error" });
}

/** Lets the Document go, keeping only where its nodes start: `locate` answers from that from now on. */
export function releaseDocument(parsed: ParsedYaml): void {
  const held = parsed as WithDocument;
  const composed = held[DOCUMENT];
  if (!composed) return;
  held[POSITIONS] = { index: indexPositions(composed.doc), lineCounter: composed.lineCounter };
  delete held[DOCUMENT];
}

export function parseYaml(bytes: Uint8Array, what: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const fail = (message: string, rule: string, at: Position = { line: 1, column: 1 }): ParsedYaml => ({
    problems: [{ severity: "error", file: "", ...at, message, rule }],
  });

  if (bytes.length > MAX_FILE_BYTES) {
    return fail(tooLargeMessage(bytes.length), "fileSize");
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    return fail(
      `byte 0x${bytes[bad]!.toString(16).padStart(2, "0")} is not valid UTF-8; save the file as UTF-8`,
      "encoding",
      positionOfByte(bytes, bad),
    );
  }
  const text = decodeText(bytes);

  let doc: Document;
  try {
    doc = compose(text, lineCounter);
  } catch (err) {
    return fail(`could not parse the file as YAML: ${(err as Error).message}`, "yaml");
  }
  const at = (offset: number): Position => toPosition(lineCounter, offset);
  // `yaml` stops at its stack limit on very deep nesting and then reports hundreds of follow-on errors.
  const exhausted = doc.errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
  if (exhausted) {
    return fail(`collections are nested too deeply for a ${what} (hundreds of levels of [, { or -); guest and stack files need only a few levels`, "yaml", at(exhausted.pos[0]));
  }
  const problems = yamlProblems(doc, text, at);
  const result = (extra: Omit<ParsedYaml, "text">): ParsedYaml => {
    const parsed = { text, ...extra };
    (parsed as WithDocument)[DOCUMENT] = { doc, lineCounter };
    return parsed;
  };
  if (problems.length > 0) return result({ problems });

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && !doc.contents.source)) {
    return fail(`file is empty or holds only comments; a ${what} must be a map of fields (see its schema in schemas/): fill it in or delete it`, "empty");
  }
  if (!isMap(doc.contents)) {
    const kind = isSeq(doc.contents) ? "a list" : isScalar(doc.contents) ? `the value ${JSON.stringify(doc.contents.value)}` : "not a map";
    return result({ problems: [{ severity: "error", file: "", ...at(doc.contents?.range?.[0] ?? 0), message: `the top level is ${kind}; a ${what} must be a map of fields`, rule: "topLevel" }] });
  }

  // Scanning the text first keeps the walk off the common path.
  // A double-quoted key can spell __proto__ with escapes ("\x5F_proto__"), so any backslash means a walk.
  if (text.includes("__proto__") || text.includes("\\")) visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === "__proto__") {
        problems.push({ severity: "error", file: "", ...at(pair.key.range?.[0] ?? 0), message: `key "__proto__" is not allowed; remove it`, rule: "protoKey" });
      }
    },
  });
  if (problems.length > 0) return result({ problems });

  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
    return result({ value, problems });
  } catch (err) {
    const reason = (err as Error).message;
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(reason);
    const alias = firstAlias(doc, unresolved?.[1]);
    const message = unresolved
      ? `alias *${unresolved[1]} refers to no anchor &${unresolved[1]} above it; define the anchor first or write the value out`
      : /alias/i.test(reason)
        ? `aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT}); write the values out instead of using anchors`
        : `could not read the file: ${reason}`;
    return fail(message, "alias", alias === undefined ? undefined : at(alias));
  }
}

export function tooLargeMessage(size: number): string {
  return `file is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit; split it into several files`;
}

/** The text of valid UTF-8 bytes. Buffer decoding keeps a byte order mark; dropping it keeps line 1's columns right. */
function decodeText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8").replace(/^\uFEFF/, "");
}

export function toPosition(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** What `locate` needs of a released parse, as plain data that can cross to another thread and back. */
export interface PortablePositions {
  index: NodeIndex;
  lineStarts: number[];
}

export function portablePositions(parsed: ParsedYaml): PortablePositions | undefined {
  releaseDocument(parsed);
  const positions = (parsed as WithDocument)[POSITIONS];
  return positions && { index: positions.index, lineStarts: positions.lineCounter.lineStarts };
}

/** A parse result rebuilt from plain data: what a worker thread's `parseYaml` and `releaseDocument` made. */
export function withPositions(parsed: ParsedYaml, positions: PortablePositions | undefined): ParsedYaml {
  if (positions) {
    const lineCounter = new LineCounter();
    lineCounter.lineStarts = positions.lineStarts;
    (parsed as WithDocument)[POSITIONS] = { index: positions.index, lineCounter };
  }
  return parsed;
}

/** Where the node at `path` starts: its key when `key` is set, else its value; the nearest ancestor if absent. */
export function locate(parsed: ParsedYaml, path: readonly (string | number)[], key = false): Position {
  const held = parsed as WithDocument;
  const positions = held[POSITIONS];
  if (positions) return toPosition(positions.lineCounter, offsetAt(positions.index, path, key));
  const composed = held[DOCUMENT];
  if (!composed) return { line: 1, column: 1 };
  const { doc, lineCounter } = composed;
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (last && key) return toPosition(lineCounter, keyNode.range?.[0] ?? offset);
      node = pair.value;
      offset = (node as Node | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)];
      if (!node) break;
      offset = (node as Node).range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return toPosition(lineCounter, offset);
}

/** Offset of the first alias (named `name`, if given), to point an alias error at. */
function firstAlias(doc: Document, name?: string): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (name !== undefined && node.source !== name) return undefined;
      found = node.range?.[0];
      return visit.BREAK;
    },
  });
  return found;
}

/** Index of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    if (!isUtf8(bytes.subarray(i, i + need + 1))) return i;
    i += need + 1;
  }
  return -1;
}

function positionOfByte(bytes: Uint8Array, index: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = Buffer.from(bytes.subarray(lineStart, index)).toString("utf8").replace(/^\uFEFF/, "");
  return { line, column: [...before].length + 1 };
}
