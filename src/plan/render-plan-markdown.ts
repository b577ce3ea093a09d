// The plan as a PR comment: readable at a glance by requesters and by the owners whose approval a
// grant needs. Refusals and overrides are banners nobody can miss. Pure: plan in, Markdown out.
import { count } from "../model/words";
import { typeLabel } from "./diff-resources";
import { accountLine, actionWords, asOfLine, inert, grantLabel, guestSummaryLine, overrideLine, resourceSummaryLine, warningKind } from "./describe-plan";
import type { GuestAction, Plan, PlanGuest, ResourceOp } from "./plan-types";

/** A PR comment may hold 65,536 characters; beyond these rows the JSON output has the rest. */
const MAX_GUEST_ROWS = 200;
const MAX_RESOURCE_ROWS = 200;
const MAX_WARNINGS = 30;

const ICON: Record<GuestAction, string> = { invite: "✉️", adopt: "🔗", change: "✏️", expire: "⏳", remove: "🚫", unchanged: "·" };
const OP_ICON: Record<ResourceOp, string> = { create: "➕", update: "🔄", replace: "♻️", delete: "➖" };

export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [];
  out.push(`### guestops plan for \`${plan.stack}\`: ${guestSummaryLine(plan)}${plan.refused !== null ? " — ⛔ refused" : ""}`, "");
  const unchanged = plan.guestSummary.unchanged;
  const accounts = accountLine(plan);
  out.push(`**Resources:** ${resourceSummaryLine(plan)}${accounts ? `; ${accounts}` : ""}. ${count(unchanged, "guest")} unchanged.`, "");
  out.push(`${baseMarkdown(plan)} → head: ${plan.head.label}; ${asOfLine(plan)}.`, "");

  if (plan.guards.refusals.length > 0) {
    out.push("> [!CAUTION]", "> **Refused: do not deploy this change as it stands.**");
    for (const r of plan.guards.refusals) out.push(`> - ${cell(r.message)}`);
    out.push("");
  }
  const override = overrideLine(plan);
  if (override) out.push("> [!WARNING]", `> **${cell(override)}.** Deploying it removes that access; make sure this is intended.`, "");
  if (plan.guards.flagged.length > 0 || plan.notices.length > 0) {
    out.push("> [!NOTE]");
    for (const line of [...plan.notices, ...plan.guards.flagged]) out.push(`> - ${cell(line)}`);
    out.push("");
  }

  out.push(...guestTables(plan.guests));
  out.push(...warnings(plan));
  out.push(...resourceDetails(plan));
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

function guestTables(guests: readonly PlanGuest[]): string[] {
  if (guests.length === 0) return ["No guest is invited, changed, expired, removed or adopted.", ""];
  const out: string[] = [];
  const shown = guests.slice(0, MAX_GUEST_ROWS);
  let partner: string | undefined;
  for (const g of shown) {
    if (g.partner !== partner) {
      partner = g.partner;
      out.push("", `#### ${cell(partner)}`, "", "| Guest | Action | Grants | Revokes | Approval needed from | Sponsor | Expires |", "|---|---|---|---|---|---|---|");
    }
    const notes = g.notes.map((n) => `<br><sub>${cell(n)}</sub>`).join("");
    out.push(
      `| ${code(g.email)}${notes} | ${ICON[g.action]} ${cell(actionWords(g))} | ${list(g.granted.map(grantLabel))} | ${list(g.revoked.map(grantLabel))} | ${list(g.approvers)} | ${cell(g.sponsor ?? "—")} | ${g.expires} |`,
    );
  }
  if (guests.length > shown.length) out.push("", `…and ${guests.length - shown.length} more guests: run \`guestops plan --format json\` for all of them.`);
  out.push("");
  return out;
}

function warnings(plan: Plan): string[] {
  if (plan.warnings.length === 0) return [];
  const out = ["#### Warnings", ""];
  for (const w of plan.warnings.slice(0, MAX_WARNINGS)) out.push(`- **${warningKind(w)}** \`${w.file}:${w.line}\` ${cell(w.message)}`);
  if (plan.warnings.length > MAX_WARNINGS) out.push(`- …and ${plan.warnings.length - MAX_WARNINGS} more: run \`guestops validate\``);
  out.push("");
  return out;
}

function resourceDetails(plan: Plan): string[] {
  if (plan.changes.length === 0 && plan.ignored.length === 0) return [];
  const out = ["<details>", `<summary>Resource changes: ${resourceSummaryLine(plan)}</summary>`, ""];
  if (plan.changes.length > 0) {
    out.push("| Op | Type | Name | Why |", "|---|---|---|---|");
    for (const c of plan.changes.slice(0, MAX_RESOURCE_ROWS)) out.push(`| ${OP_ICON[c.op]} ${c.op} | ${typeLabel(c.type)} | ${code(c.name)} | ${cell(c.reason)} |`);
    if (plan.changes.length > MAX_RESOURCE_ROWS) out.push("", `…and ${plan.changes.length - MAX_RESOURCE_ROWS} more: see \`guestops plan --format json\`.`);
    out.push("");
  }
  if (plan.ignored.length > 0) {
    const names = plan.ignored.slice(0, MAX_RESOURCE_ROWS).map((i) => `${code(i.name)} (${i.inputs.join(", ")})`);
    out.push(`Ignored by design (\`ignoreChanges\`, so nobody is re-invited): ${names.join(", ")}${plan.ignored.length > MAX_RESOURCE_ROWS ? ", …" : ""}.`, "");
  }
  out.push("</details>", "");
  return out;
}

function baseMarkdown(plan: Plan): string {
  const b = plan.base;
  if (b.empty) return `Base: ${cell(b.label)} (no stack file there: nothing deployed yet)`;
  if (!b.commit) return `Base: ${cell(b.label)}`;
  const ref = b.ref && b.ref !== b.short ? `${code(b.ref)} = ` : "";
  return `Base: ${ref}${code(b.short ?? b.commit)}${b.subject ? ` “${cell(b.subject)}”` : ""}${b.date ? ` (${b.date.slice(0, 10)})` : ""}`;
}

function list(items: readonly string[]): string {
  return items.length > 0 ? items.map(cell).join("<br>") : "—";
}

/**
 * Safe inside a table cell: pipes, newlines and HTML from YAML must not break the table or inject markup,
 * brackets must not make links or tracking images, and "@team" must not notify anyone.
 */
export function cell(text: string): string {
  return inert(text.replace(/\r?\n/g, " "))
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[[\]]/g, (b) => `\\${b}`)
    .replace(/(^|[^\w])@/g, "$1&#64;");
}

function code(text: string): string {
  // A backtick in a value would end the code span early; such values are shown as plain escaped text.
  return /[`\r\n]/.test(text) ? cell(text) : `\`${inert(text).replace(/\|/g, "\\|")}\``;
}
