// All YAML comes from pull requests. Each kind of bad input gets one clear, positioned error through the
// same path as `guestops validate`: never a crash, a hang or a flood of follow-on errors.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { type FileSource } from "../../src/load/file-source";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { MAX_ALIAS_COUNT, MAX_FILE_BYTES } from "../../src/load/parse-yaml";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { allProblems, expectProblems, memorySource, oneGuest, validateFiles, type Expected } from "./helpers";

const F = "guests/fabrikam.yaml";
const S = "stacks/prod.yaml";

interface Case {
  desc: string;
  /** Contents of guests/fabrikam.yaml; the stack is the valid fixture. */
  guests: string | Uint8Array;
  expected: Expected[];
}

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

/** The billion-laughs pattern: nine levels of nine aliases, 9^9 nodes if expanded. */
const BILLION_LAUGHS = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
  .concat(Array.from({ length: 8 }, (_, i) => `lol${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(", ")}]`))
  .join("\n");

const cases: Case[] = [
  // YAML syntax
  {
    desc: "an unclosed flow list",
    guests: "partner: Fabrikam\ndomains: [fabrikam.com\nguests: []\n",
    expected: [{ rule: "yaml", file: F, line: 3, column: 1, words: ["end with a ]", "check the indentation, brackets and quotes"] }],
  },
  {
    desc: "an unclosed quote",
    guests: "partner: 'Fabrikam\ndomains: [fabrikam.com]\nguests: []\n",
    expected: [{ rule: "yaml", file: F, line: 4, column: 1, words: ["Missing closing 'quote"] }],
  },
  {
    desc: "a tab used for indentation",
    guests: "partner: Fabrikam\ndomains: [fabrikam.com]\nguests:\n\t- email: ana.silva@fabrikam.com\n",
    expected: [{ rule: "yaml", file: F, line: 4, column: 1, words: ["tab used for indentation", "indent with spaces"] }],
  },
  {
    desc: "a colon inside a plain value",
    guests: "partner: Fabrikam: Ltd\ndomains: [fabrikam.com]\nguests: []\n",
    expected: [{ rule: "yaml", file: F, line: 1, column: 10, words: ["Nested mappings are not allowed"] }],
  },

  // duplicate keys
  {
    desc: "a duplicate top-level key",
    guests: `${FABRIKAM}partner: Contoso\n`,
    expected: [{ rule: "yaml", file: F, line: 18, column: 1, words: ['duplicate key "partner"', "first at 2:1", "remove or merge"] }],
  },
  {
    desc: "a duplicate key in a guest entry",
    guests: oneGuest({ more: "    email: ana.silva2@fabrikam.com" }),
    expected: [{ rule: "yaml", file: F, line: 11, column: 5, words: ['duplicate key "email"', "first at 5:5"] }],
  },
  {
    desc: "a duplicate key in a flow map",
    guests: oneGuest({ apps: "[{ app: expenses, app: expenses }]" }),
    expected: [{ rule: "yaml", file: F, line: 10, column: 29, words: ['duplicate key "app"', "first at 10:14"] }],
  },

  // unknown keys
  {
    desc: "a misspelt top-level key",
    guests: "partnr: Fabrikam\ndomains: [fabrikam.com]\nguests: []\n",
    expected: [{ rule: "schema", file: F, line: 1, column: 1, words: ['unknown field "partnr"', 'did you mean "partner"?'] }],
  },
  {
    desc: "a misspelt guest field is one error, not also a missing field",
    guests: oneGuest().replace("    displayName:", "    displayname:"),
    expected: [{ rule: "schema", file: F, line: 6, column: 5, words: ['unknown field "displayname"', 'in guest "ana.silva@fabrikam.com"', 'did you mean "displayName"?'] }],
  },
  {
    desc: "a misspelt app grant field",
    guests: oneGuest({ apps: "[{ app: expenses, rol: Submitter }]" }),
    expected: [{ rule: "schema", file: F, line: 10, column: 29, words: ['unknown field "rol"', 'in "apps[0]" of guest "ana.silva@fabrikam.com"', 'did you mean "role"?'] }],
  },
  {
    desc: "a misspelt invitation field",
    guests: oneGuest({ more: "    invitation: { langauge: de-DE }" }),
    expected: [{ rule: "schema", file: F, line: 11, column: 19, words: ['unknown field "langauge"', 'did you mean "language"?'] }],
  },
  {
    desc: "an unknown key with no near match lists the allowed ones",
    guests: oneGuest({ more: "    colour: blue" }),
    expected: [{ rule: "schema", file: F, line: 11, column: 5, words: ['unknown field "colour"', "allowed fields: email, displayName, sponsor"] }],
  },
  {
    desc: "a missing sponsor names both ways to give one",
    guests: oneGuest().replace("sponsor: priya.natarajan@contoso.com\n", ""),
    expected: [{ rule: "schema", file: F, line: 4, column: 5, words: ['guest "ana.silva@fabrikam.com" is missing required field "sponsor"', "add one to this guest, or a default sponsor at the top of the file"] }],
  },
  {
    desc: "a key with no value",
    guests: "partner: Fabrikam\ndomains: [fabrikam.com]\nguests:\n",
    expected: [{ rule: "schema", file: F, line: 3, column: 8, words: ['"guests" must be a list, but it has no value'] }],
  },

  // aliases
  {
    desc: "an alias bomb (billion laughs)",
    guests: `${BILLION_LAUGHS}\n${FABRIKAM.split("\n").slice(1).join("\n")}`,
    expected: [{ rule: "alias", file: F, line: 2, column: 12, words: ["aliases expand to too many nodes", `limit ${MAX_ALIAS_COUNT}`, "write the values out"] }],
  },
  {
    desc: "an alias with no anchor",
    guests: "partner: Fabrikam\ndomains: *partner-domains\nguests: []\n",
    expected: [{ rule: "alias", file: F, line: 2, column: 10, words: ["*partner-domains", "no anchor &partner-domains", "define the anchor first"] }],
  },
  {
    desc: "a shared list through one anchor is fine",
    guests: oneGuest({ groups: "&shared [erp-project]", more: "  - email: ben.carter@fabrikam.com\n    displayName: Ben Carter\n    expires: 2027-03-31\n    justification: CHG-1042\n    groups: *shared" }),
    expected: [],
  },

  // documents and top level
  {
    desc: "two documents in one file",
    guests: `${FABRIKAM}---\npartner: Northwind\n`,
    expected: [{ rule: "yaml", file: F, line: 18, column: 1, words: ["more than one YAML document", "keep one document per file"] }],
  },
  { desc: "one document with explicit start and end markers", guests: `---\n${FABRIKAM}...\n`, expected: [] },
  {
    desc: "a top-level list",
    guests: "- partner: Fabrikam\n- domains: [fabrikam.com]\n",
    expected: [{ rule: "topLevel", file: F, line: 1, column: 1, words: ["the top level is a list", "a guest file must be a map of fields"] }],
  },
  {
    desc: "a top-level scalar",
    guests: "# Fabrikam\nFabrikam guests\n",
    expected: [{ rule: "topLevel", file: F, line: 2, column: 1, words: ['the top level is the value "Fabrikam guests"'] }],
  },
  { desc: "a top-level null", guests: "~\n", expected: [{ rule: "topLevel", file: F, line: 1, column: 1, words: ["the value null"] }] },

  // empty files
  ...[
    ["an empty file", ""],
    ["blank lines only", "\n\n   \n"],
    ["comments only", "# yaml-language-server: $schema=../schemas/guests.schema.json\n# guests go here\n"],
    ["a byte order mark only", "\uFEFF"],
    ["a document marker only", "---\n"],
  ].map(([desc, guests]) => ({ desc: desc!, guests: guests!, expected: [{ rule: "empty", file: F, line: 1, column: 1, words: ["file is empty or holds only comments", "fill it in or delete it"] }] })),

  // size
  {
    desc: "a file over the size limit",
    guests: `${FABRIKAM}#${"x".repeat(MAX_FILE_BYTES - FABRIKAM.length)}\n`,
    expected: [{ rule: "fileSize", file: F, line: 1, column: 1, words: [`${MAX_FILE_BYTES + 2} bytes`, `${MAX_FILE_BYTES}-byte limit`, "split it"] }],
  },
  { desc: "a file exactly at the size limit", guests: `${FABRIKAM}#${"x".repeat(MAX_FILE_BYTES - FABRIKAM.length - 2)}\n`, expected: [] },

  // encoding
  {
    desc: "an invalid byte, positioned by line and character",
    guests: bytes("partner: Fabrikam\ndomains: [fa", [0xff], "brikam.com]\nguests: []\n"),
    expected: [{ rule: "encoding", file: F, line: 2, column: 13, words: ["byte 0xff is not valid UTF-8", "save the file as UTF-8"] }],
  },
  {
    desc: "an invalid byte after a two-byte character counts characters, not bytes",
    guests: bytes("partner: Chlo\u00e9 ", [0xc3, 0x28], "\n"),
    expected: [{ rule: "encoding", file: F, line: 1, column: 16, words: ["byte 0xc3"] }],
  },
  {
    desc: "an invalid byte after a byte order mark",
    guests: bytes("\uFEFFpartner: ", [0xe9], "\n"),
    expected: [{ rule: "encoding", file: F, line: 1, column: 10, words: ["byte 0xe9"] }],
  },
  { desc: "a truncated sequence at the end", guests: bytes("partner: Fabrikam\n# caf", [0xe2, 0x82]), expected: [{ rule: "encoding", file: F, line: 2, column: 6, words: ["byte 0xe2"] }] },
  { desc: "an overlong encoding", guests: bytes("partner: a", [0xc0, 0xaf], "\n"), expected: [{ rule: "encoding", file: F, line: 1, column: 11, words: ["byte 0xc0"] }] },
  { desc: "an encoded surrogate", guests: bytes("partner: a", [0xed, 0xa0, 0x80], "\n"), expected: [{ rule: "encoding", file: F, line: 1, column: 11, words: ["byte 0xed"] }] },
  { desc: "a UTF-16 file", guests: Buffer.from(`\uFEFF${FABRIKAM}`, "utf16le"), expected: [{ rule: "encoding", file: F, line: 1, column: 1, words: ["byte 0xff", "save the file as UTF-8"] }] },

  // __proto__
  ...[
    ["a top-level __proto__ key", `${FABRIKAM.replace("partner: Fabrikam", "partner: Fabrikam\n__proto__: { polluted: true }")}`, 3, 1],
    ["a quoted __proto__ key", `${FABRIKAM.replace("partner: Fabrikam", 'partner: Fabrikam\n"__proto__": { polluted: true }')}`, 3, 1],
    ["a __proto__ key spelt with escapes", `${FABRIKAM.replace("partner: Fabrikam", 'partner: Fabrikam\n"\\x5F_proto__": { polluted: true }')}`, 3, 1],
    ["a __proto__ key in a guest entry", oneGuest({ more: "    __proto__: { isAdmin: true }" }), 11, 5],
    ["a __proto__ key in a flow map", oneGuest({ apps: "[{ app: expenses, __proto__: {} }]" }), 10, 29],
  ].map(([desc, guests, line, column]) => ({
    desc: desc as string,
    guests: guests as string,
    expected: [{ rule: "protoKey", file: F, line: line as number, column: column as number, words: ['key "__proto__" is not allowed', "remove it"] }],
  })),
  {
    desc: "a key that only looks like __proto__ is an ordinary unknown field",
    guests: oneGuest({ more: "    __proto: x" }),
    expected: [{ rule: "schema", file: F, line: 11, column: 5, words: ['unknown field "__proto"'] }],
  },

  // byte order mark and line endings
  { desc: "a byte order mark and CRLF line endings", guests: `\uFEFF${FABRIKAM.replace(/\n/g, "\r\n")}`, expected: [] },
  {
    desc: "a byte order mark does not shift line 1's columns",
    guests: "\uFEFFpartnr: Fabrikam\r\ndomains: [fabrikam.com]\r\nguests: []\r\n",
    expected: [{ rule: "schema", file: F, line: 1, column: 1, words: ['unknown field "partnr"'] }],
  },
  {
    desc: "CRLF line endings keep lines and columns right",
    guests: `\uFEFF${oneGuest({ expires: "2027-02-30", more: "    sponsor: bob.lee@fabrikam.com" }).replace(/\n/g, "\r\n")}`,
    expected: [
      { rule: "realDates", file: F, line: 7, column: 14, words: ['"2027-02-30"'] },
      { rule: "sponsorIsInternal", file: F, line: 11, column: 14, words: ['"bob.lee@fabrikam.com"'] },
    ],
  },
  {
    desc: "a non-scalar key is a positioned error",
    guests: `? [a, b]\n: 1\n${FABRIKAM.split("\n").slice(1).join("\n")}`,
    expected: [{ rule: "schema", file: F, line: 1, column: 1, words: ['unknown field "[ a, b ]"'] }],
  },
];

