// The rules for what rides along with a guest: partner domains, invitation copies and landing pages,
// sponsors and owners, adopted objectIds, and the length of free text. Each case that breaks a rule
// sits beside a neighbour that keeps it. Positions follow the layout of `oneGuest` (see helpers.ts).
import { describe, expect, it } from "vitest";
import { adoptionRules } from "../../src/rules/adoption-rules";
import { invitationRules } from "../../src/rules/invitation-rules";
import { peopleRules } from "../../src/rules/people-rules";
import { STACK } from "../helpers/fixtures";
import { expectProblems, oneGuest, stackWith, validateFiles, type Expected, type Files } from "./helpers";

const F = "guests/fabrikam.yaml";
const S = "stacks/prod.yaml";

function repo(guests: string, stack = STACK): Files {
  return { [S]: stack, [F]: guests };
}

/** A guest with `invitation:` fields; the first field is on line 12, its value at column 7 + key length + 2. */
function invited(fields: string): string {
  return oneGuest({ more: `    invitation:\n${fields}` });
}

const withOwners = (owners: string) => stackWith(["internalDomains: [contoso.com]\n", `internalDomains: [contoso.com]\nowners: ${owners}\n`]);
const withPolicy = (line: string) => stackWith(["  onRemoval: retain", `  onRemoval: retain\n  ${line}`]);
const withDefaultRedirect = (url: string, policy = "") =>
  stackWith(["internalDomains: [contoso.com]\n", `internalDomains: [contoso.com]\ninvitation:\n  redirectUrl: ${url}\n`], ["  onRemoval: retain", `  onRemoval: retain${policy ? `\n  ${policy}` : ""}`]);

interface Case {
  desc: string;
  files: Files;
  expected: Expected[];
}

