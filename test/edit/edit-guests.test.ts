// The guest editor changes only the edited entry's bytes: comments, blank lines, quoting, order, CRLF and
// a BOM elsewhere survive, and the result means exactly the old file with the edit. What it cannot edit
// faithfully it refuses, at the entry's place, with the fix.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { editGuests, type EditGuestsInput } from "../../src/edit/edit-guests";
import type { GuestEdit } from "../../src/edit/guest-edit";
import type { StackFile } from "../../src/model/stack-schema";
import { exampleText } from "../helpers/example";

const AS_OF = "2026-12-01";
const STACK = parse(exampleText("stacks/prod.yaml")) as Partial<StackFile>;
const FABRIKAM = exampleText("guests/fabrikam.yaml");
const NORTHWIND = exampleText("guests/northwind.yaml");
const EXAMPLE = [
  { path: "guests/fabrikam.yaml", text: FABRIKAM },
  { path: "guests/northwind.yaml", text: NORTHWIND },
];
const NEW_GUEST: Extract<GuestEdit, { action: "add" }> = { action: "add", email: "zoe.martin@fabrikam.com", displayName: "Zoé Martin (Fabrikam)", expires: "2027-03-31", justification: "CHG-1200 ERP reporting", groups: ["erp-project"], apps: [{ app: "expenses", role: "Submitter" }] };

function run(edit: GuestEdit, files: EditGuestsInput["files"] = EXAMPLE, extra: Partial<EditGuestsInput> = {}) {
  return editGuests({ edit, files, stack: STACK, asOf: AS_OF, ...extra });
}

function only(edit: GuestEdit, text: string, extra: Partial<EditGuestsInput> = {}): string {
  const r = run(edit, [{ path: "guests/p.yaml", text }], extra);
  expect(r.problems).toEqual([]);
  expect(r.files).toHaveLength(1);
  return r.files[0]!.after;
}

/** Whether `after` is `before` with bytes changed only within [lo, hi) of it. */
function onlyWithin(before: string, after: string, lo: number, hi: number): boolean {
  return after.startsWith(before.slice(0, lo)) && after.endsWith(before.slice(hi)) && after.length >= lo + before.length - hi;
}

/** The one run of bytes an edit changed in `before`: [start, end) of before, and what replaced it. */
function changed(before: string, after: string): { start: number; end: number; inserted: string } {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  return { start: p, end: before.length - s, inserted: after.slice(p, after.length - s) };
}

const guestsOf = (text: string) => (parse(text.replace(/^\uFEFF/, "")) as { guests: Record<string, unknown>[] }).guests;

