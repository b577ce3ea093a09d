// The approval gate's answer as text, Markdown, JSON, GitHub workflow commands or Azure DevOps logging
// commands. Pure: the check in, text out; every value from a file passes through src/output/escape.ts.
import { APPROVALS_MARKDOWN_BYTES, utf8Bytes } from "../output/comment-budget";
import { azureCommand, markdown, markdownCode, terminal, workflowCommand, json } from "../output/escape";
import { approvalGuests, noApproverWords } from "../plan/describe-plan";
import type { ApprovalCheck, ApprovalResult, ReviewerStanding } from "./check-approvals";

export const APPROVALS_FORMATS = ["text", "markdown", "json", "github", "azure"] as const;
export type ApprovalsFormat = (typeof APPROVALS_FORMATS)[number];

export interface ApprovalsReport {
  /** The stack, or the one shard of `tenant` asked for. */
  stack?: string;
  /** Set when the gate checked a tenant's shards: the approvals of its plan, every shard's in one list. */
  tenant?: string;
  base: string;
  /** The pull request's head commit (--head), against which each review's commit is compared. */
  head?: string;
  check: ApprovalCheck;
}

/** Why a reviewer's approval does not count, in words: the fix included where there is one. */
function ignoredWords(rv: ReviewerStanding, head: string | undefined): string {
  const on = rv.commit === undefined ? "" : rv.commit.slice(0, 12);
  switch (rv.ignored) {
    case "bot":
      return "a bot's review never counts as an approval";
    case "author":
      return "they opened the change";
    case "stale":
      return `it was given on commit ${on}, and the pull request's head is now ${(head ?? "").slice(0, 12)}: an approval counts for the commit it was given on, so they must approve again`;
    case "unchecked-commit":
      return `it was given on commit ${on}, and without --head SHA the gate cannot tell whether that is the pull request's head; pass --head with the head commit`;
    default:
      return "their login is not in people.yaml";
  }
}

/** Who may still approve, and why some owners cannot: the line a reviewer reads. */
function missingWords(r: ApprovalResult, esc: (s: string) => string, ownersFile: string): string {
  const can = (r.fallback ?? r.approval.anyOf.map((a) => a.toLowerCase())).filter((a) => !r.unmapped.includes(a) && !r.author.includes(a));
  const parts = [can.length > 0 ? `needs an approval from ${can.length > 1 ? "one of " : ""}${can.map(esc).join(", ")}` : "no one can approve it"];
  if (r.fallback) parts.push(`${r.approval.anyOf.map(esc).join(", ")} opened the change, so a stack owner approves instead`);
  if (r.approval.anyOf.length === 0) parts.push(noApproverWords(r.approval, ownersFile));
  if (r.unmapped.length > 0) parts.push(`no login in people.yaml for ${r.unmapped.map(esc).join(", ")}`);
  if (r.author.length > 0 && !r.fallback) parts.push(`${r.author.map(esc).join(", ")} opened the change and cannot approve it`);
  return parts.join("; ");
}

/** The gate knows no policy changes' files: the stack's own file, which for a shard is its tenant's. */
function ownersFileOf(report: ApprovalsReport): string {
  return `stacks/${report.stack}.yaml (for a shard, its tenant file)`;
}

function headline(report: ApprovalsReport): string {
  const missing = report.check.results.filter((r) => !r.satisfied).length;
  const total = report.check.results.length;
  const scope = report.tenant === undefined ? `stack ${report.stack ?? ""}` : report.stack === undefined ? `tenant ${report.tenant}` : `shard ${report.stack} of tenant ${report.tenant}`;
  if (total === 0) return `approvals: the change needs no approval (${scope})`;
  return missing === 0 ? `approvals: all ${total} approved (${scope})` : `approvals: ${missing} of ${total} still missing (${scope})`;
}

