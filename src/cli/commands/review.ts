// guestops review: records that a guest's access was reviewed (`reviewed`), on a day that has happened.
import type { CommandContext } from "../context";
import { EDIT_EXIT_CODES, EDIT_HELP, EDIT_OPTIONS, editOptionsOf, emailsOf } from "../edit-options";
import { parseDateOption, parseFlagsAndWords } from "../options";
import { runEdit } from "../run-edit";

export const help = `Usage: guestops review EMAIL... [--on DATE] [options]

Records an access review of each guest: sets reviewed to --on, the day the sponsor
confirmed that the access is still needed. It changes no access and no expiry, and
clears the "review overdue" warning (policy.reviewIntervalDays). The plan shows the
review, which the guest's sponsor approves. A review is recorded once it has
happened: --on is never after the day of the edit.

Options:
  --on DATE           The day of the review, YYYY-MM-DD. Default: the day of the edit.
${EDIT_HELP}

${EDIT_EXIT_CODES}

Examples:
  guestops review grace.obi@northwind.example
  guestops review ana.silva@fabrikam.com ben.carter@fabrikam.com --on 2026-11-28 --branch review/erp-q4
`;

export const REVIEW_OPTIONS = { ...EDIT_OPTIONS, on: { type: "string" } } as const;
export const options = REVIEW_OPTIONS;
export const formats = ["text", "json"] as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseFlagsAndWords(argv, REVIEW_OPTIONS);
  const emails = emailsOf("review", positionals, "guestops review grace.obi@northwind.example");
  const shared = editOptionsOf(values);
  // Without --on, the day of the edit, which runEdit settles (Pulumi.<stack>.yaml's guestops:asOf, --as-of, today).
  const on = parseDateOption(values.on, "--on");
  return runEdit(ctx, { action: "review", emails, ...(on !== undefined && { on }) }, shared);
}
