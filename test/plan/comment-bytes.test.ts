// The PR comment is cut by bytes (head -c 65000 in guestops-pr-comment.yml), after the workflow has put
// a frame, the plan and the approval gate's table together. Each part's budget is in bytes, so with
// names of three bytes a character nothing reaches the cut: every grant row that the plan shows and
// the whole approval table arrive, and the banner counts exactly what the plan left out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkApprovals } from "../../src/approvals/check-approvals";
import { renderApprovalsMarkdown } from "../../src/approvals/render-approvals";
import { APPROVALS_MARKDOWN_BYTES, COMMENT_CUT_BYTES, COMMENT_FRAME_BYTES, PLAN_MARKDOWN_BYTES, utf8Bytes } from "../../src/output/comment-budget";
import type { Approval } from "../../src/plan/plan-types";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { emptyPlan, ERP, EXPENSES, membership, planGuest, withCounts } from "./plan-values";

const ROOT = join(__dirname, "..", "..");
const workflow = (name: string) => readFileSync(join(ROOT, ".github", "workflows", name), "utf8");
const RUN_URL = `https://github.com/contoso/${"guest-access-".repeat(8)}/actions/runs/12345678901`;

/** The comment as "Compose the comment" writes it, then what guestops-pr-comment.yml posts of it. */
function posted(plan: string, approvals: string): { body: string; cut: string } {
  const body = ["<!-- guestops-plan -->", "**A safety guard refused this plan.** The reason and the fix are below.", "", plan, "", approvals, "", `<sub>validate exit 0, plan exit 3, approvals exit 5 · [run](${RUN_URL})</sub>`].join("\n") + "\n";
  return { body, cut: Buffer.from(body, "utf8").subarray(0, COMMENT_CUT_BYTES).toString("utf8") };
}

describe("the PR comment's budgets", () => {
  it("match where the comment workflow cuts, and leave room for what it adds", () => {
    const cut = /head -c (\d+) comment\/body\.md/.exec(workflow("guestops-pr-comment.yml"));
    expect(cut, "guestops-pr-comment.yml cuts the comment with head -c").not.toBeNull();
    expect(Number(cut![1])).toBe(COMMENT_CUT_BYTES);
    expect(PLAN_MARKDOWN_BYTES + APPROVALS_MARKDOWN_BYTES + COMMENT_FRAME_BYTES).toBeLessThanOrEqual(COMMENT_CUT_BYTES);
    // What the compose step writes besides the two parts: every echo of it, and the run's URL twice.
    const pr = workflow("guestops-pr.yml");
    const step = pr.slice(pr.indexOf("- name: Compose the comment"), pr.indexOf("} > comment/body.md"));
    expect(step).toMatch(/cat comment\/plan\.md[\s\S]*cat comment\/approvals\.md/);
    const echoed = [...step.matchAll(/echo "([^"]*)"/g)].map((m) => m[1]!);
    expect(echoed.length).toBeGreaterThan(3);
    expect(echoed.reduce((n, e) => n + utf8Bytes(e) + 1, 0) + 2 * 400).toBeLessThanOrEqual(COMMENT_FRAME_BYTES);
  });

  it("are the figures the reviewer's guide gives", () => {
    const guide = readFileSync(join(ROOT, "docs", "reviewers.md"), "utf8").replace(/\s+/g, " ");
    const n = (x: number) => x.toLocaleString("en-US");
    expect(guide).toContain(`posts at most its first ${n(COMMENT_CUT_BYTES)} bytes`);
    expect(guide).toContain(`the plan's Markdown has ${n(PLAN_MARKDOWN_BYTES)} bytes of it, the approval gate's table after it ${n(APPROVALS_MARKDOWN_BYTES)} and the workflow's own lines ${n(COMMENT_FRAME_BYTES)}`);
  });
});

