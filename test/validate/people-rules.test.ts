// people.yaml: owners without a login are refused once the file exists; without it, nothing is said.
// Line numbers refer to STACK in test/helpers/fixtures.ts, as in stack-rules.test.ts.
import { describe, it } from "vitest";
import { FABRIKAM } from "../helpers/fixtures";
import { expectProblems, stackWith, validateFiles, type Expected, type Files } from "./helpers";

const S = "stacks/prod.yaml";
const P = "people.yaml";
const EVERYONE = `people:
  - { email: priya.natarajan@contoso.com, github: priya-n }
  - { email: Olivia.Chen@contoso.com, azureDevOps: olivia.chen@contoso.com }
  - { email: hana.kobayashi@contoso.com, github: hana-k }
`;

const cases: { desc: string; files: Files; expected: Expected[] }[] = [
  { desc: "no people.yaml: no gate to feed, no problem", files: {}, expected: [] },
  { desc: "every owner mapped (addresses compare without case)", files: { [P]: EVERYONE }, expected: [] },
  {
    desc: "a catalog owner with no entry",
    files: { [P]: EVERYONE.replace("  - { email: hana.kobayashi@contoso.com, github: hana-k }\n", "") },
    expected: [{ rule: "ownersHaveLogins", file: S, line: 22, column: 14, words: ['owner of group "security-ops" "hana.kobayashi@contoso.com"', "people.yaml"] }],
  },
  {
    desc: "an entry with an address but no login is no mapping",
    files: { [P]: EVERYONE.replace("{ email: priya.natarajan@contoso.com, github: priya-n }", "{ email: priya.natarajan@contoso.com }") },
    expected: [{ rule: "ownersHaveLogins", file: S, line: 11, column: 14, words: ["priya.natarajan@contoso.com"] }],
  },
  {
    desc: "a stack owner with no entry",
    files: { [S]: stackWith(["internalDomains: [contoso.com]\n", "internalDomains: [contoso.com]\nowners: [mei.lin@contoso.com]\n"]), [P]: EVERYONE },
    expected: [{ rule: "ownersHaveLogins", file: S, line: 4, column: 10, words: ['stack owner "mei.lin@contoso.com"'] }],
  },
  {
    desc: "one login for two people",
    files: { [P]: `${EVERYONE}  - { email: mei.lin@contoso.com, github: Priya-N }\n` },
    expected: [{ rule: "peopleUnique", file: P, line: 5, column: 43, words: ['github "Priya-N" is already given to people[0]'] }],
  },
  {
    desc: "a login that GitHub would not allow",
    files: { [P]: EVERYONE.replace("github: hana-k", "github: 'hana k'") },
    expected: [{ rule: "schema", file: P, line: 4, column: 50, words: ["hana k"] }],
  },
];

describe("people.yaml rules", () => {
  it.each(cases)("$desc", async ({ files, expected }) => {
    const v = await validateFiles({ [S]: stackWith(), "guests/fabrikam.yaml": FABRIKAM, ...files });
    expectProblems(v, expected);
  });
});