describe("editGuests on the example's files", () => {
  it("add appends the entry after the last guest, written as the bundled files are, and nothing else", () => {
    const r = run(NEW_GUEST);
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => f.path)).toEqual(["guests/fabrikam.yaml"]);
    const after = r.files[0]!.after;
    expect(after.startsWith(FABRIKAM)).toBe(true);
    expect(after.slice(FABRIKAM.length)).toBe(
      "\n  - email: zoe.martin@fabrikam.com\n    displayName: Zoé Martin (Fabrikam)\n    expires: 2027-03-31\n    justification: CHG-1200 ERP reporting\n    groups: [erp-project]\n    apps:\n      - { app: expenses, role: Submitter }\n",
    );
  });

  it("add finds the file by domain, without regard to case, and a --partner for a held domain is only a note", () => {
    const r = run({ ...NEW_GUEST, email: "Omar.Said@Northwind.Example", sponsor: "tomas.berg@contoso.com", partner: "Northwind" });
    expect(r.files.map((f) => f.path)).toEqual(["guests/northwind.yaml"]);
    expect(r.notes).toEqual([expect.stringContaining("--partner is only for a domain that no partner file holds")]);
  });

  it("add for a domain no file holds writes a new partner file named by --partner, and says it is a policy change", () => {
    const r = run({ ...NEW_GUEST, email: "lee.wong@tailspin.example", sponsor: "samuel.okafor@contoso.com", partner: "Tailspin Toys" });
    expect(r.problems).toEqual([]);
    expect(r.files).toEqual([{ path: "guests/tailspin-toys.yaml", after: expect.any(String) }]);
    expect(r.files[0]!.after).toBe(
      "# yaml-language-server: $schema=../schemas/guests.schema.json\npartner: Tailspin Toys\ndomains: [tailspin.example]\n\nguests:\n  - email: lee.wong@tailspin.example\n    displayName: Zoé Martin (Fabrikam)\n    sponsor: samuel.okafor@contoso.com\n    expires: 2027-03-31\n    justification: CHG-1200 ERP reporting\n    groups: [erp-project]\n    apps:\n      - { app: expenses, role: Submitter }\n",
    );
    expect(r.notes).toEqual(["new partner file guests/tailspin-toys.yaml for tailspin.example: a policy change (a partner's domains), which a stack owner approves"]);
  });

  it("renew sets expires and reviewed, and a new justification, in the entry's own lines", () => {
    const r = run({ action: "renew", emails: ["ELENA.PETROVA@fabrikam.com"], until: "2027-06-20", justification: "DSN-91 second packaging round" });
    expect(r.problems).toEqual([]);
    const after = r.files[0]!.after;
    expect(onlyWithin(FABRIKAM, after, FABRIKAM.indexOf("  - email: elena.petrova"), FABRIKAM.indexOf("  - email: farid"))).toBe(true);
    expect(guestsOf(after)[4]).toEqual({ ...guestsOf(FABRIKAM)[4], expires: "2027-06-20", justification: "DSN-91 second packaging round", reviewed: AS_OF });
  });

  it("review sets reviewed where it is, or adds it after the entry's last field", () => {
    const chloe = run({ action: "review", emails: ["chloe.dubois@fabrikam.com"], on: "2026-11-28" }).files[0]!.after;
    expect(chloe).toBe(FABRIKAM.replace("reviewed: 2026-10-15", "reviewed: 2026-11-28"));
    const ben = run({ action: "review", emails: ["ben.carter@fabrikam.com"], on: AS_OF }).files[0]!.after;
    expect(ben).toBe(FABRIKAM.replace("    groups: [erp-project, finance-reporting]\n", `    groups: [erp-project, finance-reporting]\n    reviewed: ${AS_OF}\n`));
  });

  it("remove takes the entry and the blank line that separated it, and nothing else", () => {
    const r = run({ action: "remove", emails: ["henrik.larsen@northwind.example"] });
    const start = NORTHWIND.indexOf("  - email: henrik");
    const end = NORTHWIND.indexOf("  - email: isabel");
    expect(r.files[0]!.after).toBe(NORTHWIND.slice(0, start) + NORTHWIND.slice(end));
  });

  it.each([
    { desc: "the last entry, with the blank line before it", email: "kwame.mensah@fabrikam.com", expected: FABRIKAM.slice(0, FABRIKAM.indexOf("\n  - email: kwame")) },
    { desc: "the first entry, with the blank line after it", email: "ana.silva@fabrikam.com", expected: FABRIKAM.slice(0, FABRIKAM.indexOf("  - email: ana")) + FABRIKAM.slice(FABRIKAM.indexOf("  - email: ben")) },
  ])("remove: $desc", ({ email, expected }) => {
    expect(run({ action: "remove", emails: [email] }).files[0]!.after).toBe(expected);
  });
});

