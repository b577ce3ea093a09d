// guestops access: the entitlements on a date, from Git history, with the change behind each grant.
import { buildAccess } from "../../audit/build-access";
import { renderAccessCsv, renderAccessJson, renderAccessMarkdown, renderAccessText } from "../../audit/render-access";
import { buildDesiredState } from "../../model/build-desired-state";
import { EXIT, UsageError } from "../errors";
import { checkFilter, matchesTarget, openTimeline, parseDay } from "../history-options";
import type { CommandContext } from "../context";
import { parseFormat, parseFlags } from "../options";

export const ACCESS_FORMATS = ["text", "markdown", "json", "csv"] as const;

export const help = `Usage: guestops access --as-of DATE [--stack NAME] [--target T] [--rev REF]
                       [--format text|markdown|json|csv]

Lists who had access to what on a date: the state at the last first-parent commit
on or before the end of that day, with expiry judged on that day. Each grant shows
since when it was held without a break, and the commit, PR and approvers of the
change that began it. The history starts where .guestops.yaml first recorded
(audit: { since: ... }, see guestops audit --help), if it does.

Options:
  --as-of DATE      The day (YYYY-MM-DD). Required.
  --stack NAME      Stack (stacks/NAME.yaml at --rev). Defaults to $PULUMI_STACK, or to
                    the only stack.
  --target T        Only guests holding this group or app, and only those grants:
                    group:KEY, app:KEY/ROLE, or app:KEY (default access and every role).
  --rev REF         Branch, tag or commit whose history is read. Default: HEAD.
  --format FORMAT   text (default), markdown, json ({ asOf, commit, guests: [...] },
                    see docs/auditors.md) or csv (one row per guest and grant).
  -h, --help        Show this help.

Exit codes: 0 listed, 2 usage error (missing or impossible date, unknown revision,
shallow clone), 70 internal error.

Examples:
  guestops access --as-of 2026-11-26
  guestops access --as-of 2026-11-26 --target app:expenses
  guestops access --as-of 2026-12-01 --format csv > access-2026-12-01.csv
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, ACCESS_FORMATS, "text");
  const asOf = parseDay(values["as-of"], "--as-of");
  if (asOf === undefined) throw new UsageError("--as-of is required", "pass the day to list, for example --as-of 2026-11-26");
  const { timeline, stack } = await openTimeline(ctx.cwd, values.rev ?? "HEAD", values.stack, ctx.env, { since: null, until: asOf }, (l) => ctx.stderr.write(`${l}\n`));
  const last = timeline.last;
  checkFilter("--target", values.target, timeline.events);
  const all = buildAccess(asOf, stack, last && buildDesiredState(last.load, asOf), last?.commit ?? null, timeline.events);
  const access = values.target === undefined ? all : { ...all, guests: all.guests.map((g) => ({ ...g, grants: g.grants.filter((x) => matchesTarget(x.target, values.target)) })).filter((g) => g.grants.length > 0) };
  if (format === "json") ctx.stdout.write(renderAccessJson(access));
  else if (format === "csv") ctx.stdout.write(renderAccessCsv(access));
  else if (format === "markdown") ctx.stdout.write(renderAccessMarkdown(access));
  else ctx.stdout.write(renderAccessText(access));
  return EXIT.ok;
}

/** The options table: which flags take a value, for main.ts and the pipelines' tests. */
export const options = { "as-of": { type: "string" }, stack: { type: "string" }, target: { type: "string" }, rev: { type: "string" }, format: { type: "string" } } as const;
export const formats = ACCESS_FORMATS;
