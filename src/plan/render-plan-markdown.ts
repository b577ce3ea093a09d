// The plan as a PR comment: readable at a glance by requesters and by the owners whose approval a
// grant needs. Refusals and overrides are banners nobody can miss. Every value from a file or a commit
// goes through `markdown` or `markdownCode`. Pure: plan in, Markdown out.
import { count } from "../model/words";
import { PLAN_MARKDOWN_BYTES } from "../output/comment-budget";
import { markdown, markdownCode } from "../output/escape";
import { typeLabel } from "./diff-resources";
import {
  accountLine,
  actionWords,
  acts,
  approvalGuests,
  asOfLine,
  extendedLabel,
  grantLabel,
  guestSummaryLine,
  invitationParts,
  noApproverWords,
  overrideLine,
  ownersFileOf,
  ownersWords,
  stackOverrideLines,
  policyValue,
  resourceSummaryLine,
  sponsorWords,
  warningKind,
} from "./describe-plan";
import { cost, fitSections, type Section } from "./fit-markdown";
import type { GuestAction, Plan, PlanGuest, ResourceOp } from "./plan-types";

/** GitHub refuses a comment longer than this many characters. */
export const COMMENT_LIMIT = 65_536;
/** The plan's bytes of the PR comment; the approval gate's table and the workflow's frame have their own. */
export const MARKDOWN_BUDGET = PLAN_MARKDOWN_BYTES;
/** Beyond these, `guestops validate` lists the rest. */
const MAX_WARNINGS = 30;
/** A commit subject is shown, not trusted to be short. */
const MAX_SUBJECT = 200;

const ICON: Record<GuestAction, string> = { invite: "✉️", adopt: "🔗", move: "🔀", change: "✏️", renew: "🔁", review: "✅", shorten: "⏬", expire: "⏳", remove: "🚫", unchanged: "·" };
const OP_ICON: Record<ResourceOp, string> = { create: "➕", update: "🔄", replace: "♻️", delete: "➖" };
const GUEST_HEAD = ["| Guest | Action | Grants, each with the owners who approve it | Revokes | Sponsor | Expires |", "|---|---|---|---|---|---|"];

