// guestops status: each declared guest as the tenant holds it. Reads Graph only.
import { DEFAULT_STATUS_OPTIONS } from "../../graph/build-status";
import { readStatus } from "../../graph/read-drift";
import { readPolicyComparison } from "../../graph/read-tenant-policy";
import { renderStatus, STATUS_FORMATS } from "../../graph/render-status";
import { terminal } from "../../output/escape";
import { EXIT, UsageError } from "../errors";
import { connectGraph, declaredGuardrails, readingCatalog, GRAPH_FLAGS, GRAPH_HELP, loadTenant } from "../graph-session";
import type { CommandContext } from "../context";
import { parseAsOf, parseFormat, parseFlags } from "../options";

export const help = `Usage: guestops status [--stack NAME] [--as-of DATE] [--format text|markdown|json|csv]
                       [--pending-days N] [--inactive-days N] [--graph-url URL] [--credential KIND]

Shows each guest the stack declares as the tenant holds it: found or not (by objectId
for adopted guests, else by mail or #EXT# user principal name), invitation state and
its date, whether sign-in is enabled, when the account was created, the last
successful sign-in, and the catalog groups and app roles it has beside those declared.
When the stack declares tenantPolicy, each guardrail beside the tenant's value too (in csv,
rows with status "tenantPolicy": the setting in email, its state in flags, and
"declared:VALUE tenant:VALUE" in mismatches).
Reads Microsoft Graph; changes nothing.

Options:
  --stack NAME          Stack to report on. Defaults to $PULUMI_STACK, or the only stack.
  --as-of DATE          The day "N days" is judged on (YYYY-MM-DD). Default: today (UTC).
  --format FORMAT       text (default), markdown (a ticket or PR comment), json, or csv.
  --pending-days N      Flag invitations pending for more than N days. Default: ${DEFAULT_STATUS_OPTIONS.pendingDays}.
  --inactive-days N     Flag guests with no sign-in for more than N days. Default: ${DEFAULT_STATUS_OPTIONS.inactiveDays}.
${GRAPH_HELP}
  -h, --help            Show this help.

Sign-in activity needs AuditLog.Read.All and an Entra ID P1 licence. Without either,
status says so in one note and shows the rest.

Permissions: User.Read.All, GroupMember.Read.All, Application.Read.All (AuditLog.Read.All);
with tenantPolicy, Policy.Read.All (and Policy.Read.B2BManagementPolicy for a domain list).

Exit codes: 0 report shown, 1 validation errors, 2 usage error, 5 Graph refused or
failed (the message names the permission or the request), 70 internal error.

Examples:
  guestops status
  guestops status --format csv > guests.csv
  guestops status --inactive-days 60 --format markdown
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, STATUS_FORMATS, "text");
  const asOf = parseAsOf(values["as-of"]);
  const thresholds = {
    pendingDays: parseDays(values["pending-days"], "--pending-days", DEFAULT_STATUS_OPTIONS.pendingDays),
    inactiveDays: parseDays(values["inactive-days"], "--inactive-days", DEFAULT_STATUS_OPTIONS.inactiveDays),
  };
  const tenant = await loadTenant(ctx, values.stack, asOf);
  if (typeof tenant === "number") return tenant;
  const client = connectGraph(values, ctx, tenant);
  const guardrails = tenant.state.tenantPolicy ? declaredGuardrails({ ...tenant, states: [tenant.state] }) : undefined;
  const policy = guardrails ? readPolicyComparison(client, guardrails.policy, guardrails.file) : undefined;
  policy?.catch(() => undefined);
  const report = await readingCatalog(ctx, tenant, () => readStatus(client, tenant.state, thresholds));
  if (typeof report === "number") return report;
  ctx.stdout.write(renderStatus(format, policy ? { ...report, tenantPolicy: await policy } : report));
  return EXIT.ok;
}

export function parseDays(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,4}$/.test(value)) throw new UsageError(`${flag} ${terminal(JSON.stringify(value))} is not a number of days`, `use a whole number, for example ${flag} ${fallback}`);
  return Number(value);
}

/** The options table: which flags take a value, for main.ts and the pipelines' tests. */
export const options = { ...GRAPH_FLAGS, "pending-days": { type: "string" }, "inactive-days": { type: "string" } } as const;
export const formats = STATUS_FORMATS;
