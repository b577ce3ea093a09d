// The guardrails in the plan: every tenantPolicy setting and every partner's tenantIds and crossTenant
// change is a policy change, marked LOOSENS or not, with the base's stack owners as approvers, in every
// format; and the resources they map to show with their reasons.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffPolicy, type PolicyView } from "../../src/plan/diff-policy";
import type { PartnerTrust } from "../../src/plan/diff-tenant-policy";
import type { Plan } from "../../src/plan/plan-types";
import { renderPlanAzure } from "../../src/plan/render-plan-azure";
import { renderPlanGithub, renderPlanJson } from "../../src/plan/render-plan-machine";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { renderPlanText } from "../../src/plan/render-plan-text";
import { planFor, repoFiles, stackDoc } from "./plan-fixtures";

const S = "stacks/prod.yaml";
const F = "guests/fabrikam.yaml";
const N = "guests/northwind.yaml";
const FAB_TENANT = "aaaaaaaa-1111-4111-8111-111111111111";
const NW_TENANT = "bbbbbbbb-2222-4222-8222-222222222222";
const OWNER = "mei.lin@contoso.com";
const GOLDEN = join(__dirname, "..", "golden", "plan");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

type TP = Record<string, any>;
/** The guardrails a careful platform team starts from. */
const guarded = (): TP => ({
  invitations: { allowInvitesFrom: "adminsAndGuestInviters" },
  guestAccess: "restricted",
  conditionalAccess: { guestMfa: "on", excludeAccounts: ["breakglass@contoso.com"] },
  domainList: "allow",
  crossTenant: { limitInboundToCatalog: true },
});

/** The repository with `tp` as the stack's tenantPolicy and extra lines in partner files. */
function repo(tp: TP | undefined, partners: { fabrikam?: string; northwind?: string } = { fabrikam: `tenantIds: [${FAB_TENANT}]\ncrossTenant: { trustMfa: false }` }, edit: (s: Record<string, any>) => void = () => {}): Record<string, string> {
  const stack = stackDoc();
  if (tp) stack.tenantPolicy = tp;
  edit(stack);
  const files = repoFiles({ stack });
  if (partners.fabrikam) files[F] += `${partners.fabrikam}\n`;
  if (partners.northwind) files[N] += `${partners.northwind}\n`;
  return files;
}
const tweak = (edit: (tp: TP) => void): TP => {
  const tp = guarded();
  edit(tp);
  return tp;
};

interface Case {
  desc: string;
  base?: Record<string, string>;
  head: Record<string, string>;
  expected: { file: string; path: string; before?: unknown; after?: unknown; beforeDefault?: true; afterDefault?: true; loosens: boolean }[];
}

