// The auditor's report as Markdown (a ticket or a wiki page) and JSON (the figures, for checking).
import { markdown, markdownCode, json } from "../output/escape";
import type { Count, Report } from "./build-report";
import type { Lapses, Renewals, ReviewEvidence, Reviews } from "./build-reviews";
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

/** A share as a percentage with at most one decimal: "66.7%"; "n/a" when nothing fell due. */
export function percent(share: number | null): string {
  return share === null ? "n/a" : `${Math.round(share * 1000) / 10}%`;
}

const sponsorName = (s: string | null) => s ?? "(no sponsor)";

/** Who attested a review: the approvers that count, then those only shown. */
export function attesters(e: ReviewEvidence): string[] {
  return [...e.approvers, ...e.unverified.map((a) => `${a} (unverified)`)];
}

function reviewsSection(r: Reviews, reproduce: string): string[] {
  const head = [`### Reviews on time${r.intervalDays !== null ? ` (every ${r.intervalDays} days)` : ""}`, ...command(reproduce)];
  if (r.intervalDays === null) return [...head, "_The stack sets no policy.reviewIntervalDays: no review falls due._"];
  const t = r.totals;
  const lines = [
    ...head,
    `${t.due} review(s) fell due in the period: ${t.onTime} on time, ${t.late} late, ${t.missed} missed; on time: ${percent(t.shareOnTime)}. A review is on time when an attested review reached the branch within ${r.intervalDays} days of the previous one, or of the grant.`,
    "",
  ];
  if (t.due > 0) {
    lines.push("| Sponsor | Due | On time | Late | Missed | Share on time |", "|---|---:|---:|---:|---:|---:|");
    for (const s of r.bySponsor) lines.push(`| ${markdown(sponsorName(s.sponsor))} | ${s.due} | ${s.onTime} | ${s.late} | ${s.missed} | ${percent(s.shareOnTime)} |`);
    lines.push("", "| Guest | Sponsor | Counted from | Due by | Outcome | Reviewed | Commit | PR | Attested by | Requested by |", "|---|---|---|---|---|---|---|---|---|---|");
    for (const d of r.due) {
      const e = d.review;
      const outcome = d.outcome === "on-time" ? "on time" : `${d.outcome} (${d.daysLate} day(s))`;
      const requester = e?.requester ? `${markdown(e.requester.by)}${e.requester.source === "trailer" ? " (unverified)" : ""}` : "";
      lines.push(
        `| ${markdown(d.guest)} | ${markdown(sponsorName(d.sponsor))} | ${d.since} (${d.from}) | ${d.due} | ${outcome} | ${e ? e.at : ""} | ${e?.commit ? markdownCode(e.commit.slice(0, 12)) : ""} | ${e?.pr ?? ""} | ${e ? attesters(e).map(markdown).join(", ") : ""} | ${requester} |`,
      );
    }
  } else lines.push("_None fell due._");
  if (r.unattested.length > 0) lines.push("", "Reviews without the approvals their plan asked for, which settle nothing:", "", ...eventTable(r.unattested));
  return lines;
}

function renewalsSection(r: Renewals, reproduce: string): string[] {
  const lines = ["### Renewals", ...command(reproduce), `${r.events.length} renewal(s) in the period.`, ""];
  if (r.events.length === 0) return lines.slice(0, -1);
  lines.push("| Sponsor | Renewals | Approvers that count |", "|---|---:|---|");
  for (const s of r.bySponsor) lines.push(`| ${markdown(sponsorName(s.sponsor))} | ${s.renewals} | ${s.approvers.map(markdown).join(", ")} |`);
  return [...lines, "", ...eventTable(r.events)];
}

function lapsesSection(l: Lapses, reproduce: string): string[] {
  const lines = ["### Access that lapsed without renewal", ...command(reproduce), `${l.guests.length} guest(s) reached their \`expires\` in the period with no PR ending their access first: ${l.withoutRenewal} not renewed since, ${l.renewedAfter} renewed after the lapse.`, ""];
  if (l.guests.length === 0) return lines.slice(0, -1);
  lines.push("| Guest | Sponsor | Last day | Lapsed at | Since then |", "|---|---|---|---|---|");
  for (const g of l.guests) {
    const then = g.then ? `${g.then.kind} ${g.then.at}${g.then.commit ? ` in ${markdownCode(g.then.commit.slice(0, 12))}` : ""}${g.then.pr !== null ? ` (PR ${g.then.pr})` : ""}` : "not renewed";
    lines.push(`| ${markdown(g.guest)} | ${markdown(sponsorName(g.sponsor))} | ${g.expires} | ${g.at} | ${then} |`);
  }
  return lines;
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
    ...reviewsSection(p.reviews, r.commands.reviews!),
    "",
    ...renewalsSection(p.renewals, r.commands.renewals!),
    "",
    ...lapsesSection(p.lapses, r.commands.lapses!),
    "",
    `This report: ${markdownCode(r.commands.report!)}`,
  ];
  return `${lines.join("\n")}\n`;
}
