// The plan for machines: JSON, a stable contract, and GitHub workflow annotations on the lines of the
// guests that change and on the files whose policy changes. Pure: plan in, text out.
import { quote } from "../model/words";
import { json, workflowCommand, type WorkflowLevel } from "../output/escape";
import { LIFTED_BY } from "./check-guards";
import { actionWords, approvalWords, extendedLabel, grantLabel, invitationParts, noApproverWords, ownersFileOf, ownersWords, policyChangeWords } from "./describe-plan";
import type { Plan, PlanGuest, PolicyChange } from "./plan-types";

/**
 * The contract: `summary` {create, update, replace, delete}, `changes` [{op, type, name, ...}], `guests`,
 * `refused` (null or the reason), then `policyChanges` [{file, path, before, after, loosens, approvers}]
 * and `approvals` [{for, anyOf, guests?}]. These keys come first and never change meaning; others may be
 * added after them. Hidden characters and runner-command prefixes in values are written as \u escapes.
 */
export function renderPlanJson(plan: Plan): string {
  const { summary, changes, guests, refused, policyChanges, approvals, ...rest } = plan;
  return json({ summary, changes, guests, refused, policyChanges, approvals, ...rest }) + "\n";
}

/** An annotation is one line in the log; the JSON has every approval. */
const MAX_APPROVALS = 20;

/** One annotation per changed guest, on its email's line in head; policy changes on their file; refusals as errors; notes as notices. */
export function renderPlanGithub(plan: Plan): string {
  const lines: string[] = [];
  const byKey = new Map(plan.guests.map((g) => [g.key, g]));
  for (const r of plan.guards.refusals) lines.push(annotation("error", "guestops plan refused", r.message, r.guest ? byKey.get(r.guest) : undefined));
  for (const r of plan.guards.overridden) lines.push(annotation("warning", `guestops plan: ${LIFTED_BY[r.guard] ?? "overridden"}`, r.message));
  for (const p of plan.policyChanges) lines.push(policyAnnotation(p, ownersFileOf(plan)));
  // plan --online: invitations the tenant's live settings refuse, on the guest's line.
  for (const w of plan.warnings.filter(isPreflight)) lines.push(workflowCommand("warning", { file: w.file, line: w.line, col: w.column, title: "guestops plan: refused by the tenant" }, w.message));
  // Facts about the change as a whole (a deploy record passed over, a migration, a judged day): a
  // deploy log shows them where its reader looks.
  for (const n of [...plan.notices, ...plan.guards.flagged]) lines.push(annotation("notice", "guestops plan: note", n));
  if (plan.approvals.length > 0) {
    const list = plan.approvals.slice(0, MAX_APPROVALS).map((a) => `${a.for}: ${approvalWords(a, ownersFileOf(plan))}`);
    if (plan.approvals.length > MAX_APPROVALS) list.push(`and ${plan.approvals.length - MAX_APPROVALS} more (--format json lists all)`);
    lines.push(annotation("notice", "guestops plan: approvals needed", `${plan.approvalRule}. ${list.join("; ")}`));
  }
  for (const g of plan.guests) {
    const level = g.account === "deleted" ? "error" : g.action === "remove" || g.action === "expire" ? "warning" : "notice";
    lines.push(annotation(level, `guestops plan: ${actionWords(g)}`, guestMessage(g), g));
  }
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

function guestMessage(g: PlanGuest): string {
  const parts = [`${g.email} ${quote(g.displayName)}: ${actionWords(g)}`];
  if (g.action !== "unchanged") parts.push(`why: ${g.justification}`);
  if (g.objectId !== undefined) parts.push(`existing account ${g.objectId} (approval: a stack owner)`);
  if (g.granted.length > 0) parts.push(`grants ${g.granted.map((x) => `${grantLabel(x)} (approval: ${ownersWords(x.owners)})`).join(", ")}`);
  if (g.extended.length > 0) parts.push(`extends ${g.extended.map((x) => `${extendedLabel(g, x)} (approval: ${ownersWords(x.owners)})`).join(", ")}`);
  if (g.revoked.length > 0) parts.push(`revokes ${g.revoked.map(grantLabel).join(", ")}`);
  const invitation = invitationParts(g.invitation);
  if (invitation.length > 0) parts.push(`invitation ${invitation.map((p) => `${p.key} ${p.value}`).join(", ")}`);
  parts.push(...g.notes);
  return parts.join("; ");
}

function policyAnnotation(p: PolicyChange, ownersFile: string): string {
  const title = p.loosens ? "guestops plan: policy change LOOSENS" : "guestops plan: policy change";
  const approvers = p.approvers.length > 0 ? p.approvers.join(", ") : `no one can: ${noApproverWords({ for: "policy" }, ownersFile)}`;
  const message = `${p.path}: ${policyChangeWords(p)}; needs approval from a stack owner: ${approvers}`;
  return workflowCommand(p.loosens ? "warning" : "notice", { file: p.file, title }, message);
}

/** A warning of plan --online's preflight, as opposed to a validation warning, which the Markdown summary lists. */
export function isPreflight(w: { rule: string }): boolean {
  return w.rule.startsWith("tenantRefuses");
}

function annotation(level: WorkflowLevel, title: string, message: string, at?: PlanGuest): string {
  // A removed guest's line is in the base revision; in the PR's head it would point at another line.
  const props: Record<string, string | number> = {};
  if (at?.file) props.file = at.file;
  if (at?.file && at.locatedIn === "head" && at.line) Object.assign(props, { line: at.line, col: at.column ?? 1 });
  props.title = title;
  return workflowCommand(level, props, message);
}
