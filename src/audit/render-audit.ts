// The audit's events as text, Markdown, JSON and CSV. Every value from history goes through the one
// escaper of its medium.
import { csvField, markdown, markdownCode, terminal, json } from "../output/escape";
import type { AuditEvent } from "./audit-types";

export interface AuditReport {
  stack: string;
  /** The commit the history was read from. */
  head: string;
  since: string | null;
  until: string;
  /** The first commit read, when the history starts at one (--since COMMIT, .guestops.yaml). */
  start?: string;
  events: AuditEvent[];
}

/** Where the listed period begins: its first day, the commit the history starts at, or the beginning. */
export function periodStart(since: string | null, start: string | null | undefined): string {
  return since ?? (start ? `commit ${start.slice(0, 12)}` : "the beginning");
}

export const EVENT_COLUMNS = ["at", "kind", "guest", "target", "cause", "commit", "author", "pr", "approvers", "flags", "detail", "deployedAt", "prSource", "approvals", "sponsor", "requester"] as const;

/** Each approver with its provenance, `address:source`, space-separated: the CSV's `approvals` cell. */
function approvalsCell(e: AuditEvent): string {
  return e.approvals.map((a) => `${a.by}:${a.source}`).join(" ");
}

/** The requester with its provenance, `address:source`: the CSV's `requester` cell. */
function requesterCell(e: AuditEvent): string | undefined {
  return e.requester ? `${e.requester.by}:${e.requester.source}` : undefined;
}

/** Whom the event names besides its approvers, in words: the sponsor of a renewal or review, and the requester. */
export function attestation(e: AuditEvent, escape: (text: string) => string): string[] {
  const parts: string[] = [];
  if (e.sponsor && (e.kind === "renewed" || e.kind === "reviewed")) parts.push(`sponsor ${escape(e.sponsor)}`);
  if (e.requester) parts.push(`requested by ${escape(e.requester.by)}${e.requester.source === "trailer" ? " (unverified)" : ""}`);
  return parts;
}

/** The approvers shown but not counted: what a trailer of an unsigned commit names. */
export function unverifiedApprovers(e: AuditEvent): string[] {
  return e.approvals.filter((a) => a.source === "trailer").map((a) => a.by);
}

export function renderAuditJson(report: AuditReport): string {
  return `${json(report)}\n`;
}

export function renderAuditCsv(events: readonly AuditEvent[]): string {
  const rows = [EVENT_COLUMNS.join(",")];
  for (const e of events) {
    rows.push([e.at, e.kind, e.guest, e.target, e.cause, e.commit, e.author, e.pr, e.approvers.join(" "), e.flags.join(" "), e.detail, e.deployedAt, e.prSource, approvalsCell(e), e.sponsor, requesterCell(e)].map(csvField).join(","));
  }
  return `${rows.join("\r\n")}\r\n`;
}

export function renderAuditText(report: AuditReport): string {
  const lines = [`Audit of stack ${terminal(report.stack)} at ${report.head.slice(0, 12)}, ${periodStart(report.since, report.start)} to ${report.until}: ${report.events.length} event(s)`, ""];
  for (const e of report.events) {
    const what = [e.kind + (e.cause ? ` (${e.cause})` : ""), e.guest, e.target].filter(Boolean).map((v) => terminal(v!)).join(" ");
    const who = e.commit ? `${e.commit.slice(0, 12)}${e.pr !== null ? ` PR #${e.pr}${e.prSource === "subject" ? " (unverified)" : ""}` : ""} by ${terminal(e.author ?? "")}` : "by date";
    const unverified = unverifiedApprovers(e);
    const approved = (e.approvers.length > 0 ? `; approved by ${e.approvers.map(terminal).join(", ")}` : "") + (unverified.length > 0 ? `; unverified approvers ${unverified.map(terminal).join(", ")}` : "");
    const flags = e.flags.length > 0 ? ` [${e.flags.join(", ")}]` : "";
    const deployed = e.deployedAt ? `; deployed ${e.deployedAt}` : "";
    const named = attestation(e, terminal).map((p) => `; ${p}`).join("");
    lines.push(`${e.at}  ${what}  ${who}${approved}${named}${deployed}${flags}${e.detail ? `  ${terminal(e.detail)}` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderAuditMarkdown(report: AuditReport): string {
  const lines = [
    `## Audit of stack ${markdownCode(report.stack)}`,
    "",
    `History of ${markdownCode(report.head.slice(0, 12))}, ${periodStart(report.since, report.start)} to ${report.until}: ${report.events.length} event(s).`,
    "",
    ...eventTable(report.events),
  ];
  return `${lines.join("\n")}\n`;
}

/** A Markdown table of events, shared with the report. */
export function eventTable(events: readonly AuditEvent[]): string[] {
  if (events.length === 0) return ["_No events._"];
  const rows = ["| At | Event | Guest | Target | Commit | PR | Author | Approvers | Flags |", "|---|---|---|---|---|---|---|---|---|"];
  for (const e of events) {
    rows.push(
      `| ${e.at} | ${e.kind}${e.cause ? ` (${e.cause})` : ""}${e.detail ? `: ${markdown(e.detail)}` : ""}${attestation(e, markdown).map((p) => `; ${p}`).join("")} | ${e.guest ? markdown(e.guest) : ""} | ${e.target ? markdownCode(e.target) : ""} | ${e.commit ? markdownCode(e.commit.slice(0, 12)) : "by date"} | ${e.pr ?? ""}${e.pr !== null && e.prSource === "subject" ? " (unverified)" : ""} | ${e.author ? markdown(e.author) : ""} | ${[...e.approvers.map(markdown), ...unverifiedApprovers(e).map((a) => `${markdown(a)} (unverified)`)].join(", ")} | ${e.flags.join(", ")} |`,
    );
  }
  return rows;
}
