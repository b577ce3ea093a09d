// A problem a user can fix, with its place in a file. Validation returns these; it never throws.
export type Severity = "error" | "warning";

export interface Problem {
  severity: Severity;
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  /** The rule or check that found it, e.g. `schema`, `yaml`, `uniqueEmails`. */
  rule: string;
}

export interface Position {
  line: number;
  column: number;
}

export function byPosition(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
