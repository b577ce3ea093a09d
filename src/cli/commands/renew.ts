// guestops renew: a later `expires` for guests, within the policy's and each grant's limits, with the
// review dated on the day; --drop undoes a branch's renewal of a guest, entry by entry.
import { UsageError } from "../errors";
import type { CommandContext } from "../context";
import { EDIT_EXIT_CODES, EDIT_HELP, EDIT_OPTIONS, editOptionsOf, emailsOf } from "../edit-options";
import { parseDateOption, parseFlagsAndWords } from "../options";
import { runEdit } from "../run-edit";

export const help = `Usage: guestops renew EMAIL... --until DATE [--justification TEXT] [options]
       guestops renew --drop EMAIL... [--base REF] [options]

Renews each guest: sets expires to --until and reviewed to the day of the edit (a
renewal is a review too), and with --justification replaces the entry's justification.
--until must be on or after the day, and within the stack's policy.maxExpiryDays and
the maxExpiryDays of every group and app the guest keeps; a date past the tightest is
refused with the latest date allowed. The plan shows the renewal, and asks the
guest's sponsor and the owners of every grant the guest keeps to approve it.

--drop undoes this branch's renewal of each guest: its entry is put back byte for byte
as the base holds it, so that its access lapses at its old expires. Sponsors use it on
a renewal pull request to let a guest go.

Options:
  --until DATE          The new last day of access, YYYY-MM-DD.
  --justification TEXT  Why the access goes on: a ticket, contract or project.
  --drop                Put each entry back as --base holds it (no --until).
  --base REF            For --drop: the branch the pull request merges into. Default:
                        origin/main, or main.
${EDIT_HELP}

${EDIT_EXIT_CODES}

Examples:
  guestops renew elena.petrova@fabrikam.com --until 2027-06-20 --justification "DSN-91 second packaging round"
  guestops renew ana.silva@fabrikam.com ben.carter@fabrikam.com --until 2027-09-30 --branch renew/erp-2027
  guestops renew --drop ben.carter@fabrikam.com
`;

export const RENEW_OPTIONS = { ...EDIT_OPTIONS, until: { type: "string" }, justification: { type: "string" }, drop: { type: "boolean" }, base: { type: "string" } } as const;
export const options = RENEW_OPTIONS;
export const formats = ["text", "json"] as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseFlagsAndWords(argv, RENEW_OPTIONS);
  const emails = emailsOf("renew", positionals, "guestops renew elena.petrova@fabrikam.com --until 2027-06-20");
  const shared = editOptionsOf(values);
  if (values.drop === true) {
    if (values.until !== undefined || values.justification !== undefined) throw new UsageError("--drop puts entries back as the base holds them, so it takes no --until or --justification", "guestops renew --drop EMAIL [--base REF]");
    return runEdit(ctx, { action: "drop", emails }, { ...shared, ...(values.base !== undefined && { base: values.base }) });
  }
  if (values.base !== undefined) throw new UsageError("--base is for --drop", "leave --base out, or add --drop");
  const until = parseDateOption(values.until, "--until");
  if (until === undefined) throw new UsageError("renew needs --until DATE, the new last day of access", "guestops renew EMAIL --until 2027-06-20 [--justification TEXT]");
  if (values.justification !== undefined && values.justification.trim() === "") throw new UsageError("--justification is empty", "say why the access goes on, such as --justification \"DSN-91 second packaging round\", or leave it out to keep the entry's");
  return runEdit(ctx, { action: "renew", emails, until, ...(values.justification !== undefined && { justification: values.justification }) }, shared);
}