const cases: Case[] = [
  // fileDomainsNotBlocked
  { desc: "a blocked consumer domain in a partner file's domains", files: repo(oneGuest({ domains: "[fabrikam.com, gmail.com]" })), expected: [{ rule: "fileDomainsNotBlocked", file: F, line: 2, column: 25, words: ['"gmail.com"', "policy.blockedDomains"] }] },
  { desc: "a domain the stack itself blocks", files: repo(oneGuest({ domains: "[fabrikam.com, northwind.example]" }), withPolicy("blockedDomains: [northwind.example]")), expected: [{ rule: "fileDomainsNotBlocked", file: F, line: 2, column: 25, words: ["northwind.example"] }] },
  { desc: "partner domains only", files: repo(oneGuest({ domains: "[fabrikam.com, fabrikam.de]" })), expected: [] },

  // ccPassesDomainPolicy
  { desc: "a cc at a consumer mail domain", files: repo(invited("      cc: [someone@gmail.com]")), expected: [{ rule: "ccPassesDomainPolicy", file: F, line: 12, column: 12, words: ['"someone@gmail.com"', "policy.blockedDomains"] }] },
  { desc: "a cc outside policy.allowedDomains", files: repo(invited("      cc: [pm@fabrikam.com]"), withPolicy("allowedDomains: [fabrikam.de]")), expected: [
    { rule: "ccPassesDomainPolicy", file: F, line: 12, column: 12, words: ['"pm@fabrikam.com"', "policy.allowedDomains (fabrikam.de)"] },
    { rule: "domainAllowed", file: F, line: 5, column: 12, words: ["policy.allowedDomains"] },
  ] },
  { desc: "a cc with a Cyrillic letter", files: repo(invited("      cc: [p\u0430m@fabrikam.com]")), expected: [{ rule: "ccPassesDomainPolicy", file: F, line: 12, column: 12, words: ["Cyrillic", "plain ASCII"] }] },
  { desc: "a cc to an internal colleague who is not the sponsor", files: repo(invited("      cc: [hana.kobayashi@contoso.com]")), expected: [{ rule: "ccPassesDomainPolicy", file: F, line: 12, column: 12, words: ['"hana.kobayashi@contoso.com"', "not this guest's sponsor", "redeem link"] }] },
  { desc: "a cc at another partner's domain", files: repo(invited("      cc: [buyer@northwind.example]")), expected: [{ rule: "ccPassesDomainPolicy", file: F, line: 12, column: 12, words: ["northwind.example", "this file's domains"] }] },
  { desc: "a cc the invitation API refuses", files: repo(invited("      cc: [pm+ana@fabrikam.com]")), expected: [{ rule: "ccPassesDomainPolicy", file: F, line: 12, column: 12, words: ['"+"'] }] },
  { desc: "a cc to the guest's sponsor, in another case", files: repo(invited("      cc: [Priya.Natarajan@contoso.com]")), expected: [] },
  { desc: "a cc to a colleague at the partner", files: repo(invited("      cc: [pm@eu.fabrikam.com]")), expected: [] },

  // redirectUrlAllowed
  { desc: "a guest's redirect to a host nobody allowed", files: repo(invited("      redirectUrl: https://evil.example/login")), expected: [{ rule: "redirectUrlAllowed", file: F, line: 12, column: 20, words: ['"https://evil.example/login"', "evil.example", "policy.allowedRedirectHosts (myapps.microsoft.com)"] }] },
  { desc: "a trusted name before an @ hides the real host", files: repo(invited("      redirectUrl: https://myapps.microsoft.com@evil.example/")), expected: [{ rule: "redirectUrlAllowed", file: F, line: 12, column: 20, words: ["user name before its host"] }] },
  { desc: "a subdomain of an allowed host is another host", files: repo(invited("      redirectUrl: https://myapps.microsoft.com.evil.example/")), expected: [{ rule: "redirectUrlAllowed", file: F, line: 12, column: 20, words: ["myapps.microsoft.com.evil.example"] }] },
  { desc: "the stack's own default host is allowed by default", files: repo(invited("      redirectUrl: https://portal.contoso.com/fabrikam"), withDefaultRedirect("https://portal.contoso.com/welcome")), expected: [] },
  { desc: "My Apps is allowed by default, in any case", files: repo(invited("      redirectUrl: https://MyApps.Microsoft.com/?tenantid=x"), withDefaultRedirect("https://portal.contoso.com/welcome")), expected: [] },
  {
    desc: "with a list, the stack's own default must be on it too",
    files: repo(invited("      redirectUrl: https://portal.contoso.com/fabrikam"), withDefaultRedirect("https://portal.contoso.com/welcome", "allowedRedirectHosts: [myapps.microsoft.com]")),
    expected: [
      { rule: "redirectUrlAllowed", file: S, line: 5, column: 16, words: ["invitation.redirectUrl", "portal.contoso.com"] },
      { rule: "redirectUrlAllowed", file: F, line: 12, column: 20, words: ["portal.contoso.com", "(myapps.microsoft.com)"] },
    ],
  },
  { desc: "a host the list names", files: repo(invited("      redirectUrl: https://partners.contoso.com/"), withPolicy("allowedRedirectHosts: [myapps.microsoft.com, partners.contoso.com]")), expected: [] },

  // asciiPeople
  { desc: "a file sponsor with a Cyrillic letter", files: repo(oneGuest({ fileSponsor: "priy\u0430.natarajan@contoso.com" })), expected: [{ rule: "asciiPeople", file: F, line: 3, column: 10, words: ["sponsor", "Cyrillic", "U+0430"] }] },
  { desc: "a guest's sponsor with a zero-width space", files: repo(oneGuest({ more: "    sponsor: \"olivia.chen\u200b@contoso.com\"" })), expected: [{ rule: "asciiPeople", file: F, line: 11, column: 14, words: ["sponsor", "invisible", "U+200B"] }] },
  { desc: "a catalog owner with a homoglyph domain", files: repo(oneGuest(), stackWith(["owners: [priya.natarajan@contoso.com]", "owners: [priya.natarajan@c\u043entoso.com]"])), expected: [{ rule: "asciiPeople", file: S, line: 11, column: 14, words: ['owner of group "erp-project"', "Cyrillic"] }] },
  { desc: "a stack owner with a punycode look-alike", files: repo(oneGuest(), withOwners("[platform@xn--cntoso-1ve.com]")), expected: [{ rule: "asciiPeople", file: S, line: 4, column: 10, words: ["stack owner", "internationalised"] }] },
  { desc: "plain ASCII sponsors and owners", files: repo(oneGuest(), withOwners("[platform.team@contoso.com]")), expected: [] },

  // stackOwnersAreInternal
  { desc: "a stack owner outside the home tenant", files: repo(oneGuest(), withOwners("[platform.team@contoso.com, friend@fabrikam.com]")), expected: [{ rule: "stackOwnersAreInternal", file: S, line: 4, column: 37, words: ['stack owner "friend@fabrikam.com"', "contoso.com"] }] },
  { desc: "stack owners in a subdomain of the home tenant", files: repo(oneGuest(), withOwners("[platform.team@it.contoso.com]")), expected: [] },

  // objectIdNotCatalogId
  { desc: "an objectId copied from a catalog group", files: repo(oneGuest({ more: "    objectId: 22222222-2222-4222-8222-222222222222" })), expected: [{ rule: "objectIdNotCatalogId", file: F, line: 11, column: 15, words: ['group "erp-project"', "not a guest's account"] }] },
  { desc: "an objectId copied from an app's service principal, in upper case", files: repo(oneGuest({ more: "    objectId: 55555555-5555-4555-8555-555555555555".toUpperCase().replace("OBJECTID", "objectId") })), expected: [{ rule: "objectIdNotCatalogId", file: F, line: 11, column: 15, words: ['servicePrincipalId of app "expenses"'] }] },
  { desc: "an objectId equal to the tenant id", files: repo(oneGuest({ more: "    objectId: 11111111-1111-4111-8111-111111111111" })), expected: [{ rule: "objectIdNotCatalogId", file: F, line: 11, column: 15, words: ["tenantId"] }] },
  { desc: "a guest's own objectId", files: repo(oneGuest({ more: "    objectId: c99c9aba-45c7-4dc0-9f0e-25e37ee4e7d5" })), expected: [] },

  // importConfirmed
  {
    desc: "an adopted entry whose justification is still guestops import's placeholder",
    files: repo(oneGuest().replace("justification: CHG-1042 ERP migration", 'justification: "CONFIRM: adopted from the tenant on 2026-12-01 by guestops import"')),
    expected: [{ rule: "importConfirmed", file: F, line: 8, column: 20, words: ["guestops import's placeholder", "check that the sponsor answers for the guest and that expires is right", "replace the justification with the real reason"] }],
  },
  { desc: "a new partner file whose name is still the placeholder", files: repo(oneGuest().replace("partner: Fabrikam", 'partner: "CONFIRM: the partner\'s name for fabrikam.com"')), expected: [{ rule: "importConfirmed", file: F, line: 1, column: 10, words: ["write the partner organisation's name"] }] },
  { desc: "a justification that mentions confirming is not a placeholder", files: repo(oneGuest().replace("justification: CHG-1042 ERP migration", 'justification: "CHG-1042 confirmed with the sponsor; CONFIRM: done"')), expected: [] },

  // maxLength of free text (schema)
  { desc: "a catalog displayName longer than Entra allows", files: repo(oneGuest(), stackWith(["displayName: ERP Project", `displayName: ${"E".repeat(257)}`])), expected: [{ rule: "schema", file: S, line: 10, column: 18, words: ["displayName", "at most 256 characters"] }] },
  { desc: "a catalog displayName of 256 characters", files: repo(oneGuest(), stackWith(["displayName: ERP Project", `displayName: ${"E".repeat(256)}`])), expected: [] },
  { desc: "a justification of a page and more", files: repo(oneGuest().replace("justification: CHG-1042 ERP migration", `justification: ${"x".repeat(1001)}`)), expected: [{ rule: "schema", file: F, line: 8, column: 20, words: ["justification", "at most 1000"] }] },
  { desc: "a partner name of 201 characters", files: repo(oneGuest().replace("partner: Fabrikam", `partner: ${"F".repeat(201)}`)), expected: [{ rule: "schema", file: F, line: 1, column: 10, words: ["partner", "at most 200"] }] },
  { desc: "a group reference far longer than any catalog key", files: repo(oneGuest({ groups: `[${"g".repeat(101)}]` })), expected: [{ rule: "schema", file: F, line: 9, column: 14, words: ["at most 100 characters"] }, { rule: "catalogReferences", file: F, line: 9, column: 14, words: ["known keys"] }] },
  { desc: "an invitation message over 2000 characters", files: repo(invited(`      message: ${"m".repeat(2001)}`)), expected: [{ rule: "schema", file: F, line: 12, column: 16, words: ["message", "at most 2000"] }] },
];

describe("invitation, partner-domain, people and adoption rules", () => {
  it.each(cases)("$desc", async ({ files, expected }) => {
    expectProblems(await validateFiles(files), expected);
  });

  it("has a breaking case for every rule of these lists", () => {
    for (const rule of [...invitationRules, ...peopleRules, ...adoptionRules]) {
      expect(cases.some((c) => c.expected.some((e) => e.rule === rule.name)), rule.name).toBe(true);
    }
  });
});
