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

/** Quotes a user's value for a message, cut short so that a huge value cannot flood the output. */
export function show(value: unknown, max = 60): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
