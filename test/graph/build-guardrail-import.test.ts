// import --guardrails' pure half: what the tenant holds, written as values into the files' own text,
// and what it leaves for a person, with why.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildGuardrailImport, type GuardrailImportInput } from "../../src/graph/build-guardrail-import";
import type { TenantGuardrails } from "../../src/graph/parse-tenant-policy";

const FABRIKAM = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c";
const STACK = "# Contoso\ntenantId: 94064533-4527-47b7-9975-e04a81fb6295\npolicy:\n  maxExpiryDays: 365   # a year\n\ngroups: {}\n";
const PARTNER = "partner: Fabrikam\ndomains: [fabrikam.com]   # theirs\n\nguests: []\n";

function tenant(extra: Partial<TenantGuardrails> = {}): TenantGuardrails {
  return { allowInvitesFrom: "adminsAndGuestInviters", guestAccess: "restricted", defaultTrust: { trustMfa: false, trustCompliantDevice: false }, partners: [], domainList: { mode: "off", domains: [] }, excludeAccounts: [], unresolvedExcludes: [], notes: [], ...extra };
}

function input(t: TenantGuardrails, domains: Record<string, string> = {}): GuardrailImportInput {
  return { policyFile: { path: "stacks/prod.yaml", text: STACK }, partnerFiles: [{ path: "guests/fabrikam.yaml", text: PARTNER, value: parse(PARTNER) }], tenant: t, tenantDomains: new Map(Object.entries(domains)) };
}

const mfa = { id: "ca", displayName: "MFA", guestMfa: "on" as const, excludeUserIds: ["0b5e1a55-0000-4000-8000-000000000001"] };

describe("buildGuardrailImport", () => {
  it("writes tenantPolicy after policy, below its comments, and keeps every other byte", () => {
    const r = buildGuardrailImport(input(tenant({ guestMfaPolicy: mfa, excludeAccounts: ["BreakGlass@contoso.com"] })));
    const after = r.files.find((f) => f.path === "stacks/prod.yaml")!.after;
    expect(after).toBe(`${STACK.replace("  maxExpiryDays: 365   # a year\n", "  maxExpiryDays: 365   # a year\ntenantPolicy:\n  invitations:\n    allowInvitesFrom: adminsAndGuestInviters\n  guestAccess: restricted\n  conditionalAccess:\n    guestMfa: on\n    excludeAccounts: [breakglass@contoso.com]\n")}`);
    expect(r.skipped).toEqual([]);
  });

  it.each([
    { desc: "an excluded account with no plain address", t: tenant({ guestMfaPolicy: mfa, excludeAccounts: ["break glass@contoso.com"] }), setting: "tenantPolicy.conditionalAccess", reason: /excludes no account guestops can name/ },
    { desc: "an excluded id that is no user", t: tenant({ guestMfaPolicy: mfa, unresolvedExcludes: ["0b5e1a55-0000-4000-8000-0000000000ff"] }), setting: "tenantPolicy.conditionalAccess.excludeAccounts", reason: /is no user in the tenant/ },
    { desc: "an allowInvitesFrom guestops does not know", t: tenant({ allowInvitesFrom: undefined }), setting: "tenantPolicy.invitations.allowInvitesFrom", reason: /does not know/ },
    { desc: "an allow-listed domain no partner file declares", t: tenant({ domainList: { mode: "allow", domains: ["fabrikam.com", "tailspin.example"] } }), setting: "tenantPolicy.domainList", reason: /holds tailspin\.example, which no partner file's domains declare/ },
    { desc: "a partner whose domain is not known", t: tenant({ partners: [{ tenantId: FABRIKAM, trustMfa: true, trustCompliantDevice: false, inheritsTrust: false, limitsInbound: false }] }), setting: `partner configuration ${FABRIKAM}`, reason: /its domain is not known/ },
  ])("leaves out $desc, and says why", ({ t, setting, reason }) => {
    const r = buildGuardrailImport(input(t));
    expect(r.skipped).toContainEqual({ setting, reason: expect.stringMatching(reason) });
    for (const f of r.files) expect(f.after).not.toMatch(/break glass|tailspin|unknown/);
  });

  it("writes a partner's tenant id and trust after its domains, found by its tenant's domain", () => {
    const r = buildGuardrailImport(input(tenant({ partners: [{ tenantId: FABRIKAM, trustMfa: true, trustCompliantDevice: false, inheritsTrust: false, limitsInbound: false }] }), { [FABRIKAM]: "Fabrikam.com" }));
    expect(r.files.find((f) => f.path === "guests/fabrikam.yaml")!.after).toBe(PARTNER.replace("# theirs\n", `# theirs\ntenantIds: [${FABRIKAM}]\ncrossTenant:\n  trustMfa: true\n  trustCompliantDevice: false\n`));
  });

  it("changes nothing when the files already say what the tenant holds", () => {
    const first = buildGuardrailImport(input(tenant()));
    const again = buildGuardrailImport({ ...input(tenant()), policyFile: { path: "stacks/prod.yaml", text: first.files[0]!.after } });
    expect(again.files).toEqual([]);
    expect(again.set).toEqual([]);
  });
});
