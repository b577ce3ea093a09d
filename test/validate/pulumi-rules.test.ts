// Pulumi.yaml decides what a deploy runs and where it reads Pulumi.<stack>.yaml: a value that points away
// from what validate and plan read is refused at its place in the file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mainProblem } from "../../src/rules/pulumi-rules";
import { STACK } from "../helpers/fixtures";
import { expectProblems, oneGuest, validateFiles, type Expected } from "./helpers";

const P = "Pulumi.yaml";
const project = (more: string) => `name: guestops\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n${more}`;

const cases: { desc: string; file: string; expected: Expected[] }[] = [
  { desc: "the shipped program", file: project("main: src/pulumi/main.js\n"), expected: [] },
  { desc: "the program of the pinned package", file: project("main: node_modules/guestops/src/pulumi/main.js\n"), expected: [] },
  { desc: "a folder inside the repository, written with ./", file: project("main: ./src/pulumi/\n"), expected: [] },
  { desc: "no main: Pulumi's default, the project folder", file: project(""), expected: [] },
  { desc: "an absolute path", file: project("main: /tmp/evil.js\n"), expected: [{ rule: "programInRepository", file: P, line: 6, column: 7, words: ['"/tmp/evil.js"', "absolute path", "src/pulumi/main.js"] }] },
  { desc: "a Windows drive path", file: project("main: 'C:\\evil\\main.js'\n"), expected: [{ rule: "programInRepository", file: P, line: 6, column: 7, words: ["absolute path"] }] },
  { desc: "a way out of the repository", file: project("main: src/../../evil/main.js\n"), expected: [{ rule: "programInRepository", file: P, line: 6, column: 7, words: ["leads out of the repository"] }] },
  { desc: "a way out with backslashes", file: project("main: 'src\\..\\..\\evil'\n"), expected: [{ rule: "programInRepository", file: P, line: 6, column: 7, words: ["leads out of the repository"] }] },
  { desc: "another package's code", file: project("main: node_modules/left-pad/index.js\n"), expected: [{ rule: "programInRepository", file: P, line: 6, column: 7, words: ["not node_modules/guestops"] }] },
  { desc: "stackConfigDir at the root", file: project("stackConfigDir: .\n"), expected: [] },
  { desc: "stackConfigDir elsewhere", file: project("stackConfigDir: config/\n"), expected: [{ rule: "stackSettingsAtRoot", file: P, line: 6, column: 17, words: ['"config/"', "Pulumi.<stack>.yaml at the repository root", "remove stackConfigDir"] }] },
  { desc: "a guestops setting in the project's config", file: project("config:\n  guestops:allowEmpty: true\n"), expected: [{ rule: "guestopsConfigInStackFile", file: P, line: 7, column: 3, words: ['"guestops:allowEmpty"', "Pulumi.<stack>.yaml"] }] },
  { desc: "a project key of the guestops project is a guestops setting", file: project("config:\n  asOf: 2020-01-01\n"), expected: [{ rule: "guestopsConfigInStackFile", file: P, line: 7, column: 3, words: ['"asOf" (guestops:asOf, a key of this project)'] }] },
  { desc: "another namespace's setting", file: project("config:\n  azuread:environment: global\n"), expected: [] },
];

describe("Pulumi.yaml", () => {
  it.each(cases)("$desc", async ({ file, expected }) => {
    expectProblems(await validateFiles({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": oneGuest(), [P]: file }), expected);
  });

  it("the repository's own Pulumi.yaml passes", () => {
    const text = readFileSync(join(__dirname, "../../Pulumi.yaml"), "utf8");
    const main = /^main: (.*)$/m.exec(text)?.[1];
    expect(main).toBe("src/pulumi/main.js");
    expect(mainProblem(main!)).toBeUndefined();
  });
});
