// The plan for machines: JSON, a stable contract, and GitHub workflow annotations on the lines of the
// guests that change. Pure: plan in, text out.
import { actionWords, grantLabel, inert } from "./describe-plan";
import type { Plan, PlanGuest } from "./plan-types";

/**
 * The contract: `summary` {create, update, replace, delete}, `changes` [{op, type, name, ...}], `guests`,
 * `refused` (null or the reason). These keys come first and never change meaning; others may be added.
 */
export function renderPlanJson(plan: Plan): string {
  const { summary, changes, guests, refused, ...rest } = plan;
  return JSON.stringify({ summary, changes, guests, refused, ...rest }, null, 2) + "\n";
}

/** One annotation per changed guest, on its email's line in head; refusals as errors. */
export function renderPlanGithub(plan: Plan): string {
  const lines: string[] = [];
  const byKey = new Map(plan.guests.map((g) => [g.key, g]));
  for (const r of plan.guards.refusals) lines.push(annotation("error", "guestops plan refused", r.message, r.guest ? byKey.get(r.guest) : undefined));
  for (const r of plan.guards.overridden) lines.push(annotation("warning", "guestops plan: --allow-mass-removal", r.message));
  for (const g of plan.guests) {
    const level = g.account === "deleted" ? "error" : g.action === "remove" || g.action === "expire" ? "warning" : "notice";
    lines.push(annotation(level, `guestops plan: ${actionWords(g)}`, guestMessage(g), g));
  }
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

function guestMessage(g: PlanGuest): string {
  const parts = [`${g.email}: ${actionWords(g)}`];
  if (g.granted.length > 0) parts.push(`grants ${g.granted.map(grantLabel).join(", ")}`);
  if (g.revoked.length > 0) parts.push(`revokes ${g.revoked.map(grantLabel).join(", ")}`);
  if (g.approvers.length > 0) parts.push(`needs approval from ${g.approvers.join(", ")}`);
  parts.push(...g.notes);
  return parts.join("; ");
}

type Level = "error" | "warning" | "notice";

function annotation(level: Level, title: string, message: string, at?: PlanGuest): string {
  // A removed guest's line is in the base revision; in the PR's head it would point at another line.
  const props: Record<string, string | number> = {};
  if (at?.file) props.file = at.file;
  if (at?.file && at.locatedIn === "head" && at.line) Object.assign(props, { line: at.line, col: at.column ?? 1 });
  props.title = title;
  return workflowCommand(level, props, message);
}

/** A GitHub workflow command (`::error file=…,line=…::message`), escaped so that no value can end it early. */
export function workflowCommand(level: Level, props: Record<string, string | number>, message: string): string {
  const list = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${level} ${list.join(",")}::${escapeData(message)}`;
}

function escapeData(s: string): string {
  // Control characters from a display name must not reach the runner's log as terminal escapes.
  return inert(s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
