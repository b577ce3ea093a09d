// The options every editing command shares (add, renew, review, remove), in one table, with their help
// text and their parsing into runEdit's options.
import { parseDateOption, parseFormat } from "./options";
import type { RunEditOptions } from "./run-edit";
import { UsageError } from "./errors";

export const EDIT_FORMATS = ["text", "json"] as const;

export const EDIT_OPTIONS = {
  stack: { type: "string" },
  "as-of": { type: "string" },
  format: { type: "string" },
  "dry-run": { type: "boolean" },
  branch: { type: "string" },
} as const;

export const EDIT_HELP = `Options every editing command takes:
  --stack NAME        The stack whose policy and catalog judge the edit. Default:
                      $PULUMI_STACK, or the only stack.
  --as-of DATE        The day of the edit (YYYY-MM-DD): limits count from it, and a
                      renewal or review is dated on it. Default: today (UTC).
  --format FORMAT     text (default: notes, the files written, and the plan) or json
                      (for scripts: files, notes, problems and the plan's summary,
                      guests and approvals).
  --dry-run           Print the diff and the plan; write nothing.
  --branch NAME       Commit the edit on a new branch NAME (from HEAD), with a message
                      that carries the justification; push it and open a pull request.
  -h, --help          Show this help.

Every edit changes only the entry's own lines: comments, order, quoting, blank lines,
CRLF line endings and a BOM elsewhere keep their bytes. An entry the editor cannot
change that way (an anchor, an alias, a merge key, a flow-style { ... } entry or
[ ... ] guests list) is refused, with the fix. Nothing is written unless the result
passes guestops validate and no guard refuses its plan against HEAD.`;

export const EDIT_EXIT_CODES = "Exit codes: 0 done (or shown, with --dry-run), 1 refused or invalid (nothing written), 2 usage error, 3 a guard refuses the plan (nothing written), 70 internal error.";

/** The shared flags as runEdit's options. */
export function editOptionsOf(values: { stack?: string; "as-of"?: string; format?: string; "dry-run"?: boolean; branch?: string }): RunEditOptions {
  const asOf = parseDateOption(values["as-of"]);
  if (values.branch !== undefined && values["dry-run"] === true) throw new UsageError("--dry-run writes nothing, so there is nothing to commit on --branch", "leave out one of --dry-run and --branch");
  return {
    format: parseFormat(values.format, EDIT_FORMATS, "text"),
    dryRun: values["dry-run"] === true,
    ...(values.stack !== undefined && { stack: values.stack }),
    ...(asOf !== undefined && { asOf }),
    ...(values.branch !== undefined && { branch: values.branch }),
  };
}

/** The EMAIL words of renew, review and remove: at least one. */
export function emailsOf(command: string, words: readonly string[], example: string): string[] {
  if (words.length === 0) throw new UsageError(`${command} needs the guest's email address`, `name one or more guests: ${example}`);
  for (const w of words) if (w.startsWith("-")) throw new UsageError(`${JSON.stringify(w)} is not an email address`, `see guestops ${command} --help`);
  return [...words];
}
