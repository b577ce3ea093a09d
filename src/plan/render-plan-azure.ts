// The plan as Azure DevOps logging commands: refusals as errors, removals and account deletions as
// warnings on the guest's file and line, and each policy change that loosens as a warning on its file.
// Pure: plan in, text out, through the one Azure escaper.
import { azureCommand } from "../output/escape";
import { LIFTED_BY } from "./check-guards";
import { actionWords, grantLabel, noApproverWords, ownersFileOf, policyChangeWords } from "./describe-plan";
import type { Plan, PlanGuest } from "./plan-types";

function where(g: PlanGuest | undefined): Record<string, string | number> {
  // A removed guest's line is in the base revision; in the head it would point at another line.
  if (!g?.file) return {};
  return g.locatedIn === "head" && g.line ? { sourcepath: g.file, linenumber: g.line, columnnumber: g.column ?? 1 } : { sourcepath: g.file };
}

export function renderPlanAzure(plan: Plan): string {
  const byKey = new Map(plan.guests.map((g) => [g.key, g]));
  const lines: string[] = [];
  for (const r of plan.guards.refusals) lines.push(azureCommand("task.logissue", { type: "error", code: r.guard, ...where(r.guest ? byKey.get(r.guest) : undefined) }, `guestops plan refused: ${r.message}`));
  for (const r of plan.guards.overridden) lines.push(azureCommand("task.logissue", { type: "warning", code: r.guard }, `${LIFTED_BY[r.guard] ?? "overridden"}: ${r.message}`));
  // The summary's table has every policy change; the run's issues name the ones that widen what outsiders may do.
  for (const p of plan.policyChanges) {
    if (!p.loosens) continue;
    const approvers = p.approvers.length > 0 ? p.approvers.join(", ") : `no one can: ${noApproverWords({ for: "policy" }, ownersFileOf(plan))}`;
    lines.push(azureCommand("task.logissue", { type: "warning", code: "policyLoosens", sourcepath: p.file }, `policy change LOOSENS ${p.path}: ${policyChangeWords(p)}; approval from a stack owner: ${approvers}`));
  }
  for (const g of plan.guests) {
    if (g.account !== "deleted" && g.action !== "remove" && g.action !== "expire") continue;
    const revokes = g.revoked.length > 0 ? `; revokes ${g.revoked.map(grantLabel).join(", ")}` : "";
    lines.push(azureCommand("task.logissue", { type: "warning", code: g.action, ...where(g) }, `${g.email}: ${actionWords(g)}${revokes}`));
  }
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}
