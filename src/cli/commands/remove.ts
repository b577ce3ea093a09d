// guestops remove: deletes guests' entries, and the comment lines right above each that belong to it.
import type { CommandContext } from "../context";
import { EDIT_EXIT_CODES, EDIT_HELP, EDIT_OPTIONS, editOptionsOf, emailsOf } from "../edit-options";
import { parseFlagsAndWords } from "../options";
import { runEdit } from "../run-edit";

export const help = `Usage: guestops remove EMAIL... [options]

Removes each guest's entry from its partner file, with the comment lines directly above
it (at its indentation), and nothing else. On deploy the guest loses every group and
app role; the account is kept, or deleted after the grace period only if the stack's
policy.onRemoval says delete. The plan shows it; removing more than
policy.maxRemovalShare of the guests is refused (exit 3, nothing written). The last
guest of a file leaves "guests: []".

${EDIT_HELP}

${EDIT_EXIT_CODES}

Examples:
  guestops remove henrik.larsen@northwind.example
  guestops remove henrik.larsen@northwind.example --dry-run
`;

export const REMOVE_OPTIONS = EDIT_OPTIONS;
export const options = REMOVE_OPTIONS;
export const formats = ["text", "json"] as const;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseFlagsAndWords(argv, REMOVE_OPTIONS);
  const emails = emailsOf("remove", positionals, "guestops remove henrik.larsen@northwind.example");
  return runEdit(ctx, { action: "remove", emails }, editOptionsOf(values));
}
