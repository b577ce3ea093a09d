// The stack file's own rules and schema errors, positioned in stacks/prod.yaml. Line numbers refer to
// STACK in test/helpers/fixtures.ts (erp-project's owners on line 11, finance's objectId on 14, ...).
import { describe, expect, it } from "vitest";
import { stackRules } from "../../src/rules/stack-rules";
import { FABRIKAM } from "../helpers/fixtures";
import { expectProblems, stackWith, validateFiles, type Expected, type Files } from "./helpers";

const S = "stacks/prod.yaml";

interface Case {
  desc: string;
  rule: string;
  files: Files;
  expected: Expected[];
}

const withStack = (...edits: [string, string][]): Files => ({ [S]: stackWith(...edits), "guests/fabrikam.yaml": FABRIKAM });

const ruleCases: Case[] = [
  {
    desc: "a guestops:asOf that is not on the calendar",
    rule: "configDateIsReal",
    files: { ...withStack(), "Pulumi.prod.yaml": 'config:\n  guestops:asOf: "2027-02-30"\n' },
    expected: [{ rule: "configDateIsReal", file: "Pulumi.prod.yaml", line: 2, column: 18, words: ['guestops:asOf "2027-02-30" is not a real calendar date', "pulumi config rm guestops:asOf"] }],
  },
  {
    desc: "onRemoval: delete without lifecycle.blockSignInOnExpiry stated",
    rule: "deletionStatesLifecycle",
    files: withStack(["onRemoval: retain", "onRemoval: delete"]),
    expected: [{ rule: "deletionStatesLifecycle", file: S, line: 6, column: 14, words: ["policy.onRemoval: delete needs lifecycle.blockSignInOnExpiry: true", "docs/lifecycle.md"] }],
  },
  {
    desc: "onRemoval: delete with sign-in blocking turned off",
    rule: "deletionStatesLifecycle",
    files: withStack(["onRemoval: retain", "onRemoval: delete"], ["groups:", "lifecycle:\n  blockSignInOnExpiry: false\ngroups:"]),
    expected: [{ rule: "deletionStatesLifecycle", file: S, line: 8, column: 24, words: ["needs lifecycle.blockSignInOnExpiry: true in the stack file, not false"] }],
  },
  { desc: "onRemoval: delete with lifecycle.blockSignInOnExpiry: true", rule: "deletionStatesLifecycle", files: withStack(["onRemoval: retain", "onRemoval: delete"], ["groups:", "lifecycle:\n  blockSignInOnExpiry: true\ngroups:"]), expected: [] },
  { desc: "a real guestops:asOf", rule: "configDateIsReal", files: { ...withStack(), "Pulumi.prod.yaml": 'config:\n  guestops:asOf: "2026-12-01"\n' }, expected: [] },
  {
    desc: "a consumer mail domain among the internal domains",
    rule: "internalDomainsNotBlocked",
    files: withStack(["internalDomains: [contoso.com]", "internalDomains: [contoso.com, outlook.com]"]),
    expected: [{ rule: "internalDomainsNotBlocked", file: S, line: 3, column: 32, words: ['"outlook.com"', "policy.blockedDomains"] }],
  },
  { desc: "the home tenant's own domains", rule: "internalDomainsNotBlocked", files: withStack(["internalDomains: [contoso.com]", "internalDomains: [contoso.com, contoso.de]"]), expected: [] },
  {
    desc: "a group owner outside the home tenant",
    rule: "ownersAreInternal",
    files: withStack(["owners: [priya.natarajan@contoso.com]", "owners: [priya.natarajan@fabrikam.com]"]),
    expected: [{ rule: "ownersAreInternal", file: S, line: 11, column: 14, words: ['owner "priya.natarajan@fabrikam.com"', 'group "erp-project"', "owners must be in contoso.com"] }],
  },
  {
    desc: "an app owner outside the home tenant",
    rule: "ownersAreInternal",
    files: withStack(["owners: [olivia.chen@contoso.com]\n    roles", "owners: [olivia.chen@northwind.example]\n    roles"]),
    expected: [{ rule: "ownersAreInternal", file: S, line: 28, column: 14, words: ['owner "olivia.chen@northwind.example"', 'app "expenses"'] }],
  },
  { desc: "an owner in a subdomain of the home tenant", rule: "ownersAreInternal", files: withStack(["owners: [priya.natarajan@contoso.com]", "owners: [priya.natarajan@eu.contoso.com]"]), expected: [] },
  {
    desc: "two groups with one objectId",
    rule: "catalogIdsUnique",
    files: withStack(["objectId: 33333333-3333-4333-8333-333333333333", "objectId: 22222222-2222-4222-8222-222222222222"]),
    expected: [{ rule: "catalogIdsUnique", file: S, line: 14, column: 15, words: ['group "finance"', "22222222-2222-4222-8222-222222222222", 'already used by group "erp-project"'] }],
  },
  {
    desc: "one objectId in another case",
    rule: "catalogIdsUnique",
    files: withStack(["objectId: 22222222-2222-4222-8222-222222222222", "objectId: aaaaaaaa-2222-4222-8222-222222222222"], ["objectId: 33333333-3333-4333-8333-333333333333", "objectId: AAAAAAAA-2222-4222-8222-222222222222"]),
    expected: [{ rule: "catalogIdsUnique", file: S, line: 14, column: 15, words: ['group "finance" uses id AAAAAAAA-2222-4222-8222-222222222222'] }],
  },
  {
    desc: "two roles with one appRoleId",
    rule: "catalogIdsUnique",
    files: withStack(["Approver: 77777777-7777-4777-8777-777777777777", "Approver: 66666666-6666-4666-8666-666666666666"]),
    expected: [{ rule: "catalogIdsUnique", file: S, line: 31, column: 17, words: ['role "Approver" of app "expenses"', 'role "Submitter"'] }],
  },
  { desc: "distinct ids everywhere", rule: "catalogIdsUnique", files: withStack(), expected: [] },
  {
    desc: "a group limit looser than the policy's",
    rule: "catalogLimitsTighten",
    files: withStack(["maxExpiryDays: 90", "maxExpiryDays: 400"]),
    expected: [{ rule: "catalogLimitsTighten", file: S, line: 18, column: 20, severity: "warning", words: ["maxExpiryDays 400", 'group "finance"', "policy.maxExpiryDays 365", "no effect", "lower it or remove it"] }],
  },
  { desc: "a group limit equal to the policy's", rule: "catalogLimitsTighten", files: withStack(["maxExpiryDays: 90", "maxExpiryDays: 365"]), expected: [] },
];

