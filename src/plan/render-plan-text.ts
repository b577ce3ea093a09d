// The plan for a terminal: guests by partner, each grant with the owners whose approval it needs, then
// the resources. Colour only when asked (a TTY). Pure: plan in, text out.
import { count } from "../model/words";
import pc from "picocolors";
import type { Colors } from "picocolors/types";
import { typeLabel } from "./diff-resources";
import { ACCOUNT_DELETED, accountLine, asOfLine, baseLine, grantLabel, inert, guestSummaryLine, overrideLine, resourceSummaryLine, warningKind } from "./describe-plan";
import type { GuestAction, Plan, PlanGuest, ResourceOp } from "./plan-types";

/** Enough to read in a terminal; --format json has everything. */
const MAX_RESOURCE_LINES = 100;

const MARK: Record<GuestAction, string> = { invite: "+", adopt: ">", change: "~", expire: "-", remove: "-", unchanged: "·" };
const OP_MARK: Record<ResourceOp, string> = { create: "+", update: "~", replace: "±", delete: "-" };

export function renderPlanText(plan: Plan, color = false): string {
  // Explicit, not picocolors' own detection: the caller decided (TTY, NO_COLOR, FORCE_COLOR).
  const c = pc.createColors(color);
  const out: string[] = [];
  out.push(c.bold(`guestops plan: stack ${plan.stack}, ${asOfLine(plan)}`));
  out.push(`  base  ${inert(baseLine(plan))}`, `  head  ${plan.head.label}`, "");
  out.push(...refusalLines(plan, c));

  let partner: string | undefined;
  for (const g of plan.guests) {
    if (g.partner !== partner) {
      if (partner !== undefined) out.push("");
      partner = g.partner;
      out.push(c.bold(inert(partner)));
    }
    out.push(...guestLines(g, c));
  }
  if (plan.guests.length === 0) out.push("No guest is invited, changed, expired, removed or adopted.");
  out.push("");

  if (plan.warnings.length > 0) {
    out.push(c.bold("Warnings from validation"));
    for (const w of plan.warnings) out.push(`  ${c.yellow(`${warningKind(w)}:`)} ${c.dim(inert(`${w.file}:${w.line}:${w.column}`))} ${inert(w.message)}`);
    out.push("");
  }
  for (const n of [...plan.notices, ...plan.guards.flagged]) out.push(`${c.yellow("note:")} ${inert(n)}`);
  if (plan.notices.length + plan.guards.flagged.length > 0) out.push("");

  if (plan.changes.length > 0) {
    out.push(c.bold("Resources"));
    for (const ch of plan.changes.slice(0, MAX_RESOURCE_LINES)) {
      const mark = OP_MARK[ch.op];
      const paint = ch.op === "create" ? c.green : ch.op === "delete" ? c.red : c.yellow;
      out.push(`  ${paint(`${mark} ${ch.op.padEnd(7)}`)} ${typeLabel(ch.type).padEnd(17)} ${inert(ch.name)}  ${c.dim(inert(ch.reason))}`);
    }
    if (plan.changes.length > MAX_RESOURCE_LINES) out.push(c.dim(`  …and ${plan.changes.length - MAX_RESOURCE_LINES} more (--format json lists all)`));
    out.push("");
  }

  const accounts = accountLine(plan);
  out.push(`Plan: ${guestSummaryLine(plan)}; ${count(plan.guestSummary.unchanged, "guest")} unchanged.`);
  out.push(`Resources: ${resourceSummaryLine(plan)}${accounts ? `; ${accounts}` : ""}.`);
  if (plan.guards.refusals.length > 0) out.push(c.red(c.bold(`REFUSED (exit 3): ${count(plan.guards.refusals.length, "guard")} stopped this plan; see above.`)));
  return out.join("\n") + "\n";
}

function refusalLines(plan: Plan, c: Colors): string[] {
  const out: string[] = [];
  for (const r of plan.guards.refusals) out.push(c.red(c.bold("REFUSED: ")) + c.red(inert(r.message)));
  const override = overrideLine(plan);
  if (override) out.push(c.yellow(c.bold("WARNING: ")) + c.yellow(`${override}.`));
  if (out.length > 0) out.push("");
  return out;
}

function guestLines(g: PlanGuest, c: Colors): string[] {
  const paint = g.action === "invite" || g.action === "adopt" ? c.green : g.action === "change" ? c.yellow : g.action === "unchanged" ? c.dim : c.red;
  const leaving = g.action === "remove" || g.action === "expire" || g.account === "deleted";
  const accountWords = !leaving ? "" : g.account === "deleted" ? c.red(c.bold(ACCOUNT_DELETED)) : c.dim("account kept");
  const account = [...(g.lifecycle ?? []).map((w) => c.yellow(w)), accountWords].filter(Boolean).join(", ");
  const facts = c.dim(inert([g.sponsor && `sponsor ${g.sponsor}`, `${g.action === "expire" ? "expired" : "expires"} ${g.expires}`].filter(Boolean).join(", ")));
  const label = g.action === "unchanged" ? "edit" : g.action;
  const lines = [`  ${paint(`${MARK[g.action]} ${label.padEnd(7)}`)} ${inert(g.email)}  ${facts}${account ? `  ${account}` : ""}`];
  for (const grant of g.granted) lines.push(`      ${c.green("grant ")} ${inert(grantLabel(grant))}  ${c.dim(inert(`approval: ${grant.owners.join(", ") || "(no owners in the catalog)"}`))}`);
  for (const grant of g.revoked) lines.push(`      ${c.red("revoke")} ${inert(grantLabel(grant))}`);
  for (const note of g.notes) lines.push(`      ${c.dim(inert(`note   ${note}`))}`);
  return lines;
}