describe("exact edits of small files", () => {
  const head = "partner: P\ndomains: [fabrikam.com]\nsponsor: s@contoso.com\n";
  it.each([
    { desc: "an empty flow list", source: `${head}guests: []\n`, expected: `${head}guests:\n  - email: a@fabrikam.com\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x\n` },
    { desc: "an empty flow list with a comment", source: `${head}guests: []   # none yet\n# end\n`, expected: `${head}guests:   # none yet\n  - email: a@fabrikam.com\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x\n# end\n` },
    { desc: "an empty flow list, no final newline", source: `${head}guests: []`, expected: `${head}guests:\n  - email: a@fabrikam.com\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x` },
    { desc: "a key with no value and a comment", source: `${head}guests:   # none yet\n`, expected: `${head}guests:   # none yet\n  - email: a@fabrikam.com\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x\n` },
    { desc: "entries at column 0 with no blank lines", source: `${head}guests:\n- email: b@fabrikam.com\n  displayName: B\n  expires: 2027-01-01\n  justification: CHG-2 y\n`, expected: `${head}guests:\n- email: b@fabrikam.com\n  displayName: B\n  expires: 2027-01-01\n  justification: CHG-2 y\n- email: a@fabrikam.com\n  displayName: A\n  expires: 2027-01-01\n  justification: CHG-1 x\n` },
    { desc: "no final newline", source: `${head}guests:\n  - email: b@fabrikam.com\n    displayName: B\n    expires: 2027-01-01\n    justification: CHG-2 y`, expected: `${head}guests:\n  - email: b@fabrikam.com\n    displayName: B\n    expires: 2027-01-01\n    justification: CHG-2 y\n  - email: a@fabrikam.com\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x` },
  ])("add into $desc", ({ source, expected }) => {
    expect(only({ action: "add", email: "a@fabrikam.com", displayName: "A", expires: "2027-01-01", justification: "CHG-1 x", groups: [], apps: [] }, source)).toBe(expected);
  });

  it("quotes only what YAML needs, and keeps a value's quoting style when it replaces it", () => {
    const add = only({ action: "add", email: "a@fabrikam.com", displayName: "A: #1", expires: "2027-01-01", justification: "- starts with a dash", groups: ["x,y"], apps: [{ app: "expenses" }] }, `${head}guests: []\n`);
    expect(add).toContain('    displayName: "A: #1"\n    expires: 2027-01-01\n    justification: "- starts with a dash"\n    groups: ["x,y"]\n    apps:\n      - { app: expenses }\n');
    const quoted = `${head}guests:\n  - email: 'a@fabrikam.com'\n    displayName: A\n    expires: "2027-01-01"   # the contract's end\n    justification: 'CHG-1 x'\n    reviewed: '2026-01-01'\n`;
    expect(only({ action: "renew", emails: ["a@fabrikam.com"], until: "2027-03-01", justification: "CHG-9 it's on" }, quoted)).toBe(
      `${head}guests:\n  - email: 'a@fabrikam.com'\n    displayName: A\n    expires: "2027-03-01"   # the contract's end\n    justification: 'CHG-9 it''s on'\n    reviewed: '${AS_OF}'\n`,
    );
  });

  it("keeps CRLF line endings and a BOM, and writes new lines with CRLF", () => {
    const source = `\uFEFF${head}guests:\n  - email: a@fabrikam.com\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x\n`.replace(/\n/g, "\r\n");
    const after = only({ action: "review", emails: ["a@fabrikam.com"], on: AS_OF }, source);
    expect(after).toBe(source + `    reviewed: ${AS_OF}\r\n`);
    const added = only({ action: "add", email: "b@fabrikam.com", displayName: "B", expires: "2027-01-01", justification: "CHG-1 x", groups: ["g"], apps: [] }, source);
    expect(added.startsWith(source)).toBe(true);
    expect(added.slice(source.length).replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("remove takes the comment lines directly above an entry, at its indentation, and no other", () => {
    const source = `${head}guests:\n  # the team\n\n  # Bob: contract CHG-2\n  # renewed twice\n  - email: b@fabrikam.com\n    displayName: B\n    expires: 2027-01-01\n    justification: CHG-2 y\n\n  - email: c@fabrikam.com   # keep\n    displayName: C\n    expires: 2027-01-01\n    justification: CHG-3 z\n`;
    expect(only({ action: "remove", emails: ["b@fabrikam.com"] }, source)).toBe(`${head}guests:\n  # the team\n\n  - email: c@fabrikam.com   # keep\n    displayName: C\n    expires: 2027-01-01\n    justification: CHG-3 z\n`);
  });

  it("removing the only guest leaves an empty list, so the file still declares guests", () => {
    const source = `${head}guests:   # one\n  - email: b@fabrikam.com\n    displayName: B\n    expires: 2027-01-01\n    justification: CHG-2 y\n# end\n`;
    expect(only({ action: "remove", emails: ["b@fabrikam.com"] }, source)).toBe(`${head}guests: []   # one\n# end\n`);
  });

  it("remove may take a flow-style entry whole: its one line is the entry", () => {
    const source = `${head}guests:\n  - { email: b@fabrikam.com, displayName: B, expires: 2027-01-01, justification: CHG-2 y }\n  - email: c@fabrikam.com\n    displayName: C\n    expires: 2027-01-01\n    justification: CHG-3 z\n`;
    expect(only({ action: "remove", emails: ["b@fabrikam.com"] }, source)).toBe(`${head}guests:\n  - email: c@fabrikam.com\n    displayName: C\n    expires: 2027-01-01\n    justification: CHG-3 z\n`);
  });
});

describe("refusals, each at its place with the fix", () => {
  const head = "partner: P\ndomains: [fabrikam.com]\nsponsor: s@contoso.com\n";
  const entry = (extra = "", email = "a@fabrikam.com") => `  - email: ${email}\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x\n${extra}`;
  const renew: Extract<GuestEdit, { action: "renew" }> = { action: "renew", emails: ["a@fabrikam.com"], until: "2027-03-01" };
  it.each([
    { desc: "an anchor", text: `${head}guests:\n  - &a\n    email: a@fabrikam.com\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x\n`, edit: renew, at: "guests/p.yaml:6:5", message: "defines the anchor &a" },
    { desc: "an alias", text: `${head}x: &j CHG-1 x\nguests:\n${entry().replace("justification: CHG-1 x", "justification: *j")}`, edit: renew, at: "guests/p.yaml:9:20", message: "uses the alias *j" },
    { desc: "a merge key", text: `${head}x: &d { displayName: A }\nguests:\n  - email: a@fabrikam.com\n    <<: *d\n    expires: 2027-01-01\n    justification: CHG-1 x\n`, edit: renew, at: "guests/p.yaml:7:5", message: "uses a merge key (<<)" },
    { desc: "a flow-style entry", text: `${head}guests:\n  - { email: a@fabrikam.com, displayName: A, expires: 2027-01-01, justification: CHG-1 x }\n`, edit: renew, at: "guests/p.yaml:5:5", message: "is written in flow style" },
    { desc: "an entry below its dash", text: `${head}guests:\n  -\n    email: a@fabrikam.com\n    displayName: A\n    expires: 2027-01-01\n    justification: CHG-1 x\n`, edit: renew, at: "guests/p.yaml:6:5", message: "does not start on its list item's line" },
    { desc: "a block scalar to replace", text: `${head}guests:\n${entry().replace("justification: CHG-1 x\n", "justification: |\n      CHG-1 x\n")}`, edit: { ...renew, justification: "CHG-2" }, at: "guests/p.yaml:8:20", message: "is a block scalar" },
    { desc: "a flow guests list to add to", text: `${head}guests: [{ email: b@fabrikam.com, displayName: B, expires: 2027-01-01, justification: CHG-1 x }]\n`, edit: NEW_GUEST, at: "guests/p.yaml:4:9", message: "the guests list is written in flow style" },
    { desc: "a duplicate address", text: `${head}guests:\n${entry("", "Zoe.Martin@fabrikam.com")}`, edit: NEW_GUEST, at: "guests/p.yaml:5:5", message: 'is already declared in guests/p.yaml:5:5' },
    { desc: "an address declared twice", text: `${head}guests:\n${entry()}${entry()}`, edit: renew, at: "guests/p.yaml:5:5", message: "is declared 2 times (guests/p.yaml:5:5, guests/p.yaml:9:5)" },
    { desc: "a renewal past the policy", text: `${head}guests:\n${entry()}`, edit: { ...renew, until: "2027-12-02" }, at: "guests/p.yaml:7:14", message: "the stack's policy.maxExpiryDays allows at most 365 days: pass --until 2027-12-01 or an earlier date" },
    { desc: "a renewal past a group's limit", text: `${head}guests:\n${entry("    groups: [finance-reporting]\n")}`, edit: { ...renew, until: "2027-06-01" }, at: "guests/p.yaml:7:14", message: 'group "finance-reporting" allows at most 180 days: pass --until 2027-05-30 or an earlier date' },
    { desc: "a renewal into the past", text: `${head}guests:\n${entry()}`, edit: { ...renew, until: "2026-11-30" }, at: "guests/p.yaml:7:14", message: "is before 2026-12-01" },
    { desc: "a review in the future", text: `${head}guests:\n${entry()}`, edit: { action: "review", emails: ["a@fabrikam.com"], on: "2026-12-02" }, at: "guests/p.yaml:5:5", message: "a review is recorded once it has happened" },
  ] satisfies { desc: string; text: string; edit: GuestEdit; at: string; message: string }[])("$desc", ({ text, edit, at, message }) => {
    const r = run(edit, [{ path: "guests/p.yaml", text }]);
    expect(r.files).toEqual([]);
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0]!;
    expect(`${p.file}:${p.line}:${p.column}`).toBe(at);
    expect(p.message).toContain(message);
  });

  it.each([
    { desc: "an unknown address", edit: { action: "remove", emails: ["nobody@fabrikam.com"] }, message: '"nobody@fabrikam.com" is not declared in any guest file' },
    { desc: "a new domain without --partner", edit: { ...NEW_GUEST, email: "lee@tailspin.example" }, message: "no partner file holds the domain tailspin.example; to start one, pass --partner NAME" },
    { desc: "a --partner that makes no file name", edit: { ...NEW_GUEST, email: "lee@tailspin.example", partner: "!!!" }, message: 'makes no file name' },
    { desc: "a --partner whose file exists", edit: { ...NEW_GUEST, email: "lee@tailspin.example", partner: "Fabrikam" }, message: "guests/fabrikam.yaml exists already, but does not list tailspin.example in its domains" },
    { desc: "not an address", edit: { ...NEW_GUEST, email: "zoe" }, message: '"zoe" is not an email address' },
    { desc: "no sponsor, in a file without a default one", edit: { ...NEW_GUEST, email: "omar@northwind.example" }, message: "guests/northwind.yaml has no default sponsor, so the guest needs one of its own: pass --sponsor ADDR" },
    { desc: "no sponsor, in a new partner file", edit: { ...NEW_GUEST, email: "lee@tailspin.example", partner: "Tailspin" }, message: "a new partner file has no default sponsor, so the guest needs one of its own: pass --sponsor ADDR" },
  ] satisfies { desc: string; edit: GuestEdit; message: string }[])("about the arguments: $desc", ({ edit, message }) => {
    const r = run(edit);
    expect(r.files).toEqual([]);
    expect(r.problems.map((p) => [p.file, p.line, p.column])).toEqual([["", 0, 0]]);
    expect(r.problems[0]!.message).toContain(message);
  });
});

describe("renew --drop puts an entry back as the base holds it", () => {
  it("byte for byte, whatever the renewal changed", () => {
    const renewed = run({ action: "renew", emails: ["elena.petrova@fabrikam.com", "ben.carter@fabrikam.com"], until: "2027-05-20", justification: "DSN-91" }).files[0]!.after;
    const r = run({ action: "drop", emails: ["elena.petrova@fabrikam.com"] }, [{ path: "guests/fabrikam.yaml", text: renewed }, EXAMPLE[1]!], { base: { label: "origin/main", files: EXAMPLE } });
    expect(r.problems).toEqual([]);
    const after = r.files[0]!.after;
    expect(guestsOf(after)[4]).toEqual(guestsOf(FABRIKAM)[4]);
    expect(guestsOf(after)[1]).toEqual(guestsOf(renewed)[1]);
    const start = FABRIKAM.indexOf("  - email: elena");
    const end = FABRIKAM.indexOf("  - email: farid");
    expect(after.slice(after.indexOf("  - email: elena"), after.indexOf("  - email: farid"))).toBe(FABRIKAM.slice(start, end));
  });

  it("a renewal to an earlier date says it shortens the access", () => {
    expect(run({ action: "renew", emails: ["ana.silva@fabrikam.com"], until: "2027-01-31" }).notes).toEqual(["--until 2027-01-31 is before ana.silva@fabrikam.com's current expires, 2027-05-31: this shortens the access"]);
  });

  it("refuses a guest the base does not have, and notes one that is already as the base holds it", () => {
    const added = run(NEW_GUEST).files[0]!.after;
    const files = [{ path: "guests/fabrikam.yaml", text: added }];
    const base = { label: "origin/main", files: EXAMPLE };
    expect(run({ action: "drop", emails: ["zoe.martin@fabrikam.com"] }, files, { base }).problems[0]!.message).toContain("is not in origin/main: it is new on this branch, so there is no renewal to undo; remove it with guestops remove zoe.martin@fabrikam.com");
    const same = run({ action: "drop", emails: ["ana.silva@fabrikam.com"] }, files, { base });
    expect(same.files).toEqual([]);
    expect(same.notes).toEqual(["ana.silva@fabrikam.com in guests/fabrikam.yaml is already as origin/main holds it: nothing to undo"]);
  });
});

// Partner files of random shape around the edited entry: comments and blank lines between entries,
// trailing comments, each value plain, single- or double-quoted, CRLF or LF, a BOM or none, entries at
// column 0, 2 or 4. Each edit changes bytes only inside the edited entry's own span.
const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .()-]{0,14}[A-Za-z0-9]$/);
const commentText = fc.stringMatching(/^[ -~]{0,20}$/);
const quoting = fc.constantFrom<(v: string) => string>((v) => v, (v) => `'${v}'`, (v) => `"${v}"`);