export function renderPlanMarkdown(plan: Plan, budget = MARKDOWN_BUDGET): string {
  const head: string[] = [];
  head.push(`### guestops plan for ${markdownCode(plan.stack)}: ${guestSummaryLine(plan)}${plan.refused !== null ? " — ⛔ refused" : ""}`, "");
  const accounts = accountLine(plan);
  const policy = plan.policyChanges.length > 0 ? ` **Policy:** ${count(plan.policyChanges.length, "change")}${plan.policyChanges.some((p) => p.loosens) ? ", ⚠️ **loosens**" : ""}.` : "";
  head.push(`**Resources:** ${resourceSummaryLine(plan)}${accounts ? `; ${accounts}` : ""}. ${count(plan.guestSummary.unchanged, "guest")} unchanged.${policy}`, "");
  head.push(`${baseMarkdown(plan)} → head: ${markdown(plan.head.label)}; ${asOfLine(plan)}.`, "");
  const override = overrideLine(plan);
  const overridden = [
    ...(override ? ["> [!WARNING]", `> **${markdown(override)}.** Deploying it removes that access; make sure this is intended.`, ""] : []),
    ...stackOverrideLines(plan).flatMap((line) => ["> [!WARNING]", `> **${markdown(line)}.** Their access stays in the tenant, and nothing expires it; make sure this is intended.`, ""]),
  ];

  // In the order the budget fills them: what must never be cut comes first.
  const refusals = refusalSection(plan);
  const policies = policySection(plan);
  const approvals = approvalSection(plan, budget / 4);
  const acting = guestSection(plan.guests.filter(acts), ["guest with changes in the tenant", "guests with changes in the tenant"], [], []);
  const notices = noticeSection(plan);
  const warnings = warningSection(plan);
  const notesOnly = plan.guests.filter((g) => !acts(g));
  const edits = { ...guestSection(notesOnly, ["guest with edits only", "guests with edits only"], ["<details>", `<summary>Edits with no effect in the tenant: ${count(notesOnly.length, "guest")}</summary>`, ""], ["", "</details>", ""]), informs: true };
  const resources = { ...resourceSection(plan), informs: true };
  const noGuests = plan.guests.length === 0 ? ["No guest is invited, changed, expired, removed or adopted.", ""] : [];
  const fitted = fitSections([refusals, policies, approvals, acting, notices, warnings, edits, resources], budget - cost(head) - cost(overridden) - cost(noGuests));

  const out = [...head, ...fitted.banner];
  out.push(...fitted.lines(refusals), ...overridden);
  for (const s of [policies, approvals, notices]) out.push(...fitted.lines(s));
  out.push(...noGuests);
  for (const s of [acting, warnings, edits, resources]) out.push(...fitted.lines(s));
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

function refusalSection(plan: Plan): Section {
  return {
    noun: ["refusal", "refusals"],
    open: ["> [!CAUTION]", "> **Refused: do not deploy this change as it stands.**"],
    items: plan.guards.refusals.map((r) => [`> - ${markdown(r.message)}`]),
    close: [""],
  };
}

function policySection(plan: Plan): Section {
  return {
    noun: ["policy change", "policy changes"],
    open: ["#### Policy changes", "", "Each needs a stack owner's approval, never that of owners the same change sets.", "", "| | File | Setting | Before | After | Approval from a stack owner |", "|---|---|---|---|---|---|"],
    items: plan.policyChanges.map((p) => [
      `| ${p.loosens ? "⚠️ **LOOSENS**" : "change"} | ${markdownCode(p.file)} | ${markdownCode(p.path)} | ${markdownCode(policyValue(p.before, p.beforeDefault))} | ${markdownCode(policyValue(p.after, p.afterDefault))} | ${p.approvers.length > 0 ? list(p.approvers) : `⚠️ no one can: ${markdown(noApproverWords({ for: "policy" }, ownersFileOf(plan)))}`} |`,
    ]),
    close: [""],
  };
}

/** Before the guests, as the rule they are judged by, but within `max`: 20,000 adoptions are 20,000 approvals. */
function approvalSection(plan: Plan, max: number): Section {
  return {
    max,
    noun: ["approval", "approvals"],
    open: ["#### Approvals needed", "", `The rule: ${plan.approvalRule}.`, "", "| For | Any one of | Guests |", "|---|---|---|"],
    items: plan.approvals.map((a) => [`| ${markdownCode(a.for)} | ${a.anyOf.length > 0 ? list(a.anyOf) : `⚠️ no one can: ${markdown(noApproverWords(a, ownersFileOf(plan)))}`}${a.fallback ? `<br><sub>if that is the change's author: any of ${markdown(ownersWords(a.fallback))}</sub>` : ""} | ${markdown(approvalGuests(a) ?? "—")} |`]),
    close: [""],
  };
}

function noticeSection(plan: Plan): Section {
  return { noun: ["note", "notes"], open: ["> [!NOTE]"], items: [...plan.notices, ...plan.guards.flagged].map((n) => [`> - ${markdown(n)}`]), close: [""] };
}

function warningSection(plan: Plan): Section {
  const shown = plan.warnings.slice(0, MAX_WARNINGS);
  const rest = plan.warnings.length - shown.length;
  return {
    noun: ["warning", "warnings"],
    open: ["#### Warnings", ""],
    items: shown.map((w) => [`- **${warningKind(w)}** ${markdownCode(`${w.file}:${w.line}`)} ${markdown(w.message)}`]),
    close: rest > 0 ? [`- …and ${rest} more: run \`guestops validate\``, ""] : [""],
  };
}

/** Guests grouped by partner, one table each; the first row of a partner carries its table's heading. */
function guestSection(guests: readonly PlanGuest[], noun: [string, string], open: string[], close: string[]): Section {
  let partner: string | undefined;
  const items = guests.map((g) => {
    const first = g.partner !== partner;
    partner = g.partner;
    return [...(first ? ["", `#### ${markdown(g.partner)}`, "", ...GUEST_HEAD] : []), guestRow(g)];
  });
  return { noun, open, items, close: [...close, ""] };
}

function guestRow(g: PlanGuest): string {
  const about = [`${markdownCode(g.email)}<br>${markdown(g.displayName)}`];
  if (acts(g)) about.push(`why: ${markdown(g.justification)}`);
  if (g.objectId !== undefined) about.push(`🔗 existing account ${markdownCode(g.objectId)}: approval from a stack owner`);
  const invitation = invitationParts(g.invitation);
  if (invitation.length > 0) about.push(`✉️ invitation: ${invitation.map((p) => `${p.key} ${p.key === "redirectUrl" ? markdownCode(p.value) : markdown(p.value)}`).join(", ")}`);
  about.push(...g.notes.map((n) => `<sub>${markdown(n)}</sub>`));
  const grants = [
    ...g.granted.map((x) => `${markdown(grantLabel(x))} <sub>(approval: ${markdown(ownersWords(x.owners))})</sub>`),
    ...g.extended.map((x) => `🔁 ${markdown(extendedLabel(g, x))} <sub>(approval: ${markdown(ownersWords(x.owners))})</sub>`),
  ];
  const moved = g.renewed ?? g.shortened;
  const expires = moved ? `${moved.from} → ${moved.to}` : g.expires;
  return `| ${about.join("<br>")} | ${ICON[g.action]} ${markdown(actionWords(g))} | ${grants.join("<br>") || "—"} | ${list(g.revoked.map(grantLabel))} | ${markdown(sponsorWords(g) ?? "—")} | ${markdown(expires)} |`;
}

function resourceSection(plan: Plan): Section {
  const items = plan.changes.map((c) => [`| ${OP_ICON[c.op]} ${c.op} | ${typeLabel(c.type)} | ${markdownCode(c.name)} | ${markdown(c.reason)} |`]);
  const head = plan.changes.length > 0 ? ["| Op | Type | Name | Why |", "|---|---|---|---|"] : [];
  if (plan.ignored.length > 0) {
    const names = plan.ignored.map((i) => `${markdownCode(i.name)} (${markdown(i.inputs.join(", "))})`);
    items.push(["", `Ignored by design (\`ignoreChanges\`, so nobody is re-invited): ${names.join(", ")}.`]);
  }
  return { noun: ["resource change", "resource changes"], open: ["<details>", `<summary>Resource changes: ${resourceSummaryLine(plan)}</summary>`, "", ...head], items, close: ["", "</details>", ""] };
}

function baseMarkdown(plan: Plan): string {
  const b = plan.base;
  if (b.empty) return `Base: ${markdown(b.label)} (no stack file there: nothing deployed yet)`;
  if (!b.commit) return `Base: ${markdown(b.label)}`;
  const ref = b.ref && b.ref !== b.short ? `${markdownCode(b.ref)} = ` : "";
  const subject = b.subject && b.subject.length > MAX_SUBJECT ? `${b.subject.slice(0, MAX_SUBJECT)}…` : b.subject;
  return `Base: ${ref}${markdownCode(b.short ?? b.commit)}${subject ? ` “${markdown(subject)}”` : ""}${b.date ? ` (${markdown(b.date.slice(0, 10))})` : ""}`;
}

function list(items: readonly string[]): string {
  return items.length > 0 ? items.map(markdown).join("<br>") : "—";
}

