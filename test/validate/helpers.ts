// Runs validation the way `guestops validate` does (working tree → loadRepo → validateRepo) on small
// file trees, and compares the problems found with a table's expectations.
import { expect } from "vitest";
export { memorySource } from "../../src/load/memory-source";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import type { Problem } from "../../src/model/problem";
import { validateRepo, type Validation } from "../../src/rules/validate-repo";
import { AS_OF, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";

export type Files = Record<string, string | Uint8Array>;

/** One expected problem: where it is, which rule found it, and words its message must contain. */
export interface Expected {
  rule: string;
  file: string;
  line: number;
  /** Omitted only where the column is not deterministic (it says why at the case). */
  column?: number;
  severity?: "error" | "warning";
  words: string[];
  /** Words its message must not contain. */
  absent?: string[];
}

/** Validates `files`; with `base`, as plan does, against that tree as the deployed base. */
export async function validateFiles(files: Files, asOf = AS_OF, stack = "prod", base?: Files): Promise<Validation> {
  const baseLoad = base && (await loadRepo(workingTree(testdir(base)), stack));
  return validateRepo(await loadRepo(workingTree(testdir(files)), stack), asOf, { base: baseLoad });
}

export function allProblems(v: Validation): Problem[] {
  return [...v.errors, ...v.warnings];
}

/** Asserts that the problems are exactly `expected` (place, rule, severity), and that each message has its words. */
export function expectProblems(v: Validation, expected: readonly Expected[]): void {
  const actual = allProblems(v);
  const show = (p: Problem) => `${p.file}:${p.line}:${p.column} ${p.severity} [${p.rule}] ${p.message}`;
  const dump = actual.map(show).join("\n") || "(no problems)";
  const left = [...actual];
  for (const e of expected) {
    const i = left.findIndex((p) => p.file === e.file && p.line === e.line && (e.column === undefined || p.column === e.column) && p.rule === e.rule);
    expect(i, `expected ${e.file}:${e.line}:${e.column ?? "?"} [${e.rule}] among:\n${dump}`).toBeGreaterThanOrEqual(0);
    const p = left.splice(i, 1)[0]!;
    expect(p.severity, show(p)).toBe(e.severity ?? "error");
    for (const word of e.words) expect(p.message, show(p)).toContain(word);
    for (const word of e.absent ?? []) expect(p.message, show(p)).not.toContain(word);
  }
  expect(left.map(show), "problems that no expectation names").toEqual([]);
}

/** The fixture stack with `replace` applied; fails loudly when the text to replace is missing. */
export function stackWith(...edits: [string, string][]): string {
  return edit(STACK, edits);
}

export function edit(text: string, edits: readonly [string, string][]): string {
  let out = text;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`test setup: ${JSON.stringify(from)} is not in the text`);
    out = out.replace(from, to);
  }
  return out;
}

/**
 * Fabrikam's guest file with one guest, in a fixed layout so that positions are easy to read off:
 *   line 2 domains (first item col 11), line 3 file sponsor (col 10), line 5 email (col 12),
 *   line 7 expires (col 14), line 9 groups (first item col 14), line 10 apps (app col 19, role col 35),
 *   line 11 and on: `more`.
 */
export function oneGuest(o: { email?: string; expires?: string; groups?: string; apps?: string; more?: string; domains?: string; fileSponsor?: string } = {}): string {
  return (
    [
      `partner: Fabrikam`,
      `domains: ${o.domains ?? "[fabrikam.com]"}`,
      `sponsor: ${o.fileSponsor ?? "priya.natarajan@contoso.com"}`,
      `guests:`,
      `  - email: ${o.email ?? "ana.silva@fabrikam.com"}`,
      `    displayName: Ana Silva`,
      `    expires: ${o.expires ?? "2027-03-31"}`,
      `    justification: CHG-1042 ERP migration`,
      `    groups: ${o.groups ?? "[erp-project]"}`,
      `    apps: ${o.apps ?? "[{ app: expenses, role: Submitter }]"}`,
      ...(o.more ? [o.more] : []),
    ].join("\n") + "\n"
  );
}

/** A second guest entry, for `more`; its email is on the first line, at column 12. */
export function anotherGuest(email: string, extra = ""): string {
  return `  - email: ${email}\n    displayName: Someone Else\n    expires: 2027-03-31\n    justification: CHG-1042 ERP migration${extra}`;
}

