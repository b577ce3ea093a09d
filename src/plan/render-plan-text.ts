// The plan for a terminal: policy changes first, then guests by partner, each grant with the owners
// whose approval it needs, the approvals as a whole, then the resources. Colour only when asked (a TTY).
// Every value from a file or a commit goes through `terminal`. Pure: plan in, text out.
import pc from "picocolors";
import type { Colors } from "picocolors/types";
import { count, quote } from "../model/words";
import { terminal } from "../output/escape";
import { typeLabel } from "./diff-resources";
import {
  ACCOUNT_DELETED,
  accountLine,
  acts,
  approvalGuests,
  approvalWords,
  asOfLine,
  baseLine,
  extendedLabel,
  grantLabel,
  guestSummaryLine,
  invitationParts,
  overrideLine,
  noApproverWords,
  ownersFileOf,
  ownersWords,
  policyChangeWords,
  stackOverrideLines,
  resourceSummaryLine,
  sponsorWords,
  warningKind,
} from "./describe-plan";
import type { GuestAction, Plan, PlanGuest, ResourceOp } from "./plan-types";

/** Enough to read in a terminal; --format json has everything. */
const MAX_RESOURCE_LINES = 100;

const MARK: Record<GuestAction, string> = { invite: "+", adopt: ">", move: "»", change: "~", renew: "↻", review: "✓", shorten: "↓", expire: "-", remove: "-", unchanged: "·" };
const OP_MARK: Record<ResourceOp, string> = { create: "+", update: "~", replace: "±", delete: "-" };

export function renderPlanText(plan: Plan, color = false): string {
  // Explicit, not picocolors' own detection: the caller decided (TTY, NO_COLOR, FORCE_COLOR).
  const c = pc.createColors(color);
  const out: string[] = [];
  out.push(c.bold(`guestops plan: stack ${terminal(plan.stack)}, ${asOfLine(plan)}`));
  out.push(`  base  ${terminal(baseLine(plan))}`, `  head  ${terminal(plan.head.label)}`, "");
  out.push(...refusalLines(plan, c));
  out.push(...policyLines(plan, c));

  let partner: string | undefined;
  for (const g of plan.guests) {
    if (g.partner !== partner) {
      if (partner !== undefined) out.push("");
      partner = g.partner;
      out.push(c.bold(terminal(partner)));
    }
    out.push(...guestLines(g, c));
  }
  if (plan.guests.length === 0) out.push("No guest is invited, changed, expired, removed or adopted.");
  out.push("");
  out.push(...approvalLines(plan, c));

  if (plan.warnings.length > 0) {
    out.push(c.bold("Warnings from validation"));
    for (const w of plan.warnings) out.push(`  ${c.yellow(`${warningKind(w)}:`)} ${c.dim(terminal(`${w.file}:${w.line}:${w.column}`))} ${terminal(w.message)}`);
    out.push("");
  }
  for (const n of [...plan.notices, ...plan.guards.flagged]) out.push(`${c.yellow("note:")} ${terminal(n)}`);
  if (plan.notices.length + plan.guards.flagged.length > 0) out.push("");

  if (plan.changes.length > 0) {
    out.push(c.bold("Resources"));
    for (const ch of plan.changes.slice(0, MAX_RESOURCE_LINES)) {
      const mark = OP_MARK[ch.op];
      const paint = ch.op === "create" ? c.green : ch.op === "delete" ? c.red : c.yellow;
      out.push(`  ${paint(`${mark} ${ch.op.padEnd(7)}`)} ${typeLabel(ch.type).padEnd(17)} ${terminal(ch.name)}  ${c.dim(terminal(ch.reason))}`);
    }
    if (plan.changes.length > MAX_RESOURCE_LINES) out.push(c.dim(`  …and ${plan.changes.length - MAX_RESOURCE_LINES} more (--format json lists all)`));
    out.push("");
  }

  const accounts = accountLine(plan);
  out.push(`Plan: ${guestSummaryLine(plan)}; ${count(plan.guestSummary.unchanged, "guest")} unchanged.`);
  out.push(`Resources: ${resourceSummaryLine(plan)}${accounts ? `; ${accounts}` : ""}.`);
  if (plan.policyChanges.length > 0) {
    const loosening = plan.policyChanges.filter((p) => p.loosens).length;
    out.push(`Policy: ${count(plan.policyChanges.length, "change")}${loosening > 0 ? `, ${c.red(c.bold(`${loosening} LOOSENS`))}` : ""}; a stack owner must approve.`);
  }
  if (plan.guards.refusals.length > 0) out.push(c.red(c.bold(`REFUSED (exit 3): ${count(plan.guards.refusals.length, "guard")} stopped this plan; see above.`)));
  return out.join("\n") + "\n";
}

