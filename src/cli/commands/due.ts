// guestops due: the guests whose access ends, or whose review falls due, soon, for each sponsor.
import { DEFAULT_WITHIN_DAYS } from "../../renewals/build-due";
import { DUE_FORMATS, renderDue } from "../../renewals/render-due";
import { EXIT } from "../errors";
import { GRAPH_FLAGS, GRAPH_HELP, loadTenant } from "../graph-session";
import type { CommandContext } from "../context";
import { parseAsOf, parseFormat, parseFlags } from "../options";
import { readDue } from "../read-due";
import { parseDays } from "./status";

export const help = `Usage: guestops due [--within DAYS] [--format text|markdown|json] [--stack NAME]
                    [--as-of DATE] [--online [--graph-url URL] [--credential KIND]]

Lists, for each sponsor, the guests whose access ends (expires) or whose review
falls due (policy.reviewIntervalDays after reviewed) within DAYS, and those whose
access ended within the grace period. Each comes with its grants, the days left,
and what the renewal run would do: a new expires policy.renewalDays ahead (cut to
the grants' maxExpiryDays), or, for a review alone, only reviewed.

Offline by default: it reads the files, nothing else. With --online it also reads,
through a read-only Graph identity, each guest's last sign-in and invitation state,
and whether each sponsor is still in the tenant and enabled. For a sponsor who has
left (not found, or disabled), it names the owners of the guests' groups and apps,
who are asked instead; so does it for guests without a sponsor.

Options:
  --within DAYS         The window, in days from the day judged. Default: ${DEFAULT_WITHIN_DAYS}.
  --format FORMAT       text (default, a terminal), markdown (paste into a ticket), or
                        json (scripts; the same facts, every field named).
  --stack NAME          Stack to read. Defaults to $PULUMI_STACK, or the only stack.
  --as-of DATE          The day judged (YYYY-MM-DD). Default: today (UTC).
  --online              Read sign-ins, invitation states and sponsors from Graph.
${GRAPH_HELP}
  -h, --help            Show this help.

Sign-in activity needs AuditLog.Read.All and an Entra ID P1 licence. Without either,
due says so in one note and shows the rest.

Permissions (--online): User.Read.All, GroupMember.Read.All, Application.Read.All
(AuditLog.Read.All).

Exit codes: 0 list shown (empty or not), 1 validation errors, 2 usage error, 5 Graph
refused or failed, 70 internal error.

Examples:
  guestops due
  guestops due --within 7 --format markdown
  guestops due --online --format json > due.json
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, DUE_FORMATS, "text");
  const asOf = parseAsOf(values["as-of"]);
  const within = parseDays(values.within, "--within", DEFAULT_WITHIN_DAYS);
  const tenant = await loadTenant(ctx, values.stack, asOf);
  if (typeof tenant === "number") return tenant;
  const report = await readDue(ctx, tenant, within, values.online === true && values);
  if (typeof report === "number") return report;
  ctx.stdout.write(renderDue(format, report));
  return EXIT.ok;
}

export const options = { ...GRAPH_FLAGS, within: { type: "string" }, online: { type: "boolean" } } as const;
export const formats = DUE_FORMATS;
