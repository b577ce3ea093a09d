// guestops audit: who was granted what, when, in which change, approved by whom, and when it ended,
// from the first-parent history of a branch. Offline: Git only.
import { renderAuditCsv, renderAuditJson, renderAuditMarkdown, renderAuditText, type AuditReport } from "../../audit/render-audit";
import { EVENT_KINDS, type EventKind } from "../../audit/audit-types";
import { EXIT, UsageError } from "../errors";
import { checkFilter, inPeriod, matchesTarget, openTimeline, parsePeriod, parseTrustedSigners } from "../history-options";
import type { CommandContext } from "../context";
import { parseFormat, parseFlags } from "../options";

export const AUDIT_FORMATS = ["text", "markdown", "json", "csv"] as const;

export const help = `Usage: guestops audit [--stack NAME] [--since DATE|COMMIT] [--until DATE] [--guest EMAIL]
                      [--target T] [--kind K,...] [--flagged] [--rev REF]
                      [--trusted-signer FINGERPRINT]... [--format text|markdown|json|csv]

Walks the first-parent history of a branch (what reached it, and when) and lists
every change of access: who was invited, adopted, granted, revoked, expired or
removed; renewals, shortened expiries, new sponsors and reviews; policy changes;
and commits whose state did not validate (the program refuses those, so access
carried on unchanged). Each step is the same guest diff that "guestops plan"
shows, so an audit and a plan of the same two commits agree.

Each event carries its evidence, each part with where it comes from: the commit,
its author, the pull request and the approvers. Only what can be checked counts:
  record        the pipeline's refs/notes/guestops-approvals note on the commit
                (written by guestops approvals record), tied to its commit and PR;
  signed-merge  a commit with a good signature by a --trusted-signer key: it merged
                through the code host; its subject's PR and its trailers count.
What anyone who can push can write is shown, flagged unverified, and counts for
nothing: the PR number of an unsigned subject (GitHub merge and squash subjects,
Azure Repos merges) and Reviewed-by: / Approved-by: trailers of an unsigned commit.
A Requested-by: trailer names who asked for the change: shown as the requester,
unverified unless a trusted signer merged it, and never an approver. Renewals and
reviews also name the guest's sponsor.
The approvers that count are checked against the approvals that the plan of that
commit needed, the gate's own list. Flags mark what an auditor samples: direct-push
(no PR), no-approval (an approval the plan needed, and no approver that counts),
not-owner (approvers, but none who could give an approval the plan needed),
self-approved (the only approver is the author), unverified, date-adjusted, and
record-unreadable: an approvals note (or a part of it) that cannot be used, because
it is not the documented JSON, is for another commit or PR, or has an entry that is
not an address and a time. It is its own event, with the reason, never dropped in
silence. A note entry with "at": null (an Azure DevOps vote) counts, its time unknown.

Expiry is judged day by day: access that lapsed by date appears at the start of
the day after "expires", with no commit.

Options:
  --stack NAME      Stack to audit (stacks/NAME.yaml at --rev). Defaults to $PULUMI_STACK,
                    or to the only stack.
  --since DATE      First day to list (YYYY-MM-DD). History before it is still read.
  --since COMMIT    Start the history at this commit of the branch: what came before it
                    is not read, and its state counts as granted there. Default: the
                    start .guestops.yaml first recorded (audit: { since: COMMIT-ID or
                    DATE }), which a fork of guestops sets to its own first commit; later
                    changes to it are ignored, with a warning.
  --until DATE      Last day to list and to judge expiry on. Default: today (UTC).
  --guest EMAIL     Only this guest's events (any case).
  --target T        Only events for this group or app: group:KEY, app:KEY/ROLE, or app:KEY
                    (the app's default access and every role).
  --kind K,...      Only these kinds of event, e.g. --kind granted,revoked.
  --flagged         Only events with a flag.
  --rev REF         Branch, tag or commit whose history is read. Default: HEAD.
  --trusted-signer FINGERPRINT
                    The code host's merge key (repeatable): GitHub's web-flow GPG key
                    for merges on github.com (import https://github.com/web-flow.gpg
                    into your keyring; pass its fingerprint), or an SSH key's SHA256:...
                    fingerprint (with gpg.ssh.allowedSignersFile set). Only this flag
                    names one: no file in the repository can trust a key.
  --format FORMAT   text (default), markdown, json (the event contract in
                    docs/auditors.md) or csv (one row per event, for spreadsheets).
  -h, --help        Show this help.

A shallow clone is refused: run git fetch --unshallow, or check out with
fetch-depth: 0.

Exit codes: 0 events listed, 2 usage error (bad date, unknown guest or target,
unknown revision, shallow clone), 70 internal error.

Examples:
  guestops audit --target app:expenses/Submitter --format markdown
  guestops audit --guest jun.tanaka@northwind.example
  guestops audit --since 2026-11-01 --until 2026-11-30 --format csv > events.csv
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, AUDIT_FORMATS, "text");
  const period = parsePeriod(values.since, values.until);
  const kinds = parseKinds(values.kind);
  const signers = parseTrustedSigners(values["trusted-signer"]);
  const { timeline, head, stack, start, period: read } = await openTimeline(ctx.cwd, values.rev ?? "HEAD", values.stack, ctx.env, period, (l) => ctx.stderr.write(`${l}\n`), signers);
  checkFilter("--guest", values.guest, timeline.events);
  checkFilter("--target", values.target, timeline.events);
  const guest = values.guest?.toLowerCase();
  const events = timeline.events.filter((e) => inPeriod(e, read) && (guest === undefined || e.guest === guest) && matchesTarget(e.target, values.target) && (kinds === undefined || kinds.has(e.kind)) && (values.flagged !== true || e.flags.length > 0));
  const report: AuditReport = { stack, head, since: read.since, until: read.until, ...(start.commit && { start: start.commit }), events };
  if (format === "json") ctx.stdout.write(renderAuditJson(report));
  else if (format === "csv") ctx.stdout.write(renderAuditCsv(events));
  else if (format === "markdown") ctx.stdout.write(renderAuditMarkdown(report));
  else ctx.stdout.write(renderAuditText(report));
  return EXIT.ok;
}

function parseKinds(value: string | undefined): Set<EventKind> | undefined {
  if (value === undefined) return undefined;
  const kinds = value.split(",").map((k) => k.trim());
  const unknown = kinds.find((k) => !(EVENT_KINDS as readonly string[]).includes(k));
  if (unknown !== undefined) throw new UsageError(`--kind ${JSON.stringify(unknown)} is not a kind of event`, `use one or more of: ${EVENT_KINDS.join(", ")}`);
  return new Set(kinds as EventKind[]);
}

/** The options table: which flags take a value, for main.ts and the pipelines' tests. */
export const options = {
  stack: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  guest: { type: "string" },
  target: { type: "string" },
  kind: { type: "string" },
  flagged: { type: "boolean" },
  rev: { type: "string" },
  "trusted-signer": { type: "string", multiple: true },
  format: { type: "string" },
} as const;
export const formats = AUDIT_FORMATS;
