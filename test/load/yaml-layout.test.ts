// Layout mistakes in YAML: one error per file at the first mistake, with a count of the errors that
// follow from it and a hint at the cause where the text shows it, instead of a cascade.
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/load/check-file";

const head = "partner: Fabrikam\ndomains: [fabrikam.com]\nsponsor: priya.natarajan@contoso.com\nguests:\n";
const guest = (lines: string[]) => `${head}${lines.join("\n")}\n`;
const ANA = ["  - email: ana.silva@fabrikam.com", "    displayName: Ana Silva", "    expires: 2027-06-30", "    justification: CHG-1042 ERP migration"];
const BEN = ["  - email: ben.carter@fabrikam.com", "    displayName: Ben Carter", "    expires: 2027-06-30", "    justification: CHG-1042 ERP migration"];
const swap = (lines: string[], i: number, line: string) => lines.map((l, j) => (j === i ? line : l));

const rows: { desc: string; text: string; expected: { line: number; rule: string; words: string[] }[] }[] = [
  { desc: "a tab before a field", text: guest([...swap(ANA, 1, "\tdisplayName: Ana Silva"), ...BEN]), expected: [{ line: 6, rule: "yaml", words: ["tab used for indentation", "more YAML errors follow from this one"] }] },
  { desc: "a field one space too deep", text: guest([...swap(ANA, 1, "     displayName: Ana Silva"), ...BEN]), expected: [{ line: 5, rule: "yaml", words: ["line 6 starts at column 6", "lines up with no field above it"] }] },
  { desc: "a whole entry indented by three spaces, one field by four", text: guest(["   - email: ana.silva@fabrikam.com", "     displayName: Ana Silva", "    expires: 2027-06-30", "     justification: CHG-1042 ERP migration"]), expected: [{ line: 7, rule: "yaml", words: ["line 7 starts at column 5"] }] },
  { desc: "no space after the colon", text: guest([...swap(ANA, 2, "    expires:2027-06-30"), ...BEN]), expected: [{ line: 7, rule: "yaml", words: ['"expires:2027-06-30"', 'write "expires: 2027-06-30"'] }] },
  { desc: "no space after the colon in a list item's only field", text: guest(["  - email:ana.silva@fabrikam.com"]), expected: [{ line: 5, rule: "schema", words: ["add a space after the colon", "email: ana.silva@fabrikam.com"] }] },
  { desc: "a value that starts with #", text: guest([...swap(ANA, 1, "    displayName: #1 Ana Silva"), ...BEN]), expected: [{ line: 6, rule: "schema", words: ["begins a comment", 'displayName: "#1 Ana Silva"'] }] },
  { desc: "a URL after a colon is no missing space", text: guest([...ANA, "    invitation: { redirectUrl: https://myapps.microsoft.com }", ...BEN]), expected: [] },
  { desc: "three-space indentation used throughout is valid", text: guest(["   - email: ana.silva@fabrikam.com", "     displayName: Ana Silva", "     expires: 2027-06-30", "     justification: CHG-1042 ERP migration"]), expected: [] },
  {
    desc: "two duplicate keys in two entries are two errors",
    text: guest([...ANA, "    expires: 2027-07-31", ...BEN, "    expires: 2027-07-31"]),
    expected: [
      { line: 9, rule: "yaml", words: ['duplicate key "expires"'] },
      { line: 14, rule: "yaml", words: ['duplicate key "expires"'] },
    ],
  },
];

describe("YAML layout mistakes", () => {
  it.each(rows)("$desc", ({ text, expected }) => {
    const { problems } = checkFile(Buffer.from(text), "guests");
    expect(problems.map((p) => [p.line, p.rule]), problems.map((p) => p.message).join("\n")).toEqual(expected.map((e) => [e.line, e.rule]));
    problems.forEach((p, i) => {
      for (const w of expected[i]!.words) expect(p.message).toContain(w);
    });
  });
});
