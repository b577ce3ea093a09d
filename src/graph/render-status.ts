// guestops status as text, Markdown, JSON and CSV. Every value from Graph or a file goes through
// src/output/escape.ts for its medium.
import { csvField, markdown, markdownCode, terminal, json } from "../output/escape";
import type { StatusMismatch, StatusReport, StatusRow } from "./build-status";
import { targetOf } from "./render-drift";
import { policyCsvRows, renderPolicyMarkdown, renderPolicyText } from "./render-tenant-policy";

const POLICY_TITLE = "Guardrails: each declared setting beside the tenant's";

export const STATUS_FORMATS = ["text", "markdown", "json", "csv"] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

const FLAG_LABELS: Record<string, (r: StatusReport) => string> = {
  "not-found": () => "not found in the tenant",
  "not-a-guest": () => "not a guest account",
  disabled: () => "sign-in blocked",
  "pending-invitation": (r) => `invitation pending over ${r.options.pendingDays} days`,
  "never-signed-in": () => "never signed in",
  inactive: (r) => `no sign-in for over ${r.options.inactiveDays} days`,
  "undeclared-access": () => "with access not in Git",
  "missing-access": () => "lacking access that Git gives",
};

/** A flag's label, with the grants for the ones drift reports; an expired guest's kept access says so. */
function flagWords(flag: string, report: StatusReport, row: StatusRow): string {
  const targets = (kind: StatusMismatch["kind"]) => row.mismatches.filter((m) => m.kind === kind).map(targetOf).join(", ");
  if (flag === "undeclared-access") return row.status === "active" ? `access not in Git: ${targets("undeclared")}` : `${row.status}, yet ${row.accountEnabled === false ? "" : "still enabled and "}still holding ${targets("undeclared")}`;
  if (flag === "missing-access") return `access in Git missing from the tenant: ${targets("missing")}`;
  return FLAG_LABELS[flag]!(report);
}

export function renderStatus(format: StatusFormat, report: StatusReport): string {
  if (format === "json") return `${json(report)}\n`;
  if (format === "csv") return renderCsv(report);
  if (format === "markdown") return renderMarkdown(report);
  return renderText(report);
}

function renderText(report: StatusReport): string {
  const lines = [`Status of ${report.guests.length} declared guest(s) of stack ${terminal(report.stack)} in the tenant, as of ${report.asOf}`];
  for (const note of report.notes) lines.push(`note: ${terminal(note)}`);
  for (const row of report.guests) {
    lines.push("", `${terminal(row.email)}  ${row.found ? `found by ${row.matchedBy}, ${terminal(row.objectId ?? "")}` : "NOT FOUND"}  (${terminal(row.file)}, ${row.status})`);
    if (row.found) {
      lines.push(`  state: ${terminal(stateOf(row))}; ${row.accountEnabled === false ? "sign-in blocked" : "enabled"}; created ${terminal(dateOf(row.createdDateTime))}; last sign-in ${terminal(signInOf(row))}`);
      lines.push(`  groups: ${terminal(listOf(row.groups.actual))} (declared: ${terminal(listOf(row.groups.declared))})`);
      lines.push(`  apps:   ${terminal(listOf(row.apps.actual))} (declared: ${terminal(listOf(row.apps.declared))})`);
    }
    if (row.flags.length > 0) lines.push(`  flags: ${terminal(row.flags.map((f) => flagWords(f, report, row)).join("; "))}`);
  }
  if (report.tenantPolicy) lines.push(...renderPolicyText(report.tenantPolicy, POLICY_TITLE));
  lines.push("", summary(report), "");
  return lines.join("\n");
}

function renderMarkdown(report: StatusReport): string {
  const lines = [`### Guest status: stack ${markdownCode(report.stack)}, as of ${report.asOf}`, ""];
  for (const note of report.notes) lines.push(`> **Note:** ${markdown(note)}`, "");
  lines.push("| Guest | Account | Invitation | Last sign-in | Groups (declared) | Apps (declared) | Flags |", "|---|---|---|---|---|---|---|");
  for (const row of report.guests) {
    const account = row.found ? `${markdownCode(row.objectId ?? "")}${row.accountEnabled === false ? " (blocked)" : ""}` : "**not found**";
    const groups = `${markdown(listOf(row.groups.actual))} (${markdown(listOf(row.groups.declared))})`;
    const apps = `${markdown(listOf(row.apps.actual))} (${markdown(listOf(row.apps.declared))})`;
    lines.push(`| ${markdown(row.email)} | ${account} | ${row.found ? markdown(stateOf(row)) : ""} | ${row.found ? markdown(signInOf(row)) : ""} | ${groups} | ${apps} | ${markdown(row.flags.map((f) => flagWords(f, report, row)).join("; "))} |`);
  }
  if (report.tenantPolicy) lines.push(...renderPolicyMarkdown(report.tenantPolicy, POLICY_TITLE));
  lines.push("", summary(report), "");
  return lines.join("\n");
}

const CSV_COLUMNS = ["email", "file", "status", "found", "matchedBy", "objectId", "userType", "externalUserState", "externalUserStateChangeDateTime", "accountEnabled", "createdDateTime", "lastSignIn", "declaredGroups", "actualGroups", "declaredApps", "actualApps", "flags", "mismatches"];

function renderCsv(report: StatusReport): string {
  const rows = report.guests.map((r: StatusRow) =>
    [r.email, r.file, r.status, r.found, r.matchedBy, r.objectId, r.userType, r.externalUserState, r.externalUserStateChangeDateTime, r.accountEnabled, r.createdDateTime, r.lastSignIn === undefined ? "unreadable" : r.lastSignIn, r.groups.declared.join(" "), r.groups.actual.join(" "), r.apps.declared.join(" "), r.apps.actual.join(" "), r.flags.join(" "), r.mismatches.map((m) => `${m.kind}:${m.group !== undefined ? `group:${m.group}` : `app:${m.app}${m.role !== undefined ? `/${m.role}` : ""}`}`).join(" ")]
      .map((v) => csvField(v ?? null))
      .join(","),
  );
  const policy = report.tenantPolicy ? policyCsvRows(report.tenantPolicy, CSV_COLUMNS.length) : [];
  return `${[CSV_COLUMNS.join(","), ...rows, ...policy].join("\r\n")}\r\n`;
}

function summary(report: StatusReport): string {
  const counts = new Map<string, number>();
  for (const row of report.guests) for (const f of row.flags) counts.set(f, (counts.get(f) ?? 0) + 1);
  const found = report.guests.filter((g) => g.found).length;
  const parts = [...counts].map(([f, n]) => `${n} ${FLAG_LABELS[f]!(report)}`);
  return `${found} of ${report.guests.length} found${parts.length > 0 ? `; ${parts.join(", ")}` : ""}.`;
}

function stateOf(row: StatusRow): string {
  if (!row.externalUserState) return "no invitation state";
  return `${row.externalUserState}${row.externalUserStateChangeDateTime ? ` since ${dateOf(row.externalUserStateChangeDateTime)}` : ""}`;
}

function signInOf(row: StatusRow): string {
  if (row.lastSignIn === undefined) return "unreadable";
  return row.lastSignIn === null ? "never" : dateOf(row.lastSignIn);
}

function dateOf(timestamp: string | null | undefined): string {
  return typeof timestamp === "string" ? timestamp.slice(0, 10) : "unknown";
}

function listOf(items: readonly string[]): string {
  return items.length > 0 ? items.join(", ") : "none";
}
