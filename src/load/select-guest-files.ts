// Which files a stack's guestFiles patterns select, and every way a guest could sit outside what is
// read: a pattern that leaves the repository, a literal path that names no file, a symbolic link or a
// submodule among the guest files, a guest file renamed out of the patterns. Each is a problem here,
// in the working tree and in every Git revision alike, so a plan never compares less than a deploy reads.
import { posix } from "node:path";
import type { Problem } from "../model/problem";
import type { FileSource, ListedFile } from "./file-source";
import { compileGlobs, globBase, globSyntaxProblem, isGlob } from "./match-glob";
import { parseYaml } from "./parse-yaml";

export interface PatternProblem {
  pattern: string;
  message: string;
  rule: string;
}

export interface Selection {
  /** The patterns that select guest files: the stack's usable ones, or the default. */
  patterns: string[];
  /** Regular files that a pattern selects, to be read. */
  selected: ListedFile[];
  /** Files beside the guest files that no pattern selects but that look like guest files. */
  unselected: string[];
  /** Problems of single patterns, which the caller places at the pattern in the stack file. */
  patternProblems: PatternProblem[];
  /** Links, submodules and other entries that are not regular files, each at its own path. */
  problems: Problem[];
}

/** Why a pattern could reach outside the repository, or undefined when it stays inside. */
export function outsidePatternProblem(pattern: string): string | undefined {
  if (/^([/\\~]|[A-Za-z]:)/.test(pattern)) return "is an absolute path; guestFiles patterns are relative to the repository root, like guests/**/*.yaml";
  if (pattern.includes("\\")) return 'contains "\\"; write paths with "/", like guests/fabrikam.yaml';
  if (pattern.split("/").some((s) => s === "..")) return 'has a ".." segment, which leads out of the repository; guest files must live in it, like guests/**/*.yaml';
  return undefined;
}

/** The stack's patterns split into usable ones and refused ones; a stack without usable ones reads nothing. */
export function usablePatterns(globs: unknown, fallback: readonly string[]): { patterns: string[]; refused: PatternProblem[] } {
  if (!Array.isArray(globs) || globs.length === 0 || !globs.every((g) => typeof g === "string")) return { patterns: [...fallback], refused: [] };
  const refused: PatternProblem[] = [];
  const patterns: string[] = [];
  for (const g of globs as string[]) {
    const why = outsidePatternProblem(g) ?? globSyntaxProblem(g);
    if (why) refused.push({ pattern: g, message: `guestFiles pattern ${JSON.stringify(g)} ${why}`, rule: "guestFilesPattern" });
    else patterns.push(g);
  }
  return { patterns, refused };
}

/** The folder to list for a pattern: a glob's fixed prefix, or a literal path's folder. */
function baseOf(pattern: string): string {
  return isGlob(pattern) ? globBase(pattern) : posix.dirname(posix.normalize(pattern));
}

// Notes and placeholders may sit beside guest files; they are warned about only when they hold guests.
const NOTES = /(^|\/)\.[^/]*$|\.(md|txt)$/i;

export async function selectGuestFiles(source: FileSource, patterns: readonly string[], stacksDir: string): Promise<Omit<Selection, "patterns">> {
  const patternProblems: PatternProblem[] = [];
  if (patterns.length === 0) return { selected: [], unselected: [], patternProblems, problems: [] };
  const bases = [...new Set(patterns.map(baseOf))];
  const whole = bases.includes(".");
  // Matching is linear in the pattern and the path: no pattern that a pull request writes can hang it.
  const isMatch = compileGlobs(patterns);
  const listed = (await source.list(whole ? ["."] : bases)).filter((f) => !f.path.startsWith(`${stacksDir}/`));

  const problems: Problem[] = [];
  const regular: ListedFile[] = [];
  for (const f of listed) {
    if (f.kind === undefined || f.kind === "file") regular.push(f);
    // A link or a submodule among the guest files hides guests from one reader and not another.
    else if (couldHoldGuests(f.path, isMatch, bases)) problems.push({ severity: "error", file: f.path, line: 1, column: 1, message: notRegularMessage(f.kind), rule: "notRegularFile" });
  }
  const selected = regular.filter((f) => isMatch(f.path));

  // A typo in a literal path would drop every guest of that file without a word.
  for (const p of patterns) {
    if (isGlob(p)) continue;
    const path = posix.normalize(p);
    if (!listed.some((f) => f.path === path)) patternProblems.push({ pattern: p, message: `guestFiles names ${JSON.stringify(p)}, but there is no such file; fix the path or remove it from guestFiles`, rule: "guestFilesMissing" });
  }

  // A guest file renamed out of the patterns would vanish silently, and its guests lose access.
  const unselected: string[] = [];
  if (!whole) {
    const others = regular.filter((f) => !isMatch(f.path));
    const notes = others.filter((f) => NOTES.test(f.path));
    unselected.push(...others.filter((f) => !NOTES.test(f.path)).map((f) => f.path));
    if (notes.length > 0) for (const read of await source.read(notes)) if (read.bytes && looksLikeGuestFile(read.bytes)) unselected.push(read.path);
    unselected.sort();
  }
  return { selected, unselected, patternProblems, problems };
}

/** Whether a pattern selects the path itself, could select files below it, or lists a folder through it. */
function couldHoldGuests(path: string, isMatch: (p: string) => boolean, bases: readonly string[]): boolean {
  const onTheWay = (b: string) => b !== "." && (path.startsWith(`${b}/`) || b === path || b.startsWith(`${path}/`));
  return isMatch(path) || bases.some(onTheWay) || isMatch(`${path}/guests.yaml`) || isMatch(`${path}/guests.yml`);
}

function notRegularMessage(kind: NonNullable<ListedFile["kind"]>): string {
  const what = kind === "symlink" ? "a symbolic link" : kind === "submodule" ? "a Git submodule" : "not a regular file";
  return `this is ${what} where guest files are read; guest files must be regular files in this repository (a plan could not see the guests behind it, and a deploy might): replace it with the files themselves`;
}

/** A note whose text parses as a map with a `guests` list: most likely a guest file renamed by mistake. */
export function looksLikeGuestFile(bytes: Uint8Array): boolean {
  if (!/^guests\s*:/m.test(Buffer.from(bytes.subarray(0, 65536)).toString("utf8"))) return false;
  const { value } = parseYaml(bytes, "guest file");
  return value !== undefined && Array.isArray(value.guests);
}
