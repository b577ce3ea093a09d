// guestops report: the auditor's one page, from Git history: the current state and the period's
// grants, removals, flagged events, reviews, renewals and lapses, each table with the command that
// reproduces it.
import { buildReport } from "../../audit/build-report";
import { renderReportHtml } from "../../audit/render-report-html";
import { renderReportJson, renderReportMarkdown } from "../../audit/render-report-markdown";
import { buildDesiredState } from "../../model/build-desired-state";
import { EXIT } from "../errors";
import { openTimeline, parsePeriod, parseTrustedSigners } from "../history-options";
import type { CommandContext } from "../context";
import { parseFormat, parseFlags } from "../options";

export const REPORT_FORMATS = ["html", "markdown", "json"] as const;

export const help = `Usage: guestops report [--stack NAME] [--since DATE|COMMIT] [--until DATE] [--rev REF]
                       [--trusted-signer FINGERPRINT]... [--format html|markdown|json]

The auditor's one page, from the first-parent history of a branch.

Current state (judged on --until):
  guests per partner, group and app; guests expiring within 30, 60 and 90 days;
  overdue reviews by policy.reviewIntervalDays (a guest never reviewed counts from
  their first grant); the largest grants.
For the period (--since to --until):
  every grant and removal with its evidence (commit, PR, author, approvers), every
  flagged event (direct-push, no-approval, not-owner, self-approved,
  date-adjusted, record-unreadable, unverified); reviews on time by sponsor
  (each review due in the period: on time, late or missed, and who attested
  it); renewals by sponsor, with their approvers; access that lapsed without
  renewal; and the exact guestops command that reproduces each table.

A review is on time when an attested review (its commit gives the approvals
its plan asked for, from the approvals note or a signed merge) reaches the
branch within policy.reviewIntervalDays of the previous attested review, or of
the grant. See docs/auditors.md.

HTML is one self-contained file: no network requests, inline SVG charts, tables
sorted by clicking a column. The JSON holds the same figures, for checking.

Options:
  --stack NAME      Stack (stacks/NAME.yaml at --rev). Defaults to $PULUMI_STACK, or to
                    the only stack.
  --since DATE      First day of the period (YYYY-MM-DD). Default: the beginning.
  --since COMMIT    Start the history at this commit of the branch (see guestops audit
                    --help). Default: the start .guestops.yaml first recorded, if any.
  --until DATE      Last day of the period, and the day the current state is judged
                    on. Default: today (UTC).
  --rev REF         Branch, tag or commit whose history is read. Default: HEAD.
  --trusted-signer FINGERPRINT
                    The code host's merge key (repeatable), as for guestops audit: a
                    merge it signed proves its PR and approvers; without it, a merge's
                    subject and trailers are shown but flagged unverified.
  --format FORMAT   html (default), markdown or json.
  -h, --help        Show this help.

Exit codes: 0 report written, 2 usage error, 70 internal error.

Examples:
  guestops report --since 2026-10-01 --until 2026-12-31 > guest-access-q4.html
  guestops report --format markdown
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, REPORT_FORMATS, "html");
  const period = parsePeriod(values.since, values.until);
  const signers = parseTrustedSigners(values["trusted-signer"]);
  const { timeline, head, stack, start, period: read } = await openTimeline(ctx.cwd, values.rev ?? "HEAD", values.stack, ctx.env, period, (l) => ctx.stderr.write(`${l}\n`), signers);
  const last = timeline.last;
  const interval = (last?.load.stack?.value?.policy as { reviewIntervalDays?: unknown } | undefined)?.reviewIntervalDays;
  const report = buildReport({
    stack,
    head,
    commit: last?.commit ?? null,
    since: read.since,
    start: start.commit,
    until: read.until,
    state: last && buildDesiredState(last.load, read.until),
    reviewIntervalDays: typeof interval === "number" && Number.isFinite(interval) ? interval : null,
    events: timeline.events,
  });
  if (format === "json") ctx.stdout.write(renderReportJson(report));
  else if (format === "markdown") ctx.stdout.write(renderReportMarkdown(report));
  else ctx.stdout.write(renderReportHtml(report));
  return EXIT.ok;
}

/** The options table: which flags take a value, for main.ts and the pipelines' tests. */
export const options = { stack: { type: "string" }, since: { type: "string" }, until: { type: "string" }, rev: { type: "string" }, "trusted-signer": { type: "string", multiple: true }, format: { type: "string" } } as const;
export const formats = REPORT_FORMATS;
