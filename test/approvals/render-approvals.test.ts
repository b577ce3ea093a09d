// The approval gate's output: who may still approve and why others cannot, in every format, with values
// from files passed through the escaper of each medium.
import { describe, expect, it } from "vitest";
import { checkApprovals } from "../../src/approvals/check-approvals";
import { renderApprovals, type ApprovalsReport } from "../../src/approvals/render-approvals";
import type { Review } from "../../src/approvals/parse-reviews";
import type { Approval } from "../../src/plan/plan-types";

const people = [
  { email: "olivia.chen@contoso.com", github: "ochen" },
  { email: "priya.natarajan@contoso.com", github: "priya-n" },
];
const approvals: Approval[] = [
  { for: "app:expenses/Submitter", anyOf: ["olivia.chen@contoso.com"], guests: ["ana.silva@fabrikam.com"] },
  { for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com", "samuel.okafor@contoso.com"], guests: ["ana.silva@fabrikam.com"] },
  { for: "policy", anyOf: [] },
];
const reviews: Review[] = [
  { host: "github", login: "ochen", state: "approved", at: "2026-11-20T10:00:00Z" },
  { host: "github", login: "priya-n", state: "approved", at: "2026-11-20T10:00:00Z" },
];
const report = (author?: string): ApprovalsReport => ({ stack: "prod", base: "origin/main (3f2a9c1)", check: checkApprovals(approvals, reviews, people, author) });

describe("renderApprovals", () => {
  it("text: each approval, who gave it, and for a missing one who may still give it", () => {
    expect(renderApprovals("text", report("priya-n"))).toBe(
      [
        "approvals: 2 of 3 still missing (stack prod)",
        "  ok       app:expenses/Submitter (ana.silva@fabrikam.com): approved by olivia.chen@contoso.com",
        "  missing  group:erp-project (ana.silva@fabrikam.com): no one can approve it; no login in people.yaml for samuel.okafor@contoso.com; priya.natarajan@contoso.com opened the change and cannot approve it",
        "  missing  policy: no one can approve it; the base declares no stack owners: add owners to stacks/prod.yaml (for a shard, its tenant file) in a change of its own",
        "  note: the approval of priya-n does not count: they opened the change",
        "",
      ].join("\n"),
    );
  });

  it("an adoption with no stack owners says that the stack owners are missing, not the catalog's", () => {
    const adopt: Approval = { for: "adopt:ana.silva@fabrikam.com", anyOf: [], guests: ["ana.silva@fabrikam.com"] };
    const text = renderApprovals("text", { stack: "prod", base: "origin/main", check: checkApprovals([adopt], [], people, undefined) });
    expect(text).toContain("  missing  adopt:ana.silva@fabrikam.com (ana.silva@fabrikam.com): no one can approve it; the base declares no stack owners: add owners to stacks/prod.yaml");
    expect(text).not.toContain("catalog");
  });

  it("markdown: a table, with addresses that mention no one", () => {
    const md = renderApprovals("markdown", report());
    expect(md).toContain("| ✅ | `app:expenses/Submitter` | ana.silva&#64;<wbr>fabrikam.com | approved by olivia.chen&#64;<wbr>contoso.com |");
    expect(md).toContain("| ✅ | `group:erp-project` |");
    expect(md).not.toMatch(/[^;]@[a-z]/);
  });

  it("github and azure: one error per missing approval, then the text", () => {
    const gh = renderApprovals("github", report("priya-n")).split("\n");
    expect(gh.filter((l) => l.startsWith("::error "))).toHaveLength(2);
    const az = renderApprovals("azure", report("priya-n")).split("\n");
    expect(az.filter((l) => l.startsWith("##vso[task.logissue type=error]"))).toHaveLength(2);
  });

  it("json: the approvals with their standing, and each reviewer", () => {
    const json = JSON.parse(renderApprovals("json", report()));
    expect(json.ok).toBe(false);
    expect(json.approvals.map((a: { for: string; satisfied: boolean }) => [a.for, a.satisfied])).toEqual([
      ["app:expenses/Submitter", true],
      ["group:erp-project", true],
      ["policy", false],
    ]);
  });

  it("a hostile catalog key or address cannot start a runner command or a new line", () => {
    const hostile: Approval[] = [{ for: "group:x\n::set-env name=A::b", anyOf: ["a@contoso.com\n##vso[task.complete result=Succeeded]"] }];
    const r: ApprovalsReport = { stack: "prod", base: "b", check: checkApprovals(hostile, [], people, undefined) };
    for (const format of ["text", "github", "azure"] as const) {
      const lines = renderApprovals(format, r).split("\n");
      expect(lines.filter((l) => /^::(?!error )/.test(l) || /##vso\[(?!task\.logissue type=error\])/.test(l)), format).toEqual([]);
    }
  });
});