const cases: Case[] = [
  { desc: "nothing changes", head: repo(guarded()), expected: [] },
  {
    desc: "who may invite widened to everyone: LOOSENS",
    head: repo(tweak((tp) => (tp.invitations.allowInvitesFrom = "everyone"))),
    expected: [{ file: S, path: "tenantPolicy.invitations.allowInvitesFrom", before: "adminsAndGuestInviters", after: "everyone", loosens: true }],
  },
  {
    desc: "who may invite narrowed to none: tightens",
    head: repo(tweak((tp) => (tp.invitations.allowInvitesFrom = "none"))),
    expected: [{ file: S, path: "tenantPolicy.invitations.allowInvitesFrom", before: "adminsAndGuestInviters", after: "none", loosens: false }],
  },
  {
    desc: "guests given member access: LOOSENS",
    head: repo(tweak((tp) => (tp.guestAccess = "member"))),
    expected: [{ file: S, path: "tenantPolicy.guestAccess", before: "restricted", after: "member", loosens: true }],
  },
  {
    desc: "guest access left unmanaged: LOOSENS (the tenant may be anything)",
    head: repo(tweak((tp) => delete tp.guestAccess)),
    expected: [{ file: S, path: "tenantPolicy.guestAccess", before: "restricted", loosens: true }],
  },
  {
    desc: "MFA for guests turned off: LOOSENS, and the excluded account goes with it without loosening",
    head: repo(tweak((tp) => (tp.conditionalAccess = { guestMfa: "off" }))),
    expected: [
      { file: S, path: "tenantPolicy.conditionalAccess.guestMfa", before: "on", after: "off", loosens: true },
      { file: S, path: "tenantPolicy.conditionalAccess.excludeAccounts", before: "breakglass@contoso.com", loosens: false },
    ],
  },
  {
    desc: "MFA for guests back to report-only: LOOSENS",
    head: repo(tweak((tp) => (tp.conditionalAccess.guestMfa = "reportOnly"))),
    expected: [{ file: S, path: "tenantPolicy.conditionalAccess.guestMfa", before: "on", after: "reportOnly", loosens: true }],
  },
  {
    desc: "report-only to enforced: tightens",
    base: repo(tweak((tp) => (tp.conditionalAccess.guestMfa = "reportOnly"))),
    head: repo(guarded()),
    expected: [{ file: S, path: "tenantPolicy.conditionalAccess.guestMfa", before: "reportOnly", after: "on", loosens: false }],
  },
  {
    desc: "one more break-glass account: LOOSENS",
    head: repo(tweak((tp) => tp.conditionalAccess.excludeAccounts.push("breakglass2@contoso.com"))),
    expected: [{ file: S, path: "tenantPolicy.conditionalAccess.excludeAccounts", after: "breakglass2@contoso.com", loosens: true }],
  },
  {
    desc: "an authentication strength required, then dropped",
    head: repo(tweak((tp) => (tp.conditionalAccess.authenticationStrength = "00000000-0000-0000-0000-000000000004"))),
    expected: [{ file: S, path: "tenantPolicy.conditionalAccess.authenticationStrength", after: "00000000-0000-0000-0000-000000000004", loosens: false }],
  },
  {
    desc: "an authentication strength dropped: LOOSENS",
    base: repo(tweak((tp) => (tp.conditionalAccess.authenticationStrength = "00000000-0000-0000-0000-000000000004"))),
    head: repo(guarded()),
    expected: [{ file: S, path: "tenantPolicy.conditionalAccess.authenticationStrength", before: "00000000-0000-0000-0000-000000000004", loosens: true }],
  },
  {
    desc: "the domain list turned off, written: LOOSENS",
    head: repo(tweak((tp) => (tp.domainList = "off"))),
    expected: [{ file: S, path: "tenantPolicy.domainList", before: "allow", after: "off", loosens: true }],
  },
  {
    desc: "the domain list removed, so its default off applies: LOOSENS",
    head: repo(tweak((tp) => delete tp.domainList)),
    expected: [{ file: S, path: "tenantPolicy.domainList", before: "allow", after: "off", afterDefault: true, loosens: true }],
  },
  {
    desc: "a deny list made an allow list: tightens",
    base: repo(tweak((tp) => (tp.domainList = "deny"))),
    head: repo(guarded()),
    expected: [{ file: S, path: "tenantPolicy.domainList", before: "deny", after: "allow", loosens: false }],
  },
  {
    desc: "the inbound limit removed: LOOSENS",
    head: repo(tweak((tp) => (tp.crossTenant.limitInboundToCatalog = false))),
    expected: [{ file: S, path: "tenantPolicy.crossTenant.limitInboundToCatalog", before: true, after: false, loosens: true }],
  },
  {
    desc: "a partner's MFA trusted: LOOSENS",
    head: repo(guarded(), { fabrikam: `tenantIds: [${FAB_TENANT}]\ncrossTenant: { trustMfa: true }` }),
    expected: [{ file: F, path: "crossTenant.trustMfa", before: false, after: true, loosens: true }],
  },
  {
    desc: "a partner's compliant devices no longer trusted: tightens",
    base: repo(guarded(), { fabrikam: `tenantIds: [${FAB_TENANT}]\ncrossTenant: { trustCompliantDevice: true }` }),
    head: repo(guarded()),
    expected: [{ file: F, path: "crossTenant.trustCompliantDevice", before: true, after: false, loosens: false }],
  },
  {
    desc: "a new partner tenant that trusts nothing: tightens (its users are limited to the catalog)",
    head: repo(guarded(), { fabrikam: `tenantIds: [${FAB_TENANT}]\ncrossTenant: { trustMfa: false }`, northwind: `tenantIds: [${NW_TENANT}]` }),
    expected: [{ file: N, path: "tenantIds", after: NW_TENANT, loosens: false }],
  },
  {
    desc: "a partner tenant dropped under the inbound limit: LOOSENS (its configuration goes, the default applies)",
    head: repo(guarded(), {}),
    expected: [{ file: F, path: "tenantIds", before: FAB_TENANT, loosens: true }],
  },
  { desc: "a partner tenant moved to another file: no change", base: repo(guarded(), { northwind: `tenantIds: [${FAB_TENANT}]` }), head: repo(guarded(), { fabrikam: `tenantIds: [${FAB_TENANT}]` }), expected: [] },
  {
    desc: "a domain added to a partner file under an allow list: LOOSENS",
    head: (() => {
      const files = repo(guarded());
      files[F] = files[F]!.replace("domains:\n  - fabrikam.com", "domains:\n  - fabrikam.com\n  - fabrikam.de");
      return files;
    })(),
    expected: [{ file: F, path: "domains", after: "fabrikam.de", loosens: true }],
  },
  {
    desc: "the guardrails first declared: each setting shown, none loosens",
    base: repo(undefined, {}),
    head: repo(guarded()),
    expected: [
      { file: S, path: "tenantPolicy.conditionalAccess.guestMfa", after: "on", loosens: false },
      { file: S, path: "tenantPolicy.crossTenant.limitInboundToCatalog", after: true, loosens: false },
      { file: S, path: "tenantPolicy.domainList", after: "allow", loosens: false },
      { file: S, path: "tenantPolicy.guestAccess", after: "restricted", loosens: false },
      { file: S, path: "tenantPolicy.invitations.allowInvitesFrom", after: "adminsAndGuestInviters", loosens: false },
      { file: S, path: "tenantPolicy.conditionalAccess.excludeAccounts", after: "breakglass@contoso.com", loosens: false },
      { file: F, path: "tenantIds", after: FAB_TENANT, loosens: false },
    ],
  },
  {
    desc: "the stack stops deploying its guardrails: the switch, and every setting it gives up",
    head: repo(guarded(), undefined, (s) => (s.deploys = "guests")),
    expected: [
      { file: S, path: "deploys", after: "guests", loosens: true },
      { file: S, path: "tenantPolicy.conditionalAccess.guestMfa", before: "on", loosens: true },
      { file: S, path: "tenantPolicy.crossTenant.limitInboundToCatalog", before: true, loosens: true },
      { file: S, path: "tenantPolicy.domainList", before: "allow", loosens: true },
      { file: S, path: "tenantPolicy.guestAccess", before: "restricted", loosens: true },
      { file: S, path: "tenantPolicy.invitations.allowInvitesFrom", before: "adminsAndGuestInviters", loosens: true },
      { file: S, path: "tenantPolicy.conditionalAccess.excludeAccounts", before: "breakglass@contoso.com", loosens: false },
      { file: F, path: "tenantIds", before: FAB_TENANT, loosens: true },
    ],
  },
];

