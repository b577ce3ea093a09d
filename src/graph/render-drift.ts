// guestops drift as text, Markdown and JSON (the contract: undeclaredGuests, missingGuests, memberships).
import { markdown, markdownCode, terminal, json } from "../output/escape";
import type { Drift, MembershipDrift } from "./build-drift";
import { hasPolicyDrift, type TenantPolicyComparison } from "./build-tenant-policy-drift";
import { policyJson, renderPolicyMarkdown, renderPolicyText } from "./render-tenant-policy";

export const DRIFT_FORMATS = ["text", "markdown", "json"] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

export interface DriftReport extends Drift {
  stack: string;
  /** Every stack of the tenant that was compared. */
  stacks: string[];
  asOf: string;
  allGuests: boolean;
  /** The guardrails that differ, when a stack of the tenant declares tenantPolicy. */
  tenantPolicy?: TenantPolicyComparison;
}

const POLICY_TITLE = "Guardrails changed outside Git";

export function hasDrift(drift: Drift): boolean {
  return drift.undeclaredGuests.length > 0 || drift.missingGuests.length > 0 || drift.memberships.length > 0;
}

export function renderDrift(format: DriftFormat, report: DriftReport): string {
  if (format === "json") {
    const contract = {
      undeclaredGuests: report.undeclaredGuests.map(({ email, objectId }) => ({ email, objectId })),
      missingGuests: report.missingGuests,
      memberships: report.memberships,
      ...(report.tenantPolicy && { tenantPolicy: policyJson(report.tenantPolicy) }),
    };
    return `${json(contract)}\n`;
  }
  return format === "markdown" ? renderMarkdown(report) : renderText(report);
}

function scopeOf(report: DriftReport): string {
  return `${report.allGuests ? "all guests" : "guests with catalog access"}; stacks ${report.stacks.join(", ")}`;
}

function renderText(r: DriftReport): string {
  const lines = [`Drift between the tenant and Git for stack ${terminal(r.stack)}, as of ${r.asOf} (${terminal(scopeOf(r))})`];
  if (!hasDrift(r) && !hasPolicyDrift(r.tenantPolicy)) return `${[lines[0], ...(r.tenantPolicy?.notes ?? []).map((n) => `note: ${terminal(n)}`), "No drift."].join("\n")}\n`;
  if (r.undeclaredGuests.length > 0) {
    lines.push("", `Guests in the tenant, not in Git (${r.undeclaredGuests.length}):`);
    for (const g of r.undeclaredGuests) lines.push(`  + ${terminal(g.email)}  ${terminal(g.objectId)}`);
  }
  if (r.missingGuests.length > 0) {
    lines.push("", `Guests in Git, not in the tenant (${r.missingGuests.length}):`);
    for (const e of r.missingGuests) lines.push(`  - ${terminal(e)}`);
  }
  if (r.memberships.length > 0) {
    lines.push("", `Memberships and assignments changed outside Git (${r.memberships.length}):`);
    for (const m of r.memberships) lines.push(`  ${m.kind === "undeclared" ? "+" : "-"} ${terminal(m.email)}  ${terminal(targetOf(m))}  (${m.kind === "undeclared" ? "in the tenant, not in Git" : "in Git, not in the tenant"})`);
  }
  if (hasPolicyDrift(r.tenantPolicy)) lines.push(...renderPolicyText(r.tenantPolicy!, POLICY_TITLE));
  lines.push("", `${r.undeclaredGuests.length} undeclared guest(s), ${r.missingGuests.length} missing guest(s), ${r.memberships.length} membership difference(s)${policySummary(r)}.`);
  if (r.undeclaredGuests.length > 0) lines.push("To bring undeclared guests under management: guestops import --dry-run (see docs/tenant.md).");
  return `${lines.join("\n")}\n`;
}

function renderMarkdown(r: DriftReport): string {
  const lines = [`### Tenant drift: stack ${markdownCode(r.stack)}, as of ${r.asOf}`, "", `Compared: ${markdown(scopeOf(r))}.`, ""];
  if (!hasDrift(r) && !hasPolicyDrift(r.tenantPolicy)) return `${[...lines, ...(r.tenantPolicy?.notes ?? []).flatMap((n) => [`> **Note:** ${markdown(n)}`, ""])].join("\n")}No drift.\n`;
  if (hasDrift(r)) lines.push("| Change | Guest | Group or app | Object id |", "|---|---|---|---|");
  for (const g of r.undeclaredGuests) lines.push(`| guest not in Git | ${markdown(g.email)} | | ${markdownCode(g.objectId)} |`);
  for (const e of r.missingGuests) lines.push(`| guest not in tenant | ${markdown(e)} | | |`);
  for (const m of r.memberships) lines.push(`| ${m.kind === "undeclared" ? "added outside Git" : "removed outside Git"} | ${markdown(m.email)} | ${markdown(targetOf(m))} | |`);
  if (hasPolicyDrift(r.tenantPolicy)) lines.push(...renderPolicyMarkdown(r.tenantPolicy!, POLICY_TITLE));
  lines.push("", `${r.undeclaredGuests.length} undeclared guest(s), ${r.missingGuests.length} missing guest(s), ${r.memberships.length} membership difference(s)${policySummary(r)}.`, "");
  return lines.join("\n");
}

function policySummary(r: DriftReport): string {
  if (!r.tenantPolicy) return "";
  const differing = r.tenantPolicy.settings.filter((s) => s.state === "differs").length;
  return `, ${differing} guardrail difference(s), ${r.tenantPolicy.undeclaredPartners.length} undeclared partner configuration(s)`;
}

export function targetOf(m: Pick<MembershipDrift, "group" | "app" | "role">): string {
  return m.group !== undefined ? `group ${m.group}` : `app ${m.app}${m.role !== undefined ? ` role ${m.role}` : " (default access)"}`;
}
