// YAML syntax errors in words a requester can act on. A layout mistake (a tab, a key one space off)
// makes the parser report six or seven errors that all follow from the first; only the first is shown,
// with a count of the rest and, where the text shows the cause, a hint at it.
import { isScalar, visit, type Document, type Node, type YAMLError } from "yaml";
import type { Position, Problem } from "../model/problem";

/** Independent errors (duplicate keys, extra documents) shown per file before the rest are counted. */
export const MAX_YAML_ERRORS = 20;

// Each of these stands on its own; every other error may be an echo of an earlier one.
const INDEPENDENT = new Set(["DUPLICATE_KEY", "MULTIPLE_DOCS"]);

export function yamlProblems(doc: Document, text: string, at: (offset: number) => Position): Problem[] {
  const problem = (e: YAMLError, message: string): Problem => ({ severity: "error", file: "", ...at(e.pos[0]), message, rule: "yaml" });
  const errors = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const problems: Problem[] = [];

  const independent = errors.filter((e) => INDEPENDENT.has(e.code));
  for (const e of independent.slice(0, MAX_YAML_ERRORS)) problems.push(problem(e, yamlMessage(e, doc, at)));
  if (independent.length > MAX_YAML_ERRORS) {
    const next = independent[MAX_YAML_ERRORS]!;
    problems.push(problem(next, `${independent.length - MAX_YAML_ERRORS} more duplicate keys or documents follow from here; fix the ones above and run again`));
  }

  const syntax = errors.filter((e) => !INDEPENDENT.has(e.code));
  const first = syntax[0];
  if (first) {
    const { line } = at(first.pos[0]);
    const hint = layoutHint(text, line);
    const rest = new Set(syntax.slice(1).map((e) => `${at(e.pos[0]).line}:${e.code}`)).size;
    const more = rest === 0 ? "" : ` (${rest} more YAML ${rest === 1 ? "error follows" : "errors follow"} from this one; fix it and run again)`;
    problems.push(problem(first, `${yamlMessage(first, doc, at, hint)}${more}`));
  }
  return problems;
}

function yamlMessage(e: YAMLError, doc: Document, at: (offset: number) => Position, hint?: string): string {
  switch (e.code) {
    case "DUPLICATE_KEY": {
      const dup = duplicateKey(doc, e.pos[0]);
      const what = dup ? `duplicate key ${JSON.stringify(dup.key)}${dup.first === undefined ? "" : ` (first at ${at(dup.first).line}:${at(dup.first).column})`}` : "duplicate key";
      return `${what}; each key may appear once in a map: remove or merge the repeated one`;
    }
    case "MULTIPLE_DOCS":
      return "file holds more than one YAML document (a second `---`); keep one document per file";
    case "TAB_AS_INDENT":
      return "tab used for indentation; indent with spaces";
    default:
      return `${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}; ${hint ?? "check the indentation, brackets and quotes here and on the lines just above"}`;
  }
}

const KEY_WITHOUT_SPACE = /^\s*(?:-\s+)?([A-Za-z_][\w-]*):([^\s:/][^\s]*)\s*$/;

/** What in the text around `line` most likely caused a syntax error there, if anything recognisable. */
export function layoutHint(text: string, line: number): string | undefined {
  const lines = text.split(/\r?\n/);
  // The parser often notices a mistake a line after it was made, and sometimes a line before.
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line + 1); n++) {
    const m = KEY_WITHOUT_SPACE.exec(lines[n - 1]!);
    if (m) return `line ${n} has no space after the colon in "${m[1]}:${m[2]!.slice(0, 40)}", so YAML reads it as text, not as a field: write "${m[1]}: ${m[2]!.slice(0, 40)}"`;
  }
  const off = misalignedLine(lines, line);
  if (off) return `line ${off.line} starts at column ${off.column}, which lines up with no field above it; indent it exactly like the fields beside it (two spaces per level is usual)`;
  return undefined;
}

/** The first line near `line` whose indentation matches no field or list item above it. */
function misalignedLine(lines: readonly string[], line: number): { line: number; column: number } | undefined {
  const columns = new Set<number>([0]);
  const last = Math.min(lines.length, line + 2);
  // After "key:" (or a block scalar's | or >), the next line opens a deeper level at any indentation.
  let opened = -1;
  for (let n = 1; n <= last; n++) {
    const text = lines[n - 1]!;
    if (/^\s*(#.*)?$/.test(text)) continue;
    const indent = /^ */.exec(text)![0].length;
    if (n >= line - 1 && !columns.has(indent) && !(opened >= 0 && indent > opened)) return { line: n, column: indent + 1 };
    columns.add(indent);
    opened = /:\s*([|>][-+0-9]*)?\s*(#.*)?$/.test(text) ? indent : -1;
    // "- key: value": the item's fields line up with "key", after the dash.
    const item = /^( *)- +(?=\S)/.exec(text);
    if (item) columns.add(item[0].length);
  }
  return undefined;
}

/** The repeated key whose node starts at `offset`, and where that key first appears in the same map. */
function duplicateKey(doc: Document, offset: number): { key: string; first?: number } | undefined {
  let found: { key: string; first?: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const pair = map.items.find((p) => (p.key as Node | null)?.range?.[0] === offset);
      if (!pair || !isScalar(pair.key)) return undefined;
      const key = pair.key.value;
      const first = map.items.find((p) => isScalar(p.key) && p.key.value === key);
      found = { key: String(key), first: (first?.key as Node | undefined)?.range?.[0] };
      return visit.BREAK;
    },
  });
  return found;
}
