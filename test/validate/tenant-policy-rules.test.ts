// The guardrails' rules and schema, as table tests positioned in the files. STACK (test/helpers/fixtures)
// ends on line 31; the tenantPolicy below starts on line 32, so its positions are read off TP's lines.
import { describe, it } from "vitest";
import { FABRIKAM, STACK } from "../helpers/fixtures";
import { expectProblems, oneGuest, validateFiles, type Expected, type Files } from "./helpers";

const S = "stacks/prod.yaml";
const F = "guests/fabrikam.yaml";

/** STACK with a tenantPolicy appended: line 32 `tenantPolicy:`, then `lines` from line 33 on. */
const withPolicy = (...lines: string[]) => `${STACK}tenantPolicy:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
const MFA_OK = ["conditionalAccess:", "  guestMfa: reportOnly", "  excludeAccounts: [breakglass@contoso.com]"];
const partner = (extra: string) => `${FABRIKAM.trimEnd()}\n${extra}\n`;

interface Case {
  desc: string;
  files: Files;
  expected: Expected[];
}

const cases: Case[] = [
  { desc: "the issue's example", files: { [S]: withPolicy("invitations:", "  allowInvitesFrom: adminsAndGuestInviters", "guestAccess: restricted", ...MFA_OK, "domainList: off"), [F]: FABRIKAM }, expected: [] },
  {
    desc: "guestMfa on without excludeAccounts",
    files: { [S]: withPolicy("conditionalAccess:", "  guestMfa: on"), [F]: FABRIKAM },
    expected: [{ rule: "breakGlassExcluded", file: S, line: 34, column: 15, words: ["guestMfa on needs at least one break-glass account", "excludeAccounts: [breakglass@contoso.com]", "or set guestMfa: off"] }],
  },
  {
    desc: "guestMfa reportOnly with an empty excludeAccounts",
    files: { [S]: withPolicy("conditionalAccess:", "  guestMfa: reportOnly", "  excludeAccounts: []"), [F]: FABRIKAM },
    expected: [{ rule: "breakGlassExcluded", file: S, line: 35, column: 22, words: ["guestMfa reportOnly", "which is empty"] }],
  },
  { desc: "guestMfa off needs no excluded account", files: { [S]: withPolicy("conditionalAccess:", "  guestMfa: off"), [F]: FABRIKAM }, expected: [] },
  {
    desc: "an excluded account outside the home tenant",
    files: { [S]: withPolicy("conditionalAccess:", "  guestMfa: on", "  excludeAccounts: [breakglass@contoso.com, admin@fabrikam.com]"), [F]: FABRIKAM },
    expected: [{ rule: "excludedAccountsInternal", file: S, line: 35, column: 47, words: ['excluded account "admin@fabrikam.com" is not an internal address', "must be in contoso.com"] }],
  },
  {
    desc: "an excluded account with a Cyrillic letter",
    files: { [S]: withPolicy("conditionalAccess:", "  guestMfa: on", "  excludeAccounts: [breakglass@cоntoso.com]"), [F]: FABRIKAM },
    expected: [{ rule: "excludedAccountsInternal", file: S, line: 35, column: 23, words: ["a Cyrillic character", "retype it"] }],
  },
  {
    desc: "an excluded account with a zero-width space",
    files: { [S]: withPolicy("conditionalAccess:", "  guestMfa: on", '  excludeAccounts: ["break\u200bglass@contoso.com"]'), [F]: FABRIKAM },
    expected: [{ rule: "excludedAccountsInternal", file: S, line: 35, column: 23, words: ["an invisible or control character (U+200B)"] }],
  },
  {
    desc: "a guestMfa the schema does not know",
    files: { [S]: withPolicy("conditionalAccess:", "  guestMfa: enforced", "  excludeAccounts: [breakglass@contoso.com]"), [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 34, column: 15, words: ["enforced", "reportOnly"] }],
  },
  {
    desc: "an allow list that would block a guest whose domain no partner file lists",
    files: { [S]: withPolicy("domainList: allow"), [F]: oneGuest({ email: "omar@eu.fabrikam.com" }) },
    expected: [{ rule: "domainListKeepsGuests", file: F, line: 5, column: 12, words: ['email "omar@eu.fabrikam.com"', "domainList: allow would block eu.fabrikam.com tenant-wide", 'add "eu.fabrikam.com" to the domains of guests/fabrikam.yaml'] }],
  },
  { desc: "an allow list of the partner files' domains", files: { [S]: withPolicy("domainList: allow"), [F]: FABRIKAM }, expected: [] },
  {
    desc: "a deny list with a declared guest's domain: the guest rules already refuse the guest, so the list never blocks one",
    files: { [S]: withPolicy("domainList: deny").replace("  onRemoval: retain", "  onRemoval: retain\n  blockedDomains: [fabrikam.com]"), [F]: FABRIKAM },
    expected: [
      { rule: "fileDomainsNotBlocked", file: F, line: 3, column: 11, words: ['domain "fabrikam.com"'] },
      { rule: "domainNotBlocked", file: F, line: 6, column: 12, words: ['email "ana.silva@fabrikam.com"', "policy.blockedDomains refuses"] },
      { rule: "domainNotBlocked", file: F, line: 13, column: 12, words: ['email "ben.carter@fabrikam.com"'] },
    ],
  },
  {
    desc: "a partner tenant id declared in two files",
    files: {
      [S]: withPolicy(...MFA_OK),
      [F]: partner("tenantIds: [aaaaaaaa-1111-4111-8111-111111111111]"),
      "guests/northwind.yaml": oneGuest({ email: "omar@fabrikam.com", more: "tenantIds: [AAAAAAAA-1111-4111-8111-111111111111]" }),
    },
    expected: [{ rule: "partnerTenantsUnique", file: "guests/northwind.yaml", line: 11, column: 13, words: ["tenant id AAAAAAAA-1111-4111-8111-111111111111 is already declared at guests/fabrikam.yaml:18:13", "keep it in one of them"] }],
  },
  {
    desc: "the home tenant as a partner",
    files: { [S]: withPolicy(...MFA_OK), [F]: partner("tenantIds: [11111111-1111-4111-8111-111111111111]") },
    expected: [{ rule: "partnerTenantsUnique", file: F, line: 18, column: 13, words: ["is the home tenant's own tenantId"] }],
  },
  {
    desc: "crossTenant without tenantIds",
    files: { [S]: withPolicy(...MFA_OK), [F]: partner("crossTenant: { trustMfa: true }") },
    expected: [{ rule: "crossTenantNeedsTenantIds", file: F, line: 18, column: 1, words: ["crossTenant needs the partner's tenantIds", "tenantIds: [<the partner's tenant id>]"] }],
  },
  {
    desc: "a tenant id that is not a UUID",
    files: { [S]: withPolicy(...MFA_OK), [F]: partner("tenantIds: [fabrikam.onmicrosoft.com]") },
    expected: [{ rule: "schema", file: F, line: 18, column: 13, words: ["fabrikam.onmicrosoft.com"] }],
  },
  {
    desc: "a trust setting the schema does not know",
    files: { [S]: withPolicy(...MFA_OK), [F]: partner("tenantIds: [aaaaaaaa-1111-4111-8111-111111111111]\ncrossTenant: { trustMfa: true, trustEverything: true }") },
    expected: [{ rule: "schema", file: F, line: 19, column: 32, words: ["trustEverything"] }],
  },
  {
    desc: "limiting inbound to a catalog without apps",
    files: { [S]: withPolicy("crossTenant:", "  limitInboundToCatalog: true").replace(/apps:\n[\s\S]*?(?=tenantPolicy:)/, "apps: {}\n"), [F]: oneGuest({ apps: "[]" }) },
    expected: [{ rule: "inboundLimitHasApps", file: S, line: 27, column: 28, words: ["would allow the partners' users no app at all", "set it to false"] }],
  },
  {
    desc: "tenantIds in a stack without tenantPolicy: a warning that they do nothing",
    files: { [S]: STACK, [F]: partner("tenantIds: [aaaaaaaa-1111-4111-8111-111111111111]") },
    expected: [{ rule: "partnerSettingsDeployed", file: F, line: 18, column: 1, severity: "warning", words: ["have no effect: the stack declares no tenantPolicy"] }],
  },
  {
    desc: "deploys: tenantPolicy without a tenantPolicy",
    files: { [S]: `${STACK}deploys: tenantPolicy\n`, [F]: FABRIKAM },
    expected: [{ rule: "deploysSomething", file: S, line: 32, column: 10, words: ["declares no tenantPolicy, so this stack would deploy nothing"] }],
  },
  {
    desc: "a whole stack that declares guardrails and deploys only guests: a warning that they are not deployed",
    files: { [S]: withPolicy("domainList: off").replace("tenantPolicy:", "deploys: guests\ntenantPolicy:"), [F]: FABRIKAM },
    expected: [{ rule: "tenantPolicyDeployed", file: S, line: 33, column: 1, severity: "warning", words: ["tenantPolicy is not deployed: this stack says deploys: guests", "set deploys: both"] }],
  },
  {
    desc: "a deploys value the schema does not know",
    files: { [S]: `${STACK}deploys: everything\n`, [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 32, column: 10, words: ["everything", "guests, tenantPolicy, both"] }],
  },
  {
    desc: "who may invite, spelled as the portal says it",
    files: { [S]: withPolicy("invitations:", "  allowInvitesFrom: adminsOnly"), [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 34, column: 23, words: ["adminsOnly", "adminsAndGuestInviters"] }],
  },
  {
    desc: "a guest access the schema does not know",
    files: { [S]: withPolicy("guestAccess: full"), [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 33, column: 16, words: ["full", "restricted, limited, member"] }],
  },
  {
    desc: "a domain list mode the schema does not know",
    files: { [S]: withPolicy("domainList: block"), [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 33, column: 15, words: ["block", "off, allow, deny"] }],
  },
  {
    desc: "an unknown guardrail",
    files: { [S]: withPolicy("guestMfa: on"), [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 33, column: 3, words: ['unknown field "guestMfa"'] }],
  },
  {
    desc: "conditionalAccess without guestMfa",
    files: { [S]: withPolicy("conditionalAccess:", "  excludeAccounts: [breakglass@contoso.com]"), [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 34, column: 5, words: ['missing required field "guestMfa"'] }],
  },
  {
    desc: "an inbound limit that is not a boolean",
    files: { [S]: withPolicy("crossTenant:", "  limitInboundToCatalog: yes"), [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 34, column: 28, words: ['must be true or false, not string "yes"'] }],
  },
  {
    desc: "one tenant id twice in a file",
    files: { [S]: withPolicy(...MFA_OK), [F]: partner("tenantIds: [aaaaaaaa-1111-4111-8111-111111111111, aaaaaaaa-1111-4111-8111-111111111111]") },
    expected: [{ rule: "schema", file: F, line: 18, column: 51, words: ['lists "aaaaaaaa-1111-4111-8111-111111111111" twice', "remove one"] }],
  },
  {
    desc: "one tenant id twice in a file, in another case",
    files: { [S]: withPolicy(...MFA_OK), [F]: partner("tenantIds: [aaaaaaaa-1111-4111-8111-111111111111, AAAAAAAA-1111-4111-8111-111111111111]") },
    expected: [{ rule: "partnerTenantsUnique", file: F, line: 18, column: 51, words: ["tenant id AAAAAAAA-1111-4111-8111-111111111111 is listed twice in tenantIds (also as aaaaaaaa-1111-4111-8111-111111111111 at guests/fabrikam.yaml:18:13)"] }],
  },
  {
    desc: "an authentication strength that is not an id",
    files: { [S]: withPolicy(...MFA_OK, "  authenticationStrength: phishing-resistant"), [F]: FABRIKAM },
    expected: [{ rule: "schema", file: S, line: 36, column: 29, words: ["phishing-resistant"] }],
  },
];

describe("tenant policy rules", () => {
  it.each(cases)("$desc", async ({ files, expected }) => {
    expectProblems(await validateFiles(files), expected);
  });
});
