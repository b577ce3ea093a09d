// The auditor's report as Markdown (a ticket or a wiki page) and JSON (the figures, for checking).
import { markdown, markdownCode, json } from "../output/escape";
import type { Count, Report } from "./build-report";
import { eventTable, periodStart } from "./render-audit";

export function renderReportJson(report: Report): string {
  return `${json(report)}\n`;
}

function counts(title: string, rows: readonly Count[]): string[] {
  if (rows.length === 0) return [`_No ${title.toLowerCase()}._`];
  return [`| ${title} | Guests |`, "|---|---:|", ...rows.map((r) => `| ${markdown(r.name)} | ${r.guests} |`)];
}

function command(text: string): string[] {
  return ["", `Reproduce: ${markdownCode(text)}`, ""];
}

export function renderReportMarkdown(r: Report): string {
  const c = r.current;
  const p = r.period;
  const lines = [
    `# Guest access report: stack ${markdownCode(r.stack)}`,
    "",
    `History of commit ${markdownCode(r.head.slice(0, 12))}; state at ${r.commit ? markdownCode(r.commit.slice(0, 12)) : "no commit yet"}, judged on ${c.asOf}. Period: ${periodStart(r.since, r.start)} to ${r.until}.`,
    "",
    "## Current state",
    "",
    `${c.activeGuests} active guest(s) of ${c.guests} declared, holding ${c.grants} grant(s). Expiring within 30 days: ${c.expiring.within30}; within 60: ${c.expiring.within60}; within 90: ${c.expiring.within90}.`,
    ...command(r.commands.current!),
    "### Guests per partner",
    "",
    ...counts("Partner", c.byPartner),
    "",
    "### Guests per group",
    "",
    ...counts("Group", c.byGroup),
    "",
    "### Guests per app",
    "",
    ...counts("App role", c.byApp),
    "",
    "### Expiring within 90 days",
    "",
    ...(c.expiring.guests.length === 0 ? ["_None._"] : ["| Guest | Partner | Expires | Days left |", "|---|---|---|---:|", ...c.expiring.guests.map((g) => `| ${markdown(g.email)} | ${markdown(g.partner)} | ${markdown(g.expires)} | ${g.daysLeft} |`)]),
    "",
    `### Overdue reviews${c.reviewIntervalDays !== null ? ` (every ${c.reviewIntervalDays} days)` : ""}`,
    "",
    ...(c.reviewIntervalDays === null
      ? ["_The stack sets no policy.reviewIntervalDays._"]
      : c.overdueReviews.length === 0
        ? ["_None._"]
        : ["| Guest | Partner | Last reviewed | Counted from | Days |", "|---|---|---|---|---:|", ...c.overdueReviews.map((o) => `| ${markdown(o.email)} | ${markdown(o.partner)} | ${o.reviewed ?? "never"} | ${o.since} | ${o.daysSince} |`)]),
    "",
    "### Largest grants",
    "",
    ...counts("Target", c.largestGrants),
    "",
    "## The period",
    "",
    `${p.counts.events} event(s): ${p.counts.granted} grant(s), ${p.counts.removed} removal(s), ${p.counts.flagged} flagged, ${p.counts.invalid} invalid commit(s).`,
    "",
    "### Grants",
    ...command(r.commands.granted!),
    ...eventTable(p.granted),
    "",
    "### Removals",
    ...command(r.commands.removed!),
    ...eventTable(p.removed),
    "",
    "### Flagged events",
    ...command(r.commands.flagged!),
    ...eventTable(p.flagged),
    "",
    `This report: ${markdownCode(r.commands.report!)}`,
  ];
  return `${lines.join("\n")}\n`;
}
