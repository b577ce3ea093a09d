// What an owner approves, in every format: policy changes with a LOOSENS mark and their approvers, the
// approvals rule and list, each acting guest's display name and justification, each grant with its own
// owners, invitation overrides and an adoption's object id. Plans are built by hand, as values.
import { describe, expect, it } from "vitest";
import { APPROVAL_RULE } from "../../src/plan/build-approvals";
import { renderPlanGithub, renderPlanJson } from "../../src/plan/render-plan-machine";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { renderPlanText } from "../../src/plan/render-plan-text";
import type { Plan } from "../../src/plan/plan-types";
import { emptyPlan, ERP, EXPENSES, planGuest, withCounts } from "./plan-values";

// The rule as the plan carries it: each renderer states the plan's own rule, word for word.
const RULE = APPROVAL_RULE;
const OBJECT_ID = "c99c9aba-45c7-4dc0-9f0e-25e37ee4e7d5";

const plan: Plan = withCounts(
  emptyPlan({
    guests: [
      planGuest({
        email: "kwame.mensah@fabrikam.com",
        displayName: "Kwame Mensah",
        justification: "CHG-1107 ERP cut-over support",
        granted: [ERP, EXPENSES],
        approvers: ["olivia.chen@contoso.com", "omar.haddad@contoso.com", "priya.natarajan@contoso.com"],
        invitation: { redirectUrl: "https://evil.example/login", message: "Action required", cc: "someone@gmail.com", language: "fr-FR", sendEmail: true },
      }),
      planGuest({ email: "lucia.ferrari@northwind.example", partner: "Northwind Traders", action: "adopt", displayName: "Lucia Ferrari", justification: "SUP-241 customs documents", objectId: OBJECT_ID, granted: [ERP] }),
    ],
    policyChanges: [
      { file: "stacks/prod.yaml", path: "policy.maxExpiryDays", before: 365, after: 3650, loosens: true, approvers: ["platform@contoso.com", "hana.kobayashi@contoso.com"] },
      { file: "guests/fabrikam.yaml", path: "domains", before: ["fabrikam.com"], after: ["fabrikam.com", "fabrikam.net"], loosens: false, approvers: ["platform@contoso.com"] },
    ],
    approvals: [
      { for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com"], guests: ["kwame.mensah@fabrikam.com", "lucia.ferrari@northwind.example"] },
      { for: "app:expenses/Submitter", anyOf: ["olivia.chen@contoso.com", "omar.haddad@contoso.com"], guests: ["kwame.mensah@fabrikam.com"] },
      { for: "adopt:lucia.ferrari@northwind.example", anyOf: ["platform@contoso.com"] },
      { for: "policy", anyOf: ["platform@contoso.com", "hana.kobayashi@contoso.com"] },
    ],
  }),
);

describe("plan fields for approvers", () => {
  it("text: policy changes marked LOOSENS, the rule, each grant with its owners, justification, overrides and the object id", () => {
    const text = renderPlanText(plan, false);
    expect(text).toContain("Policy changes (each needs a stack owner's approval)");
    expect(text).toMatch(/! LOOSENS stacks\/prod\.yaml policy\.maxExpiryDays: 365 → 3650\n\s+approval: platform@contoso\.com, hana\.kobayashi@contoso\.com/);
    expect(text).toMatch(/~ change +guests\/fabrikam\.yaml domains: \["fabrikam\.com"\] → \["fabrikam\.com","fabrikam\.net"\]/);
    expect(text).toContain(`Rule: ${RULE}.`);
    expect(text).toContain("app:expenses/Submitter: any of olivia.chen@contoso.com, omar.haddad@contoso.com  (kwame.mensah@fabrikam.com)");
    expect(text).toContain('kwame.mensah@fabrikam.com "Kwame Mensah"');
    expect(text).toContain("why    CHG-1107 ERP cut-over support");
    expect(text).toContain("grant  group ERP Project  approval: priya.natarajan@contoso.com\n");
    expect(text).toContain("grant  app Contoso Expenses (Submitter)  approval: olivia.chen@contoso.com, omar.haddad@contoso.com\n");
    expect(text).toContain('invitation redirectUrl https://evil.example/login, message "Action required", cc someone@gmail.com, language fr-FR, sendEmail true');
    expect(text).toContain(`adopt  existing account ${OBJECT_ID}  approval: a stack owner`);
    expect(text).toContain("Policy: 2 changes, 1 LOOSENS; a stack owner must approve.");
  });

  it("Markdown: a policy table, the approvals table, and each grant paired with its own owners", () => {
    const md = renderPlanMarkdown(plan);
    expect(md).toContain("#### Policy changes");
    expect(md).toContain("| ⚠️ **LOOSENS** | `stacks/prod.yaml` | `policy.maxExpiryDays` | `365` | `3650` | platform&#64;<wbr>contoso.com<br>hana.kobayashi&#64;<wbr>contoso.com |");
    expect(md).toContain('| change | `guests/fabrikam.yaml` | `domains` | `["fabrikam.com"]` | `["fabrikam.com","fabrikam.net"]` | platform&#64;<wbr>contoso.com |');
    expect(md).toContain(`The rule: ${RULE}.`);
    expect(md).toContain("| `adopt:lucia.ferrari@northwind.example` | platform&#64;<wbr>contoso.com | — |");
    const row = md.split("\n").find((l) => l.startsWith("| `kwame.mensah@fabrikam.com`"))!;
    expect(row).toContain("<br>Kwame Mensah<br>why: CHG-1107 ERP cut-over support");
    expect(row).toContain("group ERP Project <sub>(approval: priya.natarajan&#64;<wbr>contoso.com)</sub><br>app Contoso Expenses \\(Submitter\\) <sub>(approval: olivia.chen&#64;<wbr>contoso.com, omar.haddad&#64;<wbr>contoso.com)</sub>");
    // The redirect is code, so that GitHub does not make it a link.
    expect(row).toContain('✉️ invitation: redirectUrl `https://evil.example/login`, message "Action required", cc someone&#64;<wbr>gmail.com, language fr-FR, sendEmail true');
    expect(md).toContain(`🔗 existing account \`${OBJECT_ID}\`: approval from a stack owner`);
    expect(md).toContain("**Policy:** 2 changes, ⚠️ **loosens**.");
  });

  it("GitHub: policy changes on their files, the approvals as a notice, guests with overrides and object ids", () => {
    const lines = renderPlanGithub(plan).trimEnd().split("\n");
    expect(lines).toContain(
      "::warning file=stacks/prod.yaml,title=guestops plan%3A policy change LOOSENS::policy.maxExpiryDays: 365 → 3650; needs approval from a stack owner: platform@contoso.com, hana.kobayashi@contoso.com",
    );
    expect(lines.find((l) => l.includes("policy change::"))).toMatch(/^::notice file=guests\/fabrikam\.yaml,/);
    expect(lines.find((l) => l.includes("approvals needed"))).toContain(`::${RULE}. group:erp-project: any of priya.natarajan@contoso.com; app:expenses/Submitter`);
    const kwame = lines.find((l) => l.includes("kwame.mensah"))!;
    expect(kwame).toContain("grants group ERP Project (approval: priya.natarajan@contoso.com), app Contoso Expenses (Submitter) (approval: olivia.chen@contoso.com, omar.haddad@contoso.com)");
    expect(kwame).toContain("invitation redirectUrl https://evil.example/login, message \"Action required\", cc someone@gmail.com");
    expect(kwame).toContain("why: CHG-1107 ERP cut-over support");
    expect(lines.find((l) => l.includes("lucia.ferrari@northwind.example \"Lucia"))).toContain(`existing account ${OBJECT_ID} (approval: a stack owner)`);
  });

  it("JSON: the contract's keys first, then policyChanges and approvals, with every override and id", () => {
    const json = JSON.parse(renderPlanJson(plan));
    expect(Object.keys(json).slice(0, 6)).toEqual(["summary", "changes", "guests", "refused", "policyChanges", "approvals"]);
    expect(json.policyChanges[0]).toEqual({ file: "stacks/prod.yaml", path: "policy.maxExpiryDays", before: 365, after: 3650, loosens: true, approvers: ["platform@contoso.com", "hana.kobayashi@contoso.com"] });
    expect(json.approvals).toHaveLength(4);
    expect(json.guests[0].invitation).toEqual({ redirectUrl: "https://evil.example/login", message: "Action required", cc: "someone@gmail.com", language: "fr-FR", sendEmail: true });
    expect(json.guests[1].objectId).toBe(OBJECT_ID);
  });

  it("no stack owners to approve a policy change or an adoption is said, with the file to add them to", () => {
    const orphan = emptyPlan({
      policyChanges: [{ file: "tenants/contoso.yaml", path: "policy.blockedDomains", before: ["gmail.com"], after: [], loosens: true, approvers: [] }],
      approvals: [
        { for: "adopt:ana.silva@fabrikam.com", anyOf: [], guests: ["ana.silva@fabrikam.com"] },
        { for: "group:erp-project", anyOf: [], guests: ["ana.silva@fabrikam.com"] },
        { for: "policy", anyOf: [] },
      ],
    });
    const missing = "the base declares no stack owners: add owners to tenants/contoso.yaml in a change of its own";
    const text = renderPlanText(orphan, false);
    expect(text).toContain(`approval: no one can: ${missing}`);
    expect(text).toContain(`  adopt:ana.silva@fabrikam.com: no one can: ${missing}  (ana.silva@fabrikam.com)`);
    expect(text).toContain(`  policy: no one can: ${missing}`);
    expect(text).toContain("  group:erp-project: no one can: the catalog entry has no owners: add owners to it in tenants/contoso.yaml");
    expect(text).not.toContain("no owners in the catalog");
    const md = renderPlanMarkdown(orphan);
    expect(md).toContain(`| \`policy\` | ⚠️ no one can: ${missing} | — |`);
    expect(md).toContain(`| ⚠️ no one can: ${missing} |`);
    expect(renderPlanGithub(orphan)).toContain(`adopt:ana.silva@fabrikam.com: no one can: ${missing}`);
    // Without a policy change to say where the stack's settings are written, the stack's own file.
    expect(renderPlanText(emptyPlan({ approvals: [{ for: "policy", anyOf: [] }] }), false)).toContain("add owners to stacks/prod.yaml (for a shard, its tenant file) in a change of its own");
  });

  it("matches its goldens in text and Markdown (npx vitest run test/plan -u rewrites them; review the diff)", async () => {
    await expect(renderPlanText(plan, false)).toMatchFileSnapshot("../golden/plan/approvals.txt");
    await expect(renderPlanMarkdown(plan)).toMatchFileSnapshot("../golden/plan/approvals.md");
  });
});
