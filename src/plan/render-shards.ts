// The plan of a sharded tenant in each format: the moves between shards and the tenant's refusals first,
// then each shard's own plan as its renderer shows it. Values from files reach output only through
// their medium's escaper. Pure: plan in, text out.
import pc from "picocolors";
import { APP_ROLE_ASSIGNMENT, GROUP_MEMBER, GUEST_LIFECYCLE, INVITATION } from "../model/resource-types";
import { count } from "../model/words";
import { utf8Bytes } from "../output/comment-budget";
import { json, markdown, markdownCode, terminal, workflowCommand } from "../output/escape";
import { percent } from "./check-guards";
import type { ShardMove, TenantPlan } from "./plan-shards";
import { renderPlanGithub, renderPlanJson } from "./render-plan-machine";
import { MARKDOWN_BUDGET, renderPlanMarkdown } from "./render-plan-markdown";
import { renderPlanText } from "./render-plan-text";

/**
 * `tenant`, `refused`, `removal` (over every shard), `moves` [{guest, from, to, resources [{type, name, urn}]}],
 * `approvals` (what `guestops approvals --tenant` checks: every shown shard's, one entry per `for`), then
 * `shards`: each a plan as `--format json` of one stack.
 */
export function renderShardsJson(plan: TenantPlan): string {
  const { tenant, refused, removal, moves, refusals, overridden, approvals } = plan;
  const shards = plan.plans.map((p) => JSON.parse(renderPlanJson(p)) as unknown);
  return json({ tenant, refused, removal, moves, refusals, overridden, approvals, shards }) + "\n";
}

export function renderShardsText(plan: TenantPlan, color = false): string {
  const c = color ? pc : pc.createColors(false);
  const names = plan.plans.map((p) => p.stack).join(", ");
  const out = [c.bold(terminal(`Tenant ${plan.tenant}: ${count(plan.plans.length, "shard")} planned (${names}); ${count(plan.moves.length, "move")} between shards`))];
  out.push(terminal(removalWords(plan)));
  out.push(terminal(approvalWords(plan)));
  for (const m of plan.moves) out.push(`  ${c.yellow("»")} ${terminal(m.email)}  ${terminal(`${m.from} → ${m.to}`)}  ${c.dim(terminal(moveWords(m)))}`);
  for (const r of plan.tenantRefusals) out.push(c.red(`REFUSED (tenant): ${terminal(r.message)}`));
  out.push("");
  return out.join("\n") + "\n" + plan.plans.map((p) => renderPlanText(p, color)).join("\n");
}

/** Moves listed in the comment; the JSON lists all. */
const MAX_MOVE_ROWS = 50;

/** Within one PR comment: the tenant's part first, then each shard's plan fitted into an equal share of what is left. */
export function renderShardsMarkdown(plan: TenantPlan, budget = MARKDOWN_BUDGET): string {
  const out = [`## guestops plan for tenant ${markdownCode(plan.tenant)}: ${count(plan.plans.length, "shard")}, ${count(plan.moves.length, "move")} between shards${plan.refused !== null ? " — ⛔ refused" : ""}`, ""];
  out.push(markdown(removalWords(plan)), "", markdown(approvalWords(plan)), "");
  for (const r of plan.tenantRefusals) out.push(`> [!CAUTION]`, `> **Refused for the whole tenant:** ${markdown(r.message)}`, "");
  if (plan.moves.length > 0) {
    out.push("| 🔀 Guest | From shard | To shard | Resources handed over by `pulumi state move` |", "|---|---|---|---|");
    for (const m of plan.moves.slice(0, MAX_MOVE_ROWS)) out.push(`| ${markdownCode(m.email)} | ${markdownCode(m.from)} | ${markdownCode(m.to)} | ${markdown(moveWords(m))} |`);
    if (plan.moves.length > MAX_MOVE_ROWS) out.push("", `…and ${count(plan.moves.length - MAX_MOVE_ROWS, "more move")}; \`guestops plan --format json\` lists every one.`);
    out.push("");
  }
  const head = out.join("\n") + "\n";
  const share = Math.floor((budget - utf8Bytes(head)) / Math.max(1, plan.plans.length)) - 1;
  return head + plan.plans.map((p) => renderPlanMarkdown(p, share)).join("\n");
}

export function renderShardsGithub(plan: TenantPlan): string {
  const own = plan.tenantRefusals.map((r) => workflowCommand("error", { title: "guestops plan refused (tenant)" }, r.message));
  const shards = plan.plans.map((p) => renderPlanGithub({ ...p, guards: { ...p.guards, refusals: p.guards.refusals.filter((r) => !plan.tenantRefusals.includes(r)) } }));
  return [...own.map((l) => `${l}\n`), ...shards].join("");
}

function removalWords(plan: TenantPlan): string {
  const r = plan.removal;
  return `Over the whole tenant: ${r.guests.removed} of ${r.guests.managed} managed guests removed (${percent(r.guests.share)}), ${r.grants.deleted} of ${r.grants.total} memberships and app role assignments deleted or replaced (${percent(r.grants.share)}); policy.maxRemovalShare ${percent(r.limit)}. Moves between shards count as neither.`;
}

/** Targets named in the tenant's line; the shards' sections and the JSON list every one. */
const MAX_APPROVAL_NAMES = 10;

/** The tenant's approvals in one line: what `guestops approvals` checks for this plan. */
function approvalWords(plan: TenantPlan): string {
  const n = plan.approvals.length;
  if (n === 0) return "Approvals the gate checks over the tenant: none.";
  const names = plan.approvals.slice(0, MAX_APPROVAL_NAMES).map((a) => a.for).join(", ");
  const more = n > MAX_APPROVAL_NAMES ? ` and ${n - MAX_APPROVAL_NAMES} more` : "";
  return `Approvals the gate checks over the tenant: ${n} (${names}${more}); each shard's plan below names who may give them.`;
}

function moveWords(m: ShardMove): string {
  const has = (type: string) => m.resources.some((r) => r.type === type);
  const grants = m.resources.filter((r) => r.type === GROUP_MEMBER || r.type === APP_ROLE_ASSIGNMENT).length;
  const parts = [...(has(INVITATION) ? ["its invitation"] : []), ...(has(GUEST_LIFECYCLE) ? ["its GuestLifecycle"] : []), count(grants, "grant")];
  const what = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0];
  return `${what} leave stack ${m.from}'s state for ${m.to}'s; nothing is invited again or deleted`;
}