export function renderApprovalsText(report: ApprovalsReport): string {
  const lines = [terminal(headline(report))];
  for (const r of report.check.results) {
    const what = terminal(r.approval.for) + (r.approval.guests?.length ? ` (${r.approval.guests.map(terminal).join(", ")})` : "");
    lines.push(r.satisfied ? `  ok       ${what}: approved by ${r.approvedBy.map(terminal).join(", ")}` : `  missing  ${what}: ${missingWords(r, terminal, ownersFileOf(report))}`);
  }
  for (const rv of report.check.reviewers.filter((x) => x.ignored && x.state === "approved")) {
    lines.push(`  note: the approval of ${terminal(rv.login)} does not count: ${ignoredWords(rv, report.head)}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The gate's table, within its bytes of the PR comment (src/output/comment-budget.ts), which follow the
 * plan's: the comment workflow cuts what is longer, and this table came last. Each row names its first
 * guests only, as the plan does; a row that is still missing is shown before any approved one.
 */
export function renderApprovalsMarkdown(report: ApprovalsReport, budget = APPROVALS_MARKDOWN_BYTES): string {
  const head = [`### guestops ${markdown(headline(report))}`, ""];
  const ignored = report.check.reviewers
    .filter((x) => x.ignored && x.state === "approved")
    .map((rv) => `- The approval of ${markdownCode(rv.login)} does not count: ${markdown(ignoredWords(rv, report.head))}.`);
  const results = report.check.results;
  if (results.length === 0) return [...head, ...ignored].join("\n") + "\n";
  const table = ["| | For | Guests | Approval |", "|---|---|---|---|"];
  const rows = results.map((r) => `| ${r.satisfied ? "✅" : "⏳"} | ${markdownCode(r.approval.for)} | ${markdown(approvalGuests(r.approval) ?? "")} | ${r.satisfied ? `approved by ${r.approvedBy.map(markdown).join(", ")}` : markdown(missingWords(r, (s) => s, ownersFileOf(report)))} |`);
  // Room for the rows: the budget less everything else, and less the line that counts the rows left out.
  let room = budget - bytesOf([...head, ...table, "", ...ignored]) - MORE_LINE_BYTES;
  const shown = new Set<number>();
  for (const missing of [true, false]) {
    results.forEach((r, i) => {
      const c = utf8Bytes(rows[i]!) + 1;
      if (r.satisfied === missing || c > room) return;
      room -= c;
      shown.add(i);
    });
  }
  const left = results.filter((_, i) => !shown.has(i));
  const more = left.length === 0 ? [] : [`…and ${left.length} more, ${left.filter((r) => !r.satisfied).length} of them still missing: run \`guestops approvals --format json\` for all of them.`, ""];
  return [...head, ...table, ...rows.filter((_, i) => shown.has(i)), "", ...more, ...ignored].join("\n") + "\n";
}

/** Room kept for the "…and N more" line. */
const MORE_LINE_BYTES = 200;

function bytesOf(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + utf8Bytes(l) + 1, 0);
}

export function renderApprovalsJson(report: ApprovalsReport): string {
  const { check } = report;
  const approvals = check.results.map((r) => ({ ...r.approval, satisfied: r.satisfied, approvedBy: r.approvedBy, unmapped: r.unmapped, author: r.author }));
  const scope = { ...(report.tenant !== undefined && { tenant: report.tenant }), ...(report.stack !== undefined && { stack: report.stack }) };
  return json({ ok: check.ok, ...scope, base: report.base, approvals, reviewers: check.reviewers }) + "\n";
}

export function renderApprovalsGithub(report: ApprovalsReport): string {
  const lines = report.check.results.filter((r) => !r.satisfied).map((r) => workflowCommand("error", { title: `guestops approvals: ${r.approval.for}` }, `${r.approval.for}: ${missingWords(r, (s) => s, ownersFileOf(report))}`));
  return [...lines, renderApprovalsText(report).trimEnd()].join("\n") + "\n";
}

export function renderApprovalsAzure(report: ApprovalsReport): string {
  const lines = report.check.results.filter((r) => !r.satisfied).map((r) => azureCommand("task.logissue", { type: "error" }, `${r.approval.for}: ${missingWords(r, (s) => s, ownersFileOf(report))}`));
  return [...lines, renderApprovalsText(report).trimEnd()].join("\n") + "\n";
}

export function renderApprovals(format: ApprovalsFormat, report: ApprovalsReport): string {
  switch (format) {
    case "json":
      return renderApprovalsJson(report);
    case "markdown":
      return renderApprovalsMarkdown(report);
    case "github":
      return renderApprovalsGithub(report);
    case "azure":
      return renderApprovalsAzure(report);
    default:
      return renderApprovalsText(report);
  }
}