describe("tenant policy changes in the plan", () => {
  it.each(cases)("$desc", async ({ base, head, expected }) => {
    const plan = await planFor(base ?? repo(guarded()), head, { allowHeadErrors: true });
    expect(plan.policyChanges).toEqual(expected.map((e) => ({ ...e, approvers: [OWNER] })));
    expect(plan.approvals.filter((a) => a.for === "policy")).toEqual(expected.length > 0 ? [{ for: "policy", anyOf: [OWNER] }] : []);
  });

  it("turning MFA off, trusting a partner's MFA and widening who may invite: LOOSENS, approved by the base's stack owner, not by owners the change sets", async () => {
    const head = repo(
      tweak((tp) => {
        tp.conditionalAccess = { guestMfa: "off" };
        tp.invitations.allowInvitesFrom = "everyone";
      }),
      { fabrikam: `tenantIds: [${FAB_TENANT}]\ncrossTenant: { trustMfa: true }` },
      (s) => (s.owners = ["friend@contoso.com"]),
    );
    const plan = await planFor(repo(guarded()), head);
    const loosened = plan.policyChanges.filter((c) => c.loosens).map((c) => c.path);
    expect(loosened).toEqual(expect.arrayContaining(["tenantPolicy.conditionalAccess.guestMfa", "tenantPolicy.invitations.allowInvitesFrom", "crossTenant.trustMfa", "owners"]));
    expect(new Set(plan.policyChanges.flatMap((c) => c.approvers))).toEqual(new Set([OWNER]));
    expect(plan.approvals).toEqual([{ for: "policy", anyOf: [OWNER] }]);
  });
});

