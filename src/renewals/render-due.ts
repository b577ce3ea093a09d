// guestops due as text (a terminal), Markdown (a ticket) and JSON (scripts). Every value from a file or
// from Graph goes through src/output/escape.ts for its medium. The renewal PR's body reuses the pieces.
import { count } from "../model/words";
import { json, markdown, markdownCode, terminal } from "../output/escape";
import type { DueGuest, DueReport, SponsorDue } from "./build-due";

export const DUE_FORMATS = ["text", "markdown", "json"] as const;
export type DueFormat = (typeof DUE_FORMATS)[number];

export function renderDue(format: DueFormat, report: DueReport): string {
  if (format === "json") return `${json(report)}\n`;
  return format === "markdown" ? renderMarkdown(report) : renderText(report);
}

function heading(report: DueReport): string {
  const n = report.sponsors.reduce((sum, s) => sum + s.guests.length, 0);
  return `${count(n, "guest")} due within ${count(report.within, "day")} of ${report.asOf}, for ${count(report.sponsors.length, "sponsor")}`;
}

function renderText(report: DueReport): string {
  const lines = [`${heading(report)} (stack ${terminal(report.stack)})`];
  for (const note of report.notes) lines.push(`note: ${terminal(note)}`);
  for (const s of report.sponsors) {
    lines.push("", `${terminal(sponsorLine(s))}`);
    for (const g of s.guests) {
      lines.push(`  ${terminal(g.email)}  ${terminal(dueWords(g))}  (${terminal(g.file)})`);
      lines.push(`    grants: ${terminal(grantsOf(g))}`);
      if (g.tenant) lines.push(`    tenant: ${terminal(tenantWords(g))}`);
    }
  }
  if (report.sponsors.length === 0) lines.push("", "Nothing is due.");
  lines.push("");
  return lines.join("\n");
}

function renderMarkdown(report: DueReport): string {
  const lines = [`### Guests due: stack ${markdownCode(report.stack)}`, "", `${heading(report)}.`, ""];
  for (const note of report.notes) lines.push(`> **Note:** ${markdown(note)}`, "");
  for (const s of report.sponsors) {
    lines.push(`#### ${markdown(sponsorLine(s))}`, "", ...dueTable(s.guests, report.online), "");
  }
  if (report.sponsors.length === 0) lines.push("Nothing is due.", "");
  return lines.join("\n");
}

/** A Markdown table of due guests: one row each, every value escaped. */
export function dueTable(guests: readonly DueGuest[], online: boolean): string[] {
  const head = online ? "| Guest | Due | Grants | Last sign-in | Invitation |\n|---|---|---|---|---|" : "| Guest | Due | Grants |\n|---|---|---|";
  const rows = guests.map((g) => {
    const cells = [`${markdown(g.email)}<br>${markdown(g.displayName)}`, markdown(dueWords(g)), markdown(grantsOf(g))];
    if (online) cells.push(markdown(signInWords(g)), markdown(invitationWords(g)));
    return `| ${cells.join(" | ")} |`;
  });
  return [head, ...rows];
}

export function sponsorLine(s: SponsorDue): string {
  const ask = s.askInstead.length > 0 ? `ask instead: ${s.askInstead.join(", ")}` : "no group or app owner to ask: a stack owner decides";
  if (s.sponsor === null) return `No sponsor declared; ${ask}`;
  if (s.state === "not-found") return `Sponsor ${s.sponsor}: not found in the tenant (left?); ${ask}`;
  if (s.state === "disabled") return `Sponsor ${s.sponsor}: account disabled in the tenant; ${ask}`;
  return `Sponsor ${s.sponsor}`;
}

/** "expires 2026-12-20, in 19 days; review due 2026-12-01, overdue by 3 days". */
export function dueWords(g: DueGuest): string {
  const parts = [g.daysLeft < 0 ? `expired on ${g.expires}, ${count(-g.daysLeft, "day")} ago` : `expires ${g.expires}, ${inDays(g.daysLeft)}`];
  if (g.reasons.includes("review")) parts.push(g.reviewDaysLeft! < 0 ? `review overdue since ${g.reviewDue}, by ${count(-g.reviewDaysLeft!, "day")}` : `review due ${g.reviewDue}, ${inDays(g.reviewDaysLeft!)}`);
  return parts.join("; ");
}

function inDays(n: number): string {
  return n === 0 ? "today" : n === 1 ? "tomorrow" : `in ${count(n, "day")}`;
}

export function grantsOf(g: DueGuest): string {
  const all = [...g.groups.map((k) => `group ${k}`), ...g.apps.map((a) => `app ${a}`)];
  return all.length > 0 ? all.join(", ") : "none";
}

export function signInWords(g: DueGuest): string {
  if (!g.tenant) return "not read";
  if (!g.tenant.found) return "not in the tenant";
  if (g.tenant.lastSignIn === undefined) return "unreadable";
  return g.tenant.lastSignIn === null ? "never" : g.tenant.lastSignIn.slice(0, 10);
}

function invitationWords(g: DueGuest): string {
  if (!g.tenant?.found) return "";
  return g.tenant.externalUserState === "PendingAcceptance" ? "pending" : (g.tenant.externalUserState ?? "no invitation state");
}

function tenantWords(g: DueGuest): string {
  if (!g.tenant!.found) return "not found in the tenant (not invited yet, or removed by hand)";
  return `last sign-in ${signInWords(g)}; invitation ${invitationWords(g)}`;
}
