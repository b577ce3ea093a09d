// Reads the pipeline files that users copy, and finds every guestops command line in their scripts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const ROOT = join(__dirname, "..", "..");

export interface PipelineFile {
  path: string;
  text: string;
  doc: Record<string, any>;
}

function read(path: string): PipelineFile {
  const text = readFileSync(join(ROOT, path), "utf8");
  return { path, text, doc: parse(text) as Record<string, any> };
}

export const githubWorkflows: PipelineFile[] = readdirSync(join(ROOT, ".github", "workflows"))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => read(`.github/workflows/${f}`));

export const azurePipelines: PipelineFile[] = [
  read("azure-pipelines.yml"),
  ...readdirSync(join(ROOT, ".azure-pipelines"))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => read(`.azure-pipelines/${f}`)),
];

/** Every string under a key named like a script, anywhere in the document. */
export function scripts(node: unknown, keys = new Set(["run", "bash", "script", "inlineScript"])): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => scripts(n, keys));
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => (keys.has(k) && typeof v === "string" ? [v] : scripts(v, keys)));
}

export interface CommandLine {
  script: string;
  line: string;
  /** The words after `guestops`, with array expansions replaced by what the script puts in them. */
  args: string[];
}

/** Shell words up to the end of the command (a redirection, pipe, `;`, `&&`, `||` or `)`). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      word = (word ?? "") + text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (/[|;&)<>]/.test(c) || (c === "2" && text[i + 1] === ">" && word === undefined)) {
      break;
    } else word = (word ?? "") + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** `name=(...)` and `name+=(...)` in a script: the words each array may hold. */
function arrays(script: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const m of script.matchAll(/\b([A-Za-z_]\w*)\+?=\(([^)]*)\)/g)) found.set(m[1]!, [...(found.get(m[1]!) ?? []), ...shellWords(m[2]!)]);
  return found;
}

const INVOCATION = /(?:"\$GUESTOPS"|\$GUESTOPS|\$\{GUESTOPS\}|(?:^|[\s"'(])(?:\.\/)?bin\/guestops|npx guestops)\s+(.*)$/;

export function guestopsLines(script: string): CommandLine[] {
  const joined = script.replace(/\\\n/g, " ");
  const held = arrays(joined);
  const out: CommandLine[] = [];
  for (const line of joined.split("\n")) {
    const m = INVOCATION.exec(line);
    if (!m) continue;
    const args = shellWords(m[1]!).flatMap((w) => {
      const expansion = /^\$\{(\w+)\[@\]\}$/.exec(w);
      return expansion ? (held.get(expansion[1]!) ?? []) : [w];
    });
    out.push({ script, line: line.trim(), args });
  }
  return out;
}