interface Shape {
  bom: boolean;
  crlf: boolean;
  indent: string;
  entries: { pre: ("blank" | string)[]; quote: ((v: string) => string)[]; name: string; reviewed: boolean; trailing?: string; groups: boolean }[];
  target: number;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  indent: fc.constantFrom("", "  ", "    "),
  entries: fc.array(
    fc.record({
      pre: fc.array(fc.oneof(fc.constant("blank" as const), commentText), { maxLength: 3 }),
      quote: fc.array(quoting, { minLength: 4, maxLength: 4 }),
      name: word,
      reviewed: fc.boolean(),
      trailing: fc.option(commentText, { nil: undefined }),
      groups: fc.boolean(),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  target: fc.nat(),
});

/** The file's text, and the span of the target entry: [its own comment lines' start, its end) and the entry's first line. */
function build(s: Shape): { text: string; spanStart: number; entryStart: number; entryEnd: number; target: number } {
  const t = s.target % s.entries.length;
  const lines: string[] = ["# partner file", "partner: Fabrikam", "domains: [fabrikam.com]", "sponsor: priya.natarajan@contoso.com   # default", "", "guests:"];
  const eol = s.crlf ? "\r\n" : "\n";
  const offset = () => lines.reduce((n, l) => n + l.length + eol.length, 0);
  let spanStart = 0;
  let entryStart = 0;
  let entryEnd = 0;
  s.entries.forEach((e, i) => {
    // The comment lines right above the dash, with no blank between, belong to the entry.
    let own = e.pre.length;
    while (own > 0 && e.pre[own - 1] !== "blank") own--;
    e.pre.forEach((p, k) => {
      if (i === t && k === own) spanStart = offset();
      lines.push(p === "blank" ? "" : `${s.indent}#${p}`);
    });
    if (i === t) entryStart = offset();
    if (i === t && own === e.pre.length) spanStart = entryStart;
    const [q1, q2, q3, q4] = e.quote as [(v: string) => string, (v: string) => string, (v: string) => string, (v: string) => string];
    lines.push(`${s.indent}- email: ${q1(`guest${i}@fabrikam.com`)}${e.trailing !== undefined ? `   #${e.trailing}` : ""}`);
    lines.push(`${s.indent}  displayName: ${q2(e.name)}`);
    lines.push(`${s.indent}  expires: ${q3("2027-01-31")}`);
    lines.push(`${s.indent}  justification: ${q4(`CHG-${i} ${e.name}`)}`);
    if (e.groups) lines.push(`${s.indent}  groups: [erp-project]`);
    if (e.reviewed) lines.push(`${s.indent}  reviewed: 2026-10-01`);
    if (i === t) entryEnd = offset();
  });
  const bom = s.bom ? "\uFEFF" : "";
  return { text: bom + lines.join(eol) + eol, spanStart: spanStart + bom.length, entryStart: entryStart + bom.length, entryEnd: entryEnd + bom.length, target: t };
}

describe("property: every byte outside the edited entry is unchanged", () => {
  const props = { numRuns: 150 };
  const edited = (text: string, edit: GuestEdit) => {
    const r = run(edit, [{ path: "guests/fabrikam.yaml", text }]);
    expect(r.problems).toEqual([]);
    return r.files[0]!.after;
  };
  const keepsForm = (before: string, after: string) => {
    expect(after.startsWith("\uFEFF")).toBe(before.startsWith("\uFEFF"));
    if (before.includes("\r\n")) expect(after.replace(/\r\n/g, "")).not.toContain("\n");
    else expect(after).not.toContain("\r");
  };

  it("renew and review change bytes only in the entry's lines, and mean the entry with the new dates", () => {
    fc.assert(
      fc.property(shape, fc.boolean(), (s, renewing) => {
        const { text, entryStart, entryEnd, target } = build(s);
        const edit: GuestEdit = renewing ? { action: "renew", emails: [`GUEST${target}@fabrikam.com`], until: "2027-06-30", justification: "CHG-99 next phase" } : { action: "review", emails: [`guest${target}@fabrikam.com`], on: AS_OF };
        const after = edited(text, edit);
        expect(onlyWithin(text, after, entryStart, entryEnd)).toBe(true);
        keepsForm(text, after);
        const expected = guestsOf(text).map((g, i) => (i !== target ? g : renewing ? { ...g, expires: "2027-06-30", justification: "CHG-99 next phase", reviewed: AS_OF } : { ...g, reviewed: AS_OF }));
        expect(guestsOf(after)).toEqual(expected);
        expect({ ...parse(after.replace(/^\uFEFF/, "")), guests: null }).toEqual({ ...parse(text.replace(/^\uFEFF/, "")), guests: null });
      }),
      props,
    );
  });

  it("remove changes bytes only in the entry's span (its own comments, and one blank line beside it)", () => {
    fc.assert(
      fc.property(shape, (s) => {
        const { text, spanStart, entryEnd, target } = build(s);
        const after = edited(text, { action: "remove", emails: [`guest${target}@fabrikam.com`] });
        if (s.entries.length === 1) {
          // The only guest: the list is left empty, `guests: []`.
          const colon = text.indexOf("guests:") + "guests:".length;
          expect(after).toBe(text.slice(0, colon) + " []" + text.slice(colon, spanStart) + text.slice(entryEnd));
          return;
        }
        const eol = s.crlf ? "\r\n" : "\n";
        // One blank line before or after the span may go with it.
        const lo = text.slice(0, spanStart).endsWith(eol + eol) ? spanStart - eol.length : spanStart;
        const hi = text.startsWith(eol, entryEnd) ? entryEnd + eol.length : entryEnd;
        expect(onlyWithin(text, after, lo, hi)).toBe(true);
        keepsForm(text, after);
        const before = guestsOf(text);
        expect(guestsOf(after)).toEqual(before.filter((_, i) => i !== target));
      }),
      props,
    );
  });

  it("renew, then renew --drop against the file before it, gives back the file byte for byte", () => {
    fc.assert(
      fc.property(shape, (s) => {
        const { text, target } = build(s);
        const renewed = edited(text, { action: "renew", emails: [`guest${target}@fabrikam.com`], until: "2027-06-30", justification: "CHG-99 next phase" });
        const r = run({ action: "drop", emails: [`guest${target}@fabrikam.com`] }, [{ path: "guests/fabrikam.yaml", text: renewed }], { base: { label: "origin/main", files: [{ path: "guests/fabrikam.yaml", text }] } });
        expect(r.problems).toEqual([]);
        expect(r.files[0]!.after).toBe(text);
      }),
      props,
    );
  });

  it("add inserts one run of bytes after the last entry, and means the old guests plus the new one", () => {
    fc.assert(
      fc.property(shape, word, (s, name) => {
        const { text } = build(s);
        const after = edited(text, { ...NEW_GUEST, displayName: name });
        const c = changed(text, after);
        expect(c.start).toBe(c.end);
        expect(c.start).toBe(text.length);
        keepsForm(text, after);
        expect(guestsOf(after)).toEqual([...guestsOf(text), { email: NEW_GUEST.email, displayName: name, expires: NEW_GUEST.expires, justification: NEW_GUEST.justification, groups: ["erp-project"], apps: [{ app: "expenses", role: "Submitter" }] }]);
      }),
      props,
    );
  });
});

describe("property: a value the editor writes reads back as the same string, on one line", () => {
  it("for any text, a date-like, boolean-like or number-like one included", () => {
    const tricky = fc.constantFrom("true", "null", "~", "123", "0x1F", "1e3", "2027-01-01", "- a", "a: b", "#x", " lead", "trail ", "'q'", '"d"', "[a]", "{a}", "*a", "&a", "!t", "%p", "@x", "`x", "a\nb", "\u2028", "\u0085", "\t", "");
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })), (value) => {
        const text = only({ action: "add", email: "a@fabrikam.com", displayName: value, expires: "2027-01-01", justification: value, groups: [], apps: [] }, "partner: P\ndomains: [fabrikam.com]\nsponsor: s@contoso.com\nguests: []\n");
        const entry = text.slice(text.indexOf("  - email:"));
        expect(entry.split("\n").filter((l) => l !== "")).toHaveLength(4);
        expect(guestsOf(text)[0]).toMatchObject({ displayName: value, justification: value });
      }),
      { numRuns: 300 },
    );
  });
});
