// Every policy rule for guest entries: a case that breaks it (rule, place, message) next to a case that
// keeps it. Positions follow the layout of `oneGuest` (see helpers.ts).
import { describe, expect, it } from "vitest";
import { guestRules } from "../../src/rules/guest-rules";
import { STACK } from "../helpers/fixtures";
import { anotherGuest, expectProblems, oneGuest, stackWith, validateFiles, type Expected, type Files } from "./helpers";

const F = "guests/fabrikam.yaml";

interface Case {
  desc: string;
  /** The rule this case is about; cases with no problem of it are its passing neighbours. */
  rule: string;
  files: Files;
  /** The deployed base, as plan passes it; validate has none. */
  base?: Files;
  expected: Expected[];
}

function repo(guests: string, stack = STACK, extra: Files = {}): Files {
  return { "stacks/prod.yaml": stack, [F]: guests, ...extra };
}

const cases: Case[] = [
  // invitableAddresses
  {
    desc: "a + in the address",
    rule: "invitableAddresses",
    files: repo(oneGuest({ email: "ana+silva@fabrikam.com" })),
    expected: [{ rule: "invitableAddresses", file: F, line: 5, column: 12, words: ['"ana+silva@fabrikam.com"', '"+"', "invitation API refuses"] }],
  },
  {
    desc: "a dot that starts the local part",
    rule: "invitableAddresses",
    files: repo(oneGuest({ email: ".ana@fabrikam.com" })),
    expected: [{ rule: "invitableAddresses", file: F, line: 5, column: 12, words: ['".ana"', 'start or end with "." or "-"'] }],
  },
  {
    desc: "two dots in a row",
    rule: "invitableAddresses",
    files: repo(oneGuest({ email: "ana..silva@fabrikam.com" })),
    expected: [{ rule: "invitableAddresses", file: F, line: 5, column: 12, words: ['"ana..silva"', '".."'] }],
  },
  { desc: "dots, dashes and underscores inside the local part", rule: "invitableAddresses", files: repo(oneGuest({ email: "ana.silva-o_2@fabrikam.com" })), expected: [] },

  // asciiAddresses
  {
    desc: "a Cyrillic а in the local part",
    rule: "asciiAddresses",
    files: repo(oneGuest({ email: "\u0430na.silva@fabrikam.com" })),
    expected: [{ rule: "asciiAddresses", file: F, line: 5, column: 12, words: ["Cyrillic", "U+0430", "position 1", "plain ASCII"] }],
  },
  { desc: "a plain ASCII address with digits", rule: "asciiAddresses", files: repo(oneGuest({ email: "ana.silva2@fabrikam.com" })), expected: [] },

  // uniqueEmails
  {
    desc: "the same address twice in one file, in another case",
    rule: "uniqueEmails",
    files: repo(oneGuest({ more: anotherGuest("ANA.Silva@Fabrikam.com") })),
    expected: [
      { rule: "uniqueEmails", file: F, line: 11, column: 12, words: ['"ANA.Silva@Fabrikam.com"', `${F}:5:12`, '"ana.silva@fabrikam.com"', "keep one entry"] },
      { rule: "uniqueEmails", file: F, line: 5, column: 12, words: ['"ana.silva@fabrikam.com"', `${F}:11:12`, '"ANA.Silva@Fabrikam.com"'] },
    ],
  },
  {
    desc: "the same address in two files: validate reports both places, each naming the other",
    rule: "uniqueEmails",
    files: repo(oneGuest(), STACK, { "guests/fabrikam-contractors.yaml": oneGuest() }),
    expected: [
      { rule: "uniqueEmails", file: F, line: 5, column: 12, words: ["guests/fabrikam-contractors.yaml:5:12"] },
      { rule: "uniqueEmails", file: "guests/fabrikam-contractors.yaml", line: 5, column: 12, words: [`${F}:5:12`] },
    ],
  },
  {
    desc: "with a base, only the copy the change adds (in the new file), where the diff shows it",
    rule: "uniqueEmails",
    files: repo(oneGuest(), STACK, { "guests/fabrikam-contractors.yaml": oneGuest() }),
    base: repo(oneGuest()),
    expected: [{ rule: "uniqueEmails", file: "guests/fabrikam-contractors.yaml", line: 5, column: 12, words: [`${F}:5:12`] }],
  },
  {
    desc: "with a base, the copy added below the old line in the same file",
    rule: "uniqueEmails",
    files: repo(oneGuest({ more: anotherGuest("ANA.Silva@Fabrikam.com") })),
    base: repo(oneGuest()),
    expected: [{ rule: "uniqueEmails", file: F, line: 11, column: 12, words: [`${F}:5:12`] }],
  },
  {
    desc: "with a base, an old entry the change also edits is in the diff too, so both are reported",
    rule: "uniqueEmails",
    files: repo(oneGuest({ expires: "2027-04-30" }), STACK, { "guests/fabrikam-contractors.yaml": oneGuest() }),
    base: repo(oneGuest()),
    expected: [
      { rule: "uniqueEmails", file: F, line: 5, column: 12, words: ["guests/fabrikam-contractors.yaml:5:12"] },
      { rule: "uniqueEmails", file: "guests/fabrikam-contractors.yaml", line: 5, column: 12, words: [`${F}:5:12`] },
    ],
  },
  { desc: "two different addresses", rule: "uniqueEmails", files: repo(oneGuest({ more: anotherGuest("ana.silva2@fabrikam.com") })), expected: [] },

  // domainInFileDomains
  {
    desc: "an address outside the file's domains",
    rule: "domainInFileDomains",
    files: repo(oneGuest({ email: "ana.silva@northwind.example" })),
    expected: [{ rule: "domainInFileDomains", file: F, line: 5, column: 12, words: ["northwind.example", "fabrikam.com", '"domains"'] }],
  },
  { desc: "a subdomain of one of the file's domains", rule: "domainInFileDomains", files: repo(oneGuest({ email: "ana.silva@eu.fabrikam.com" })), expected: [] },

  // domainNotInternal
  {
    desc: "an internal domain in the file and an internal address",
    rule: "domainNotInternal",
    files: repo(oneGuest({ domains: "[fabrikam.com, contoso.com]", email: "megan.bowen@contoso.com" })),
    expected: [
      { rule: "domainNotInternal", file: F, line: 2, column: 25, words: ['"contoso.com"', "internal", "partner domains"] },
      { rule: "domainNotInternal", file: F, line: 5, column: 12, words: ['"megan.bowen@contoso.com"', "internal address", "members of the tenant"] },
    ],
  },
  {
    desc: "a subdomain of an internal domain",
    rule: "domainNotInternal",
    files: repo(oneGuest({ domains: "[eu.contoso.com]", email: "megan.bowen@eu.contoso.com" })),
    expected: [
      { rule: "domainNotInternal", file: F, line: 2, column: 11, words: ['"eu.contoso.com"', "(contoso.com)"] },
      { rule: "domainNotInternal", file: F, line: 5, column: 12, words: ["internal address"] },
    ],
  },
  {
    desc: "a domain that merely ends in the internal name",
    rule: "domainNotInternal",
    files: repo(oneGuest({ domains: "[notcontoso.com]", email: "ana.silva@notcontoso.com" })),
    expected: [],
  },

  // domainNotBlocked
  {
    desc: "a consumer mail address (default blocked list)",
    rule: "domainNotBlocked",
    files: repo(oneGuest({ domains: "[gmail.com]", email: "ana.silva@gmail.com" })),
    expected: [
      { rule: "domainNotBlocked", file: F, line: 5, column: 12, words: ['"ana.silva@gmail.com"', "gmail.com", "policy.blockedDomains", "work address"] },
      { rule: "fileDomainsNotBlocked", file: F, line: 2, column: 11, words: ['"gmail.com"', "policy.blockedDomains"] },
    ],
  },
  {
    desc: "a domain the stack's own blocked list names",
    rule: "domainNotBlocked",
    files: repo(oneGuest(), stackWith(["  onRemoval: retain", "  onRemoval: retain\n  blockedDomains: [fabrikam.com]"])),
    expected: [
      { rule: "domainNotBlocked", file: F, line: 5, column: 12, words: ["fabrikam.com", "policy.blockedDomains"] },
      { rule: "fileDomainsNotBlocked", file: F, line: 2, column: 11, words: ['"fabrikam.com"'] },
    ],
  },
  { desc: "a partner subdomain that starts with a blocked name", rule: "domainNotBlocked", files: repo(oneGuest({ email: "ana.silva@gmail.fabrikam.com" })), expected: [] },

  // domainAllowed
  {
    desc: "a domain outside policy.allowedDomains",
    rule: "domainAllowed",
    files: repo(oneGuest(), stackWith(["  onRemoval: retain", "  onRemoval: retain\n  allowedDomains: [northwind.example]"])),
    expected: [{ rule: "domainAllowed", file: F, line: 5, column: 12, words: ["fabrikam.com", "policy.allowedDomains (northwind.example)", "reviewed change"] }],
  },
  {
    desc: "a domain in policy.allowedDomains",
    rule: "domainAllowed",
    files: repo(oneGuest(), stackWith(["  onRemoval: retain", "  onRemoval: retain\n  allowedDomains: [fabrikam.com]"])),
    expected: [],
  },

  // sponsorIsInternal
  {
    desc: "a guest's sponsor from the partner",
    rule: "sponsorIsInternal",
    files: repo(oneGuest({ more: "    sponsor: bob.lee@fabrikam.com" })),
    expected: [{ rule: "sponsorIsInternal", file: F, line: 11, column: 14, words: ['"bob.lee@fabrikam.com"', "not an internal address", "contoso.com"] }],
  },
  {
    desc: "the file's default sponsor from the partner",
    rule: "sponsorIsInternal",
    files: repo(oneGuest({ fileSponsor: "bob.lee@fabrikam.com" })),
    expected: [{ rule: "sponsorIsInternal", file: F, line: 3, column: 10, words: ['"bob.lee@fabrikam.com"', "contoso.com"] }],
  },
  { desc: "a guest's own internal sponsor", rule: "sponsorIsInternal", files: repo(oneGuest({ more: "    sponsor: olivia.chen@contoso.com" })), expected: [] },

  // realDates
  {
    desc: "expires on 30 February",
    rule: "realDates",
    files: repo(oneGuest({ expires: "2027-02-30" })),
    expected: [{ rule: "realDates", file: F, line: 7, column: 14, words: ['"2027-02-30"', "not a real calendar date", "month and day"] }],
  },
  {
    desc: "reviewed on 29 February of a common year",
    rule: "realDates",
    files: repo(oneGuest({ more: "    reviewed: 2026-02-29" })),
    expected: [{ rule: "realDates", file: F, line: 11, column: 15, words: ['reviewed "2026-02-29"', "not a real calendar date"] }],
  },
  { desc: "expires on the last day of February", rule: "realDates", files: repo(oneGuest({ expires: "2027-02-28" })), expected: [] },

  // expiryWithinPolicy
  {
    desc: "one day beyond policy.maxExpiryDays",
    rule: "expiryWithinPolicy",
    files: repo(oneGuest({ expires: "2027-12-02" })),
    expected: [{ rule: "expiryWithinPolicy", file: F, line: 7, column: 14, words: ['"2027-12-02"', "366 days after 2026-12-01", "policy.maxExpiryDays", "365 days", "on or before 2027-12-01"] }],
  },
  { desc: "exactly policy.maxExpiryDays ahead", rule: "expiryWithinPolicy", files: repo(oneGuest({ expires: "2027-12-01" })), expected: [] },
  {
    desc: "beyond a group's tighter limit",
    rule: "expiryWithinPolicy",
    files: repo(oneGuest({ groups: "[finance]" })),
    expected: [{ rule: "expiryWithinPolicy", file: F, line: 7, column: 14, words: ['group "finance"', "at most 90 days", "on or before 2027-03-01"] }],
  },
  { desc: "exactly a group's tighter limit", rule: "expiryWithinPolicy", files: repo(oneGuest({ groups: "[finance]", expires: "2027-03-01" })), expected: [] },
  {
    desc: "beyond an app's tighter limit",
    rule: "expiryWithinPolicy",
    files: repo(oneGuest(), stackWith(["    displayName: Contoso Expenses", "    displayName: Contoso Expenses\n    maxExpiryDays: 60"])),
    expected: [{ rule: "expiryWithinPolicy", file: F, line: 7, column: 14, words: ['app "expenses"', "at most 60 days", "on or before 2027-01-30"] }],
  },

  // catalogReferences
  {
    desc: "a misspelt group",
    rule: "catalogReferences",
    files: repo(oneGuest({ groups: "[erp-projct]" })),
    expected: [{ rule: "catalogReferences", file: F, line: 9, column: 14, words: ['group "erp-projct"', "not in the stack's catalog", 'did you mean "erp-project"?'] }],
  },
  {
    desc: "a group with no near match lists the known ones",
    rule: "catalogReferences",
    files: repo(oneGuest({ groups: "[marketing]" })),
    expected: [{ rule: "catalogReferences", file: F, line: 9, column: 14, words: ['group "marketing"', "known keys: erp-project, finance, security-ops"] }],
  },
  {
    desc: "a misspelt app",
    rule: "catalogReferences",
    files: repo(oneGuest({ apps: "[{ app: expense, role: Submitter }]" })),
    expected: [{ rule: "catalogReferences", file: F, line: 10, column: 19, words: ['app "expense"', 'did you mean "expenses"?'] }],
  },
  {
    desc: "an app named like an inherited property",
    rule: "catalogReferences",
    files: repo(oneGuest({ apps: "[{ app: constructor, role: Submitter }]" })),
    expected: [{ rule: "catalogReferences", file: F, line: 10, column: 19, words: ['app "constructor"', "not in the stack's catalog"] }],
  },
  {
    desc: "a misspelt role",
    rule: "catalogReferences",
    files: repo(oneGuest({ apps: "[{ app: expenses, role: Submiter }]" })),
    expected: [{ rule: "catalogReferences", file: F, line: 10, column: 35, words: ['role "Submiter"', 'app "expenses"', 'did you mean "Submitter"?', "omit role for default access"] }],
  },
  {
    desc: "a role with no near match lists the app's roles",
    rule: "catalogReferences",
    files: repo(oneGuest({ apps: "[{ app: expenses, role: Owner }]" })),
    expected: [{ rule: "catalogReferences", file: F, line: 10, column: 35, words: ['role "Owner"', "its roles are Submitter, Approver"] }],
  },
  { desc: "an app without a role (default access)", rule: "catalogReferences", files: repo(oneGuest({ apps: "[{ app: expenses }]" })), expected: [] },

  // groupAllowsGuests
  {
    desc: "a group with allowGuests: false",
    rule: "groupAllowsGuests",
    files: repo(oneGuest({ groups: "[security-ops]" })),
    expected: [{ rule: "groupAllowsGuests", file: F, line: 9, column: 14, words: ['group "security-ops"', "allowGuests: false", "hana.kobayashi@contoso.com"] }],
  },
  { desc: "a group with allowGuests: true", rule: "groupAllowsGuests", files: repo(oneGuest({ groups: "[erp-project]" })), expected: [] },

  // uniqueObjectIds
  {
    desc: "one objectId on two entries, in different case",
    rule: "uniqueObjectIds",
    files: repo(oneGuest({ more: `    objectId: aaaaaaaa-1111-4111-8111-111111111111\n${anotherGuest("ben.carter@fabrikam.com", "\n    objectId: AAAAAAAA-1111-4111-8111-111111111111")}` })),
    expected: [{ rule: "uniqueObjectIds", file: F, line: 16, column: 15, words: ["AAAAAAAA-1111-4111-8111-111111111111", '"ana.silva@fabrikam.com"', `${F}:5:12`] }],
  },
  {
    desc: "two entries with their own objectIds",
    rule: "uniqueObjectIds",
    files: repo(oneGuest({ more: `    objectId: aaaaaaaa-1111-4111-8111-111111111111\n${anotherGuest("ben.carter@fabrikam.com", "\n    objectId: bbbbbbbb-1111-4111-8111-111111111111")}` })),
    expected: [],
  },

  // messageOrLanguage
  {
    desc: "an invitation with both a message and a language",
    rule: "messageOrLanguage",
    files: repo(oneGuest({ more: "    invitation: { message: Welcome to Contoso, language: de-DE }" })),
    expected: [{ rule: "messageOrLanguage", file: F, line: 11, column: 58, severity: "warning", words: ["invitation.language is ignored", "remove one of them"] }],
  },
  { desc: "an invitation with a message only", rule: "messageOrLanguage", files: repo(oneGuest({ more: "    invitation: { message: Welcome to Contoso }" })), expected: [] },

  // expiringSoon
  {
    desc: "expires tomorrow",
    rule: "expiringSoon",
    files: repo(oneGuest({ expires: "2026-12-02" })),
    expected: [{ rule: "expiringSoon", file: F, line: 7, column: 14, severity: "warning", words: ['"ana.silva@fabrikam.com"', "expires on 2026-12-02, tomorrow", "renew"] }],
  },
  {
    desc: "expires today",
    rule: "expiringSoon",
    files: repo(oneGuest({ expires: "2026-12-01" })),
    expected: [{ rule: "expiringSoon", file: F, line: 7, column: 14, severity: "warning", words: ["expires on 2026-12-01, today"] }],
  },
  {
    desc: "expires in exactly 30 days",
    rule: "expiringSoon",
    files: repo(oneGuest({ expires: "2026-12-31" })),
    expected: [{ rule: "expiringSoon", file: F, line: 7, column: 14, severity: "warning", words: ["in 30 days"] }],
  },
  { desc: "expires in 31 days", rule: "expiringSoon", files: repo(oneGuest({ expires: "2027-01-01" })), expected: [] },

  // alreadyExpired
  {
    desc: "expired yesterday",
    rule: "alreadyExpired",
    files: repo(oneGuest({ expires: "2026-11-30" })),
    expected: [{ rule: "alreadyExpired", file: F, line: 7, column: 14, severity: "warning", words: ['"ana.silva@fabrikam.com"', "expired on 2026-11-30, 1 day ago", "an existing entry loses its access on the next deploy, and a new one is refused by guestops plan", "renew the date or delete the entry"], absent: ["their access will be removed"] }],
  },
  {
    desc: "expired two months ago",
    rule: "alreadyExpired",
    files: repo(oneGuest({ expires: "2026-10-01" })),
    expected: [{ rule: "alreadyExpired", file: F, line: 7, column: 14, severity: "warning", words: ["61 days ago"] }],
  },
  {
    desc: "expiring today is not yet expired",
    rule: "alreadyExpired",
    files: repo(oneGuest({ expires: "2026-12-01" })),
    expected: [{ rule: "expiringSoon", file: F, line: 7, column: 14, severity: "warning", words: ["today"] }],
  },

  {
    desc: "past the grace period, validate (no base) says a new entry could never get access",
    rule: "alreadyExpired",
    files: repo(oneGuest({ expires: "2026-10-01" })),
    expected: [{ rule: "alreadyExpired", file: F, line: 7, column: 14, severity: "warning", words: ["a new one is refused by guestops plan", "past the 30 days grace period, so it could never get access"] }],
  },

  // newEntryNotExpired
  {
    desc: "a new entry past the grace period, with a base",
    rule: "newEntryNotExpired",
    files: repo(oneGuest({ more: anotherGuest("new.person@fabrikam.com").replace("2027-03-31", "2026-10-01") })),
    base: repo(oneGuest()),
    expected: [{ rule: "newEntryNotExpired", file: F, line: 13, column: 14, words: ['"new.person@fabrikam.com" is new in this change', "expired on 2026-10-01, 61 days ago", "past the 30 days grace period", "can never get access"] }],
  },
  {
    desc: "the grace period is the policy's",
    rule: "newEntryNotExpired",
    files: repo(oneGuest({ expires: "2026-11-20" }), stackWith(["  onRemoval: retain", "  onRemoval: retain\n  expiredGraceDays: 7"])),
    base: repo(oneGuest({ email: "someone.else@fabrikam.com" })),
    expected: [{ rule: "newEntryNotExpired", file: F, line: 7, column: 14, words: ["11 days ago", "7 days grace period"] }],
  },
  {
    desc: "an old entry past the grace period is only the usual warning",
    rule: "newEntryNotExpired",
    files: repo(oneGuest({ expires: "2026-10-01" })),
    base: repo(oneGuest()),
    expected: [{ rule: "alreadyExpired", file: F, line: 7, column: 14, severity: "warning", words: ["access will be removed"] }],
  },
  {
    desc: "a new entry within the grace period is an error too: inviting it would email the guest",
    rule: "newEntryNotExpired",
    files: repo(oneGuest({ expires: "2026-11-20" })),
    base: repo(oneGuest({ email: "someone.else@fabrikam.com" })),
    expected: [{ rule: "newEntryNotExpired", file: F, line: 7, column: 14, words: ["is new in this change but expired on 2026-11-20, 11 days ago", "would email a guest whose access has already ended", "set expires to a future date"] }],
  },
  {
    desc: "a new entry expiring on the judged day is still active",
    rule: "newEntryNotExpired",
    files: repo(oneGuest({ expires: "2026-12-01" })),
    base: repo(oneGuest({ email: "someone.else@fabrikam.com" })),
    expected: [{ rule: "expiringSoon", file: F, line: 7, column: 14, severity: "warning", words: ["today"] }],
  },

  // reviewOverdue
  {
    desc: "last reviewed more than the default 180 days ago",
    rule: "reviewOverdue",
    files: repo(oneGuest({ more: "    reviewed: 2026-06-01" })),
    expected: [{ rule: "reviewOverdue", file: F, line: 11, column: 15, severity: "warning", words: ["reviewed on 2026-06-01, 183 days ago", "every 180 days", "set reviewed"] }],
  },
  {
    desc: "beyond the stack's own review interval",
    rule: "reviewOverdue",
    files: repo(oneGuest({ more: "    reviewed: 2026-10-01" }), stackWith(["  onRemoval: retain", "  onRemoval: retain\n  reviewIntervalDays: 30"])),
    expected: [{ rule: "reviewOverdue", file: F, line: 11, column: 15, severity: "warning", words: ["61 days ago", "every 30 days"] }],
  },
  { desc: "reviewed exactly 180 days ago", rule: "reviewOverdue", files: repo(oneGuest({ more: "    reviewed: 2026-06-04" })), expected: [] },

  // reviewedNotInFuture
  {
    desc: "a review dated after the judged day would clear the overdue warning before anyone reviewed",
    rule: "reviewedNotInFuture",
    files: repo(oneGuest({ more: "    reviewed: 2026-12-02" })),
    expected: [{ rule: "reviewedNotInFuture", file: F, line: 11, column: 15, severity: "error", words: ["reviewed on 2026-12-02, after 2026-12-01", "set reviewed to the review's date"] }],
  },
  { desc: "reviewed on the judged day", rule: "reviewedNotInFuture", files: repo(oneGuest({ more: "    reviewed: 2026-12-01" })), expected: [] },
];

describe("guest rules", () => {
  it.each(cases)("$rule: $desc", async ({ files, base, expected }) => {
    expectProblems(await validateFiles(files, undefined, undefined, base), expected);
  });

  it("has a breaking case and a passing neighbour for every rule", () => {
    for (const rule of guestRules) {
      const mine = cases.filter((c) => c.rule === rule.name);
      expect(mine.some((c) => c.expected.some((e) => e.rule === rule.name)), `${rule.name}: breaking case`).toBe(true);
      expect(mine.some((c) => c.expected.every((e) => e.rule !== rule.name)), `${rule.name}: passing neighbour`).toBe(true);
    }
    expect(cases.every((c) => guestRules.some((r) => r.name === c.rule))).toBe(true);
  });
});