function refusalLines(plan: Plan, c: Colors): string[] {
  const out: string[] = [];
  for (const r of plan.guards.refusals) out.push(c.red(c.bold("REFUSED: ")) + c.red(terminal(r.message)));
  const override = overrideLine(plan);
  if (override) out.push(c.yellow(c.bold("WARNING: ")) + c.yellow(`${override}.`));
  for (const line of stackOverrideLines(plan)) out.push(c.yellow(c.bold("WARNING: ")) + c.yellow(`${terminal(line)}; their access stays in the tenant, and nothing expires it.`));
  if (out.length > 0) out.push("");
  return out;
}

/** Changes to what the stack allows: before the guests, since they change what every later plan does. */
function policyLines(plan: Plan, c: Colors): string[] {
  if (plan.policyChanges.length === 0) return [];
  const out = [c.bold("Policy changes (each needs a stack owner's approval)")];
  for (const p of plan.policyChanges) {
    const mark = p.loosens ? c.red(c.bold("! LOOSENS")) : c.yellow("~ change ");
    out.push(`  ${mark} ${terminal(p.file)} ${terminal(p.path)}: ${terminal(policyChangeWords(p))}`);
    out.push(`      ${c.dim(terminal(`approval: ${p.approvers.length > 0 ? p.approvers.join(", ") : `no one can: ${noApproverWords({ for: "policy" }, ownersFileOf(plan))}`}`))}`);
  }
  out.push("");
  return out;
}

function approvalLines(plan: Plan, c: Colors): string[] {
  if (plan.approvals.length === 0) return [];
  const out = [c.bold("Approvals needed"), `  Rule: ${plan.approvalRule}.`];
  for (const a of plan.approvals) {
    const guests = approvalGuests(a);
    out.push(`  ${terminal(a.for)}: ${terminal(approvalWords(a, ownersFileOf(plan)))}${guests ? c.dim(`  (${terminal(guests)})`) : ""}`);
  }
  out.push("");
  return out;
}

function guestLines(g: PlanGuest, c: Colors): string[] {
  const paint = g.action === "invite" || g.action === "adopt" ? c.green : g.action === "change" || g.action === "move" ? c.yellow : g.action === "unchanged" ? c.dim : c.red;
  const leaving = g.action === "remove" || g.action === "expire" || g.account === "deleted";
  const accountWords = !leaving ? "" : g.account === "deleted" ? c.red(c.bold(ACCOUNT_DELETED)) : c.dim("account kept");
  const account = [...(g.lifecycle ?? []).map((w) => c.yellow(terminal(w))), accountWords].filter(Boolean).join(", ");
  const sponsor = sponsorWords(g);
  const moved = g.renewed ?? g.shortened;
  const ends = moved ? `expires ${moved.from} → ${moved.to}` : `${g.action === "expire" ? "expired" : "expires"} ${g.expires}`;
  const facts = c.dim(terminal([sponsor && `sponsor ${sponsor}`, ends].filter(Boolean).join(", ")));
  const label = g.action === "unchanged" ? "edit" : g.action;
  const lines = [`  ${paint(`${MARK[g.action]} ${label.padEnd(7)}`)} ${terminal(g.email)} ${terminal(quote(g.displayName))}  ${facts}${account ? `  ${account}` : ""}`];
  if (acts(g)) lines.push(`      ${c.dim("why   ")} ${terminal(g.justification)}`);
  if (g.objectId !== undefined) lines.push(`      ${c.yellow("adopt ")} existing account ${terminal(g.objectId)}  ${c.dim("approval: a stack owner")}`);
  for (const grant of g.granted) lines.push(`      ${c.green("grant ")} ${terminal(grantLabel(grant))}  ${c.dim(terminal(`approval: ${ownersWords(grant.owners)}`))}`);
  for (const grant of g.extended) lines.push(`      ${c.green("extend")} ${terminal(extendedLabel(g, grant))}  ${c.dim(terminal(`approval: ${ownersWords(grant.owners)}`))}`);
  for (const grant of g.revoked) lines.push(`      ${c.red("revoke")} ${terminal(grantLabel(grant))}`);
  const invitation = invitationParts(g.invitation);
  if (invitation.length > 0) lines.push(`      ${c.yellow("invitation")} ${terminal(invitation.map((p) => `${p.key} ${p.value}`).join(", "))}`);
  for (const note of g.notes) lines.push(`      ${c.dim(terminal(`note   ${note}`))}`);
  return lines;
}