describe("untrusted input in a guest file", () => {
  it.each(cases)("$desc", async ({ guests, expected }) => {
    expectProblems(await validateFiles({ [S]: STACK, [F]: guests }), expected);
  });
});

describe("untrusted input that could hang or flood", () => {
  it("an alias bomb is refused quickly", async () => {
    const started = performance.now();
    await validateFiles({ [S]: STACK, [F]: BILLION_LAUGHS });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  // yaml gives up at the engine's stack limit, so the column depends on the machine; the line does not.
  it.each([
    ["100,000 nested [", `partner: ${"[".repeat(100_000)}`],
    ["20,000 nested {", `partner: ${"{".repeat(20_000)}`],
  ])("%s is one error, not a crash", async (_, text) => {
    const v = await validateFiles({ [S]: STACK, [F]: text });
    expectProblems(v, [{ rule: "yaml", file: F, line: 1, words: ["nested too deeply", "only a few levels"] }]);
  });

  it("a file of syntax errors shows the first and counts the rest", async () => {
    const staircase = `partner:\n${Array.from({ length: 300 }, (_, i) => `${" ".repeat(i + 1)}- x:`).join("\n")}\n`;
    const problems = allProblems(await validateFiles({ [S]: STACK, [F]: staircase }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: "yaml", file: F });
    expect(problems[0]!.message).toMatch(/\(\d+ more YAML errors follow from this one; fix it and run again\)/);
  });

  it("odd YAML never writes process warnings to stderr", async () => {
    const warn = vi.spyOn(process, "emitWarning");
    try {
      await validateFiles({ [S]: STACK, [F]: `? [a, b]\n: 1\n? { c: d }\n: 2\n${FABRIKAM}` });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe("untrusted input in the stack file", () => {
  it.each([
    ["a duplicate key", `${STACK}tenantId: 11111111-1111-4111-8111-111111111111\n`, { rule: "yaml", line: 32, column: 1, words: ['duplicate key "tenantId"', "first at 2:1"] }],
    ["a __proto__ catalog key", STACK.replace("groups:\n", "groups:\n  __proto__: { allowGuests: true }\n"), { rule: "protoKey", line: 8, column: 3, words: ['key "__proto__"'] }],
    ["an empty file", "# nothing yet\n", { rule: "empty", line: 1, column: 1, words: ["a stack file must be a map of fields"] }],
  ] as const)("%s is reported in the stack file, and guest files are not blamed for it", async (_, stack, e) => {
    expectProblems(await validateFiles({ [S]: stack, [F]: FABRIKAM }), [{ ...e, file: S, words: [...e.words] }]);
  });
});

describe("files that must not be read", () => {
  it("a symlinked guest file is refused without following it", async () => {
    const root = testdir({ [S]: STACK, "elsewhere/fabrikam.yaml": FABRIKAM });
    mkdirSync(join(root, "guests"));
    symlinkSync(join(root, "elsewhere/fabrikam.yaml"), join(root, F));
    const v = validateRepo(await loadRepo(workingTree(root), "prod"), AS_OF);
    expectProblems(v, [
      { rule: "notRegularFile", file: F, line: 1, column: 1, words: ["symbolic link", "must be regular files"] },
      { rule: "noGuestFiles", file: S, line: 1, column: 1, severity: "warning", words: ["no guest files match"] },
    ]);
    expect(v.errors[0]!.message).not.toContain("elsewhere");
  });

  it("the same file, not linked, is valid", async () => {
    expectProblems(await validateFiles({ [S]: STACK, [F]: FABRIKAM }), []);
  });

  it.skipIf(process.getuid?.() === 0)("an unreadable guest file is an error at its path (skipped as root: root reads any file)", async () => {
    const root = testdir({ [S]: STACK, [F]: FABRIKAM });
    chmodSync(join(root, F), 0o000);
    try {
      const v = validateRepo(await loadRepo(workingTree(root), "prod"), AS_OF);
      expectProblems(v, [{ rule: "read", file: F, line: 1, column: 1, words: ["could not read the file: permission denied"] }]);
    } finally {
      chmodSync(join(root, F), 0o644);
    }
  });

  it("a guest file the source cannot read is an error at its path, never an empty file", async () => {
    const files = memorySource({ [S]: STACK, [F]: FABRIKAM, "guests/northwind.yaml": "" });
    const source: FileSource = {
      ...files,
      async read(list) {
        return (await files.read(list)).map((r) => (r.path === F ? { path: F, error: "permission denied", blobId: "" } : r));
      },
    };
    const v = validateRepo(await loadRepo(source, "prod"), AS_OF);
    expectProblems(v, [
      { rule: "read", file: F, line: 1, column: 1, words: ["could not read the file: permission denied"] },
      { rule: "empty", file: "guests/northwind.yaml", line: 1, column: 1, words: ["file is empty"] },
    ]);
  });

  it("a guest file that is a directory is never read as one", async () => {
    const root = testdir({ [S]: STACK, [F]: FABRIKAM });
    mkdirSync(join(root, "guests/archive.yaml"));
    writeFileSync(join(root, "guests/archive.yaml/old.txt"), "not yaml");
    expectProblems(validateRepo(await loadRepo(workingTree(root), "prod"), AS_OF), []);
  });
});

describe("every problem in one run", () => {
  it("reports all problems of a file with several, and of every other file", async () => {
    const fabrikam = oneGuest({
      email: "ana+silva@fabrikam.com",
      expires: "2027-02-30",
      groups: "[erp-projct, security-ops]",
      apps: "[{ app: expenses, role: Submiter }]",
      more: "    sponsor: bob.lee@fabrikam.com\n    colour: blue\n  - email: ben.carter@fabrikam.com\n    displayName: Ben Carter\n    expires: 2026-12-10\n    justification: CHG-1042",
    });
    const v = await validateFiles({
      [S]: STACK.replace("maxExpiryDays: 90", "maxExpiryDays: 400"),
      [F]: fabrikam,
      "guests/northwind.yaml": "partner: Northwind\ndomains: [northwind.example\n",
      "guests/tailspin.yaml": "- not a map\n",
    });
    expectProblems(v, [
      { rule: "invitableAddresses", file: F, line: 5, column: 12, words: ['"+"'] },
      { rule: "realDates", file: F, line: 7, column: 14, words: ['"2027-02-30"'] },
      { rule: "catalogReferences", file: F, line: 9, column: 14, words: ['"erp-projct"'] },
      { rule: "groupAllowsGuests", file: F, line: 9, column: 26, words: ['"security-ops"'] },
      { rule: "catalogReferences", file: F, line: 10, column: 35, words: ['"Submiter"'] },
      { rule: "sponsorIsInternal", file: F, line: 11, column: 14, words: ['"bob.lee@fabrikam.com"'] },
      { rule: "schema", file: F, line: 12, column: 5, words: ['unknown field "colour"'] },
      { rule: "expiringSoon", file: F, line: 15, column: 14, severity: "warning", words: ["in 9 days"] },
      { rule: "yaml", file: "guests/northwind.yaml", line: 3, column: 1, words: ["end with a ]"] },
      { rule: "topLevel", file: "guests/tailspin.yaml", line: 1, column: 1, words: ["a list"] },
      { rule: "catalogLimitsTighten", file: S, line: 18, column: 20, severity: "warning", words: ["maxExpiryDays 400"] },
    ]);
  });
});