// Schema errors in the stack file point at the offending key or value, with the fix.
const schemaCases: Case[] = [
  {
    desc: "a tenantId that is not a GUID",
    rule: "schema",
    files: withStack(["tenantId: 11111111-1111-4111-8111-111111111111", "tenantId: contoso"]),
    expected: [{ rule: "schema", file: S, line: 2, column: 11, words: ['"tenantId"', '"contoso"', "GUID"] }],
  },
  {
    desc: "a misspelt policy field",
    rule: "schema",
    files: withStack(["  onRemoval: retain", "  onRemoval: retain\n  maxExpiryDay: 30"]),
    expected: [{ rule: "schema", file: S, line: 7, column: 3, words: ['unknown field "maxExpiryDay"', '"policy"', 'did you mean "maxExpiryDays"?'] }],
  },
  {
    desc: "a misspelt top-level field does not also report the field as missing",
    rule: "schema",
    files: withStack(["internalDomains:", "internalDomain:"]),
    expected: [{ rule: "schema", file: S, line: 3, column: 1, words: ['unknown field "internalDomain"', 'did you mean "internalDomains"?'] }],
  },
  {
    desc: "a value outside an enum",
    rule: "schema",
    files: withStack(["onRemoval: retain", "onRemoval: keep"]),
    expected: [{ rule: "schema", file: S, line: 6, column: 14, words: ['"policy.onRemoval"', '"keep"', "use one of: retain, delete"] }],
  },
  {
    desc: "a catalog key that is not lower-case, reported once",
    rule: "schema",
    files: { [S]: stackWith(["  erp-project:", "  ERP_Project:"]), "guests/fabrikam.yaml": FABRIKAM.replaceAll("erp-project", "finance").replace("2027-03-31", "2027-02-28") },
    expected: [{ rule: "schema", file: S, line: 8, column: 3, words: ['key "ERP_Project"', "lower-case letters, digits and dashes"] }],
  },
  {
    desc: "a required field missing",
    rule: "schema",
    files: withStack(["internalDomains: [contoso.com]\n", ""]),
    expected: [{ rule: "schema", file: S, line: 2, column: 1, words: ['missing required field "internalDomains"', "Domains of the home tenant"] }],
  },
  {
    desc: "a string where a boolean belongs",
    rule: "schema",
    files: withStack(["allowGuests: false", "allowGuests: no"]),
    expected: [{ rule: "schema", file: S, line: 23, column: 18, words: ['"groups.security-ops.allowGuests"', "must be true or false", '"no"'] }],
  },
  {
    desc: "a limit below its minimum is reported by the schema and not applied",
    rule: "schema",
    files: withStack(["maxExpiryDays: 365", "maxExpiryDays: 0"]),
    expected: [{ rule: "schema", file: S, line: 5, column: 18, words: ['"policy.maxExpiryDays" is 0', ">= 1"] }],
  },
  {
    desc: "a fractional limit is reported by the schema and not applied",
    rule: "schema",
    files: withStack(["maxExpiryDays: 365", "maxExpiryDays: 36.5"]),
    expected: [{ rule: "schema", file: S, line: 5, column: 18, words: ["must be a whole number", "36.5"] }],
  },
  {
    desc: "an empty owners list",
    rule: "schema",
    files: withStack(["owners: [hana.kobayashi@contoso.com]", "owners: []"]),
    expected: [{ rule: "schema", file: S, line: 22, column: 13, words: ['"groups.security-ops.owners"', "at least 1 item"] }],
  },
  {
    desc: "a broken stack file reports itself, not every reference to its catalog",
    rule: "schema",
    files: { [S]: "- not a map\n", "guests/fabrikam.yaml": FABRIKAM },
    expected: [{ rule: "topLevel", file: S, line: 1, column: 1, words: ["the top level is a list", "a stack file must be a map"] }],
  },
];

describe("stack rules", () => {
  it.each(ruleCases)("$rule: $desc", async ({ files, expected }) => {
    expectProblems(await validateFiles(files), expected);
  });

  it("has a breaking case and a passing neighbour for every rule", () => {
    for (const rule of stackRules) {
      const mine = ruleCases.filter((c) => c.rule === rule.name);
      expect(mine.some((c) => c.expected.some((e) => e.rule === rule.name)), `${rule.name}: breaking case`).toBe(true);
      expect(mine.some((c) => c.expected.every((e) => e.rule !== rule.name)), `${rule.name}: passing neighbour`).toBe(true);
    }
  });
});

describe("stack schema errors", () => {
  it.each(schemaCases)("$desc", async ({ files, expected }) => {
    expectProblems(await validateFiles(files), expected);
  });

  it("a missing stack file is an error at its path, with the fix", async () => {
    const v = await validateFiles({ "stacks/dev.yaml": stackWith(), "guests/fabrikam.yaml": FABRIKAM });
    expectProblems(v, [{ rule: "stackFile", file: S, line: 1, column: 1, words: ["stacks/prod.yaml does not exist", "--stack"] }]);
  });
});