describe("a plan of CJK names at scale", () => {
  const N = 3_000;
  const guests = Array.from({ length: N }, (_, i) =>
    planGuest({
      email: `guest${String(i).padStart(4, "0")}@fabrikam.com`,
      partner: "ファブリカム株式会社",
      displayName: `山田 太郎 ${i}（ファブリカム株式会社 経理部）`,
      justification: "基幹システム移行プロジェクトの会計データ検証のため",
      granted: [ERP, EXPENSES],
      approvers: ["priya.natarajan@contoso.com", "olivia.chen@contoso.com"],
    }),
  );
  const approvals: Approval[] = [
    { for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com"], guests: guests.map((g) => g.key) },
    { for: "app:expenses/Submitter", anyOf: ["olivia.chen@contoso.com", "omar.haddad@contoso.com"], guests: guests.map((g) => g.key) },
    ...Array.from({ length: 20 }, (_, i): Approval => ({ for: `adopt:guest${String(i).padStart(4, "0")}@fabrikam.com`, anyOf: ["platform@contoso.com"], guests: [`guest${String(i).padStart(4, "0")}@fabrikam.com`] })),
  ];
  const plan = withCounts(emptyPlan({ guests, approvals, changes: guests.flatMap((g) => [membership(g.key)]) }));
  const check = checkApprovals(approvals, [], [{ email: "priya.natarajan@contoso.com", github: "priya-n" }], undefined);

  it("arrives whole: nothing is cut, every shown grant row and every approval row is in the comment", () => {
    const md = renderPlanMarkdown(plan);
    const gate = renderApprovalsMarkdown({ stack: "prod", base: "origin/main (3f2a9c1)", check });
    expect(utf8Bytes(md)).toBeLessThanOrEqual(PLAN_MARKDOWN_BYTES);
    expect(utf8Bytes(gate)).toBeLessThanOrEqual(APPROVALS_MARKDOWN_BYTES);
    const { body, cut } = posted(md, gate);
    expect(cut).toBe(body);
    // The gate's table, whole, after the plan.
    for (const a of approvals) expect(cut).toContain(`| ⏳ | \`${a.for}\` |`);
    expect(cut).not.toContain("approvals --format json");
    // The plan's own approvals section, whole.
    for (const a of approvals) expect(cut).toContain(`| \`${a.for}\` |`);
  });

  it("counts in its banner exactly the guests it leaves out", () => {
    const { cut } = posted(renderPlanMarkdown(plan), renderApprovalsMarkdown({ stack: "prod", base: "b", check }));
    const rows = cut.split("\n").filter((l) => /^\| `guest\d{4}@fabrikam\.com`<br>/.test(l)).length;
    const left = /this comment leaves out (\d+) guests with changes in the tenant/.exec(cut);
    expect(left, "the banner names the guests left out").not.toBeNull();
    expect(rows).toBeGreaterThan(50);
    expect(rows + Number(left![1])).toBe(N);
    expect(cut).toContain(`…and ${N - rows} more guests with changes in the tenant`);
  });

  it("an approval table too long for its part keeps every missing approval before any approved one, and counts the rest", () => {
    const many: Approval[] = Array.from({ length: 400 }, (_, i) => ({ for: `adopt:gast${i}@fabrikam.com`, anyOf: ["platform@contoso.com"], guests: [`gast${i}@fabrikam.com`] }));
    const people = [{ email: "platform@contoso.com", github: "platform-lead" }];
    const reviews = [{ host: "github" as const, login: "platform-lead", state: "approved" as const, at: "2026-11-20T10:00:00Z" }];
    const mixed = checkApprovals([...many, { for: "policy", anyOf: ["priya.natarajan@contoso.com"] }], reviews, [...people, { email: "priya.natarajan@contoso.com", github: "priya-n" }], undefined);
    const gate = renderApprovalsMarkdown({ stack: "prod", base: "b", check: mixed });
    expect(utf8Bytes(gate)).toBeLessThanOrEqual(APPROVALS_MARKDOWN_BYTES);
    expect(gate).toContain("| ⏳ | `policy` |");
    const shown = gate.split("\n").filter((l) => l.startsWith("| ✅ |")).length;
    expect(shown).toBeLessThan(400);
    expect(gate).toContain(`…and ${400 - shown} more, 0 of them still missing: run \`guestops approvals --format json\` for all of them.`);
  });
});