describe("a stack without owners", () => {
  it("a partner's trust changed: no one can approve, and the fix names the stack file, not the partner file", async () => {
    const noOwners = (s: Record<string, any>) => delete s.owners;
    const plan = await planFor(repo(guarded(), undefined, noOwners), repo(guarded(), { fabrikam: `tenantIds: [${FAB_TENANT}]\ncrossTenant: { trustMfa: true }` }, noOwners), { allowHeadErrors: true });
    expect(plan.approvals).toEqual([{ for: "policy", anyOf: [] }]);
    const text = renderPlanText(plan, false);
    expect(text).toContain("add owners to stacks/prod.yaml (for a shard, its tenant file)");
    expect(text).not.toContain("add owners to guests/fabrikam.yaml");
  });
});

describe("the guardrails' resources in the plan", () => {
  it("MFA enforced to report-only updates the policy in place and says so", async () => {
    const plan = await planFor(repo(guarded()), repo(tweak((tp) => (tp.conditionalAccess.guestMfa = "reportOnly"))));
    expect(plan.changes).toEqual([expect.objectContaining({ op: "update", type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", name: "tenant/guest-mfa", reason: "policy state enforced → report-only" })]);
  });

  it("MFA off deletes guestops' own policy; a partner dropped deletes its configuration, never a tenant default; a setting given up is restored", async () => {
    const plan = await planFor(repo(guarded()), repo(tweak((tp) => {
      tp.conditionalAccess = { guestMfa: "off" };
      delete tp.invitations;
      delete tp.guestAccess;
      tp.domainList = "off";
    }), {}));
    const reasons = Object.fromEntries(plan.changes.map((c) => [c.name, `${c.op}: ${c.reason}`]));
    expect(reasons).toEqual({
      "tenant/guest-mfa": "delete: guestops' Conditional Access policy for guests deleted (guestMfa off): guests are no longer asked for MFA by it",
      [`cross-tenant/${FAB_TENANT}`]: `delete: partner Fabrikam (${FAB_TENANT}) dropped: its configuration is removed, or restored to the one read before the first write; the tenant's default cross-tenant policy is untouched`,
      "tenant/authorization-policy": "delete: no longer managed: restores the values the tenant had before guestops first wrote them",
      "tenant/b2b-domain-list": "delete: no longer managed (domainList off): restores the list the tenant had before guestops first wrote it",
    });
    for (const c of plan.changes) expect(c.reason).not.toMatch(/deletes? the tenant('s)? default/);
    expect(plan.refused).toBeNull();
    expect(plan.guests.filter((g) => g.action !== "unchanged")).toEqual([]);
  });

  it("a partner's trust changed updates its configuration in place", async () => {
    const plan = await planFor(repo(guarded()), repo(guarded(), { fabrikam: `tenantIds: [${FAB_TENANT}]\ncrossTenant: { trustMfa: true }` }));
    expect(plan.changes).toEqual([expect.objectContaining({ op: "update", name: `cross-tenant/${FAB_TENANT}`, reason: "now trusts the partner's MFA" })]);
  });
});

/** Base: the careful guardrails; head: MFA off, invitations from everyone, Fabrikam's MFA trusted. */
async function loosened(): Promise<Plan> {
  const head = repo(
    tweak((tp) => {
      tp.conditionalAccess = { guestMfa: "off" };
      tp.invitations.allowInvitesFrom = "everyone";
    }),
    { fabrikam: `tenantIds: [${FAB_TENANT}]\ncrossTenant: { trustMfa: true }` },
  );
  return planFor(repo(guarded()), head, { warnings: [] });
}

describe("every format shows the guardrails' changes, marked, with the stack owner", () => {
  const formats: [string, (p: Plan) => string, string[]][] = [
    ["txt", (p) => renderPlanText(p, false), ["! LOOSENS stacks/prod.yaml tenantPolicy.conditionalAccess.guestMfa: \"on\" → \"off\"", "! LOOSENS guests/fabrikam.yaml crossTenant.trustMfa: false → true", "policy: any of mei.lin@contoso.com", "tenant/guest-mfa"]],
    ["md", (p) => renderPlanMarkdown(p), ["| ⚠️ **LOOSENS** | `stacks/prod.yaml` | `tenantPolicy.invitations.allowInvitesFrom` | `\"adminsAndGuestInviters\"` | `\"everyone\"` |", "| ⚠️ **LOOSENS** | `guests/fabrikam.yaml` | `crossTenant.trustMfa` |", "`tenant/guest-mfa`"]],
    ["json", (p) => renderPlanJson(p), ['"path": "tenantPolicy.conditionalAccess.guestMfa"', '"loosens": true', '"approvers": [\n        "mei.lin@contoso.com"\n      ]']],
    ["github", (p) => renderPlanGithub(p), ["::warning file=guests/fabrikam.yaml,title=guestops plan%3A policy change LOOSENS::crossTenant.trustMfa: false → true; needs approval from a stack owner: mei.lin@contoso.com", "tenantPolicy.conditionalAccess.guestMfa", "crossTenant.trustMfa", "mei.lin@contoso.com"]],
    ["azure", (p) => renderPlanAzure(p), ["##vso[task.logissue type=warning;code=policyLoosens;sourcepath=guests/fabrikam.yaml]policy change LOOSENS crossTenant.trustMfa: false → true; approval from a stack owner: mei.lin@contoso.com", "policy change LOOSENS tenantPolicy.invitations.allowInvitesFrom"]],
  ];
  it.each(formats)("%s", async (ext, render, words) => {
    const text = render(await loosened());
    for (const w of words) expect(text).toContain(w);
    const file = join(GOLDEN, `guardrails.${ext}`);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) throw new Error(`missing golden file ${file}; run UPDATE_GOLDEN=1 npx vitest run test/plan/tenant-policy-plan.test.ts`);
      writeFileSync(file, text);
    }
    expect(text, `guardrails.${ext} differs from its golden file; if the change is intended, run UPDATE_GOLDEN=1`).toBe(readFileSync(file, "utf8"));
  });
});

// --- A change and its reverse never both loosen ----------------------------------------------------

const ID = "00000000-0000-0000-0000-000000000004";
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const tenantPolicy = fc.record(
  {
    invitations: fc.record({ allowInvitesFrom: maybe(fc.constantFrom("none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone")) }, { requiredKeys: [] }),
    guestAccess: fc.constantFrom("restricted", "limited", "member"),
    conditionalAccess: fc.record(
      {
        guestMfa: fc.constantFrom("off", "reportOnly", "on"),
        excludeAccounts: fc.subarray(["breakglass@contoso.com", "breakglass2@contoso.com", "ops@contoso.com"]),
        authenticationStrength: fc.constant(ID),
        termsOfUse: fc.constant("12121212-1212-4212-8212-121212121212"),
      },
      { requiredKeys: ["guestMfa"] },
    ),
    domainList: fc.constantFrom("off", "allow", "deny"),
    crossTenant: fc.record({ limitInboundToCatalog: fc.boolean() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const trust: fc.Arbitrary<PartnerTrust[]> = fc.array(
  fc.record({ path: fc.constantFrom(F, N), tenantIds: fc.subarray([FAB_TENANT, NW_TENANT], { minLength: 1 }), trustMfa: fc.boolean(), trustCompliantDevice: fc.boolean() }),
  { maxLength: 2 },
);

function view(tp: TP | undefined, partners: PartnerTrust[], deploys?: "guests" | "both"): PolicyView {
  const stack = { owners: [OWNER], ...(deploys && { deploys }), ...(tp && { tenantPolicy: tp }) };
  const effective = { ...stack, ...(tp && { tenantPolicy: { domainList: "off", ...tp, ...(tp.crossTenant && { crossTenant: { limitInboundToCatalog: false, ...tp.crossTenant } }) } }) };
  return { stackPath: S, stack, effective: effective as PolicyView["effective"], partners: [], trust: partners, pulumiPath: "Pulumi.prod.yaml", config: {} };
}

describe("loosens and tightens are symmetric", () => {
  it("a change and its reverse never both loosen, and each is approved by the base's owners", () => {
    fc.assert(
      fc.property(maybe(tenantPolicy), maybe(tenantPolicy), trust, trust, fc.constantFrom(undefined, "guests", "both"), (a, b, ta, tb, deploys) => {
        const forward = diffPolicy(view(a, ta), view(b, tb, deploys));
        const backward = diffPolicy(view(b, tb, deploys), view(a, ta));
        for (const c of forward) {
          expect(c.approvers).toEqual([OWNER]);
          const reverse = backward.find((r) => r.file === c.file && r.path === c.path && JSON.stringify(r.before) === JSON.stringify(c.after) && JSON.stringify(r.after) === JSON.stringify(c.before));
          // `deploys` itself: every change of what a stack deploys is the platform team's, both ways.
          if (c.path !== "deploys" && reverse) expect(c.loosens && reverse.loosens, `${c.path}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)} and back both loosen`).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
