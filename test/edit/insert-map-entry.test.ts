// The YAML editor changes only the bytes of its edit: comments, order, alignment, CRLF and a BOM
// outside it survive, and the result parses to the original plus the entry.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { appendSeqItem, insertMapEntry } from "../../src/edit/insert-map-entry";
import { STACK } from "../helpers/fixtures";

const ENTRY = { objectId: "2bfefbfd-29d1-44bb-a135-061c81b2ada8", displayName: "ERP: Migration Project", owners: ["priya.natarajan@contoso.com"], allowGuests: true };

function inserted(before: string, after: string): string {
  // The one contiguous run of bytes the edit changed: the longest common prefix and suffix are untouched,
  // and all it removes is an empty " {}" that the entry replaces.
  let p = 0;
  while (p < before.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  expect(["", " {}"]).toContain(before.slice(p, before.length - s));
  return after.slice(p, after.length - s);
}

const text = (r: ReturnType<typeof insertMapEntry>): string => {
  if ("error" in r) throw new Error(r.error);
  return r.text;
};

describe("insertMapEntry", () => {
  const shapes = [
    { desc: "a block mapping with comments and aligned trailing comments", source: readFileSync(join(__dirname, "../../stacks/prod.yaml"), "utf8") },
    { desc: "the fixture stack", source: STACK },
    { desc: "an empty flow mapping with commented examples above it", source: "tenantId: x\n# an example:\n#   k: v\ngroups: {}\n\n# apps\napps: {}\n" },
    { desc: "a key with no value", source: "tenantId: x\ngroups:\napps: {}\n" },
    { desc: "no such key, no final newline", source: "tenantId: x" },
    { desc: "CRLF and a BOM", source: "\uFEFFtenantId: x\r\n# groups:\r\ngroups:\r\n  a:\r\n    objectId: y   # kept\r\n    owners: [p@contoso.com]\r\n# tail\r\napps: {}\r\n" },
  ];

  it.each(shapes)("adds the entry and nothing else: $desc", ({ source }) => {
    const after = text(insertMapEntry(source, ["groups"], "erp-migration-project", ENTRY));
    const added = inserted(source, after);
    expect(added).toContain("erp-migration-project:");
    expect(after.startsWith("\uFEFF")).toBe(source.startsWith("\uFEFF"));
    if (source.includes("\r\n")) expect(after.replace(/\r\n/g, "")).not.toContain("\n");
    const parsedBefore = (parse(source.replace(/^\uFEFF/, "")) ?? {}) as Record<string, unknown>;
    const parsedAfter = parse(after.replace(/^\uFEFF/, "")) as Record<string, Record<string, unknown>>;
    expect(parsedAfter.groups!["erp-migration-project"]).toEqual(ENTRY);
    expect({ ...parsedAfter, groups: undefined }).toEqual({ ...parsedBefore, groups: undefined });
    const groupsBefore = (parsedBefore.groups ?? {}) as Record<string, unknown>;
    expect(Object.keys(parsedAfter.groups!)).toEqual([...Object.keys(groupsBefore), "erp-migration-project"]);
  });

  it("writes lists in flow style as the files do, and quotes what needs quoting", () => {
    const after = text(insertMapEntry("groups: {}\n", ["groups"], "k", ENTRY));
    expect(after).toBe('groups:\n  k:\n    objectId: 2bfefbfd-29d1-44bb-a135-061c81b2ada8\n    displayName: "ERP: Migration Project"\n    owners: [priya.natarajan@contoso.com]\n    allowGuests: true\n');
  });

  it.each([
    { source: "groups:\n  k:\n    objectId: x\n", error: 'groups already has an entry "k"' },
    { source: "groups: { a: 1 }\n", error: "groups is written as a flow mapping" },
    { source: "groups: [a]\n", error: "groups is not a mapping" },
    { source: "groups: {\n", error: "does not parse as YAML" },
  ])("refuses $error", ({ source, error }) => {
    const r = insertMapEntry(source, ["groups"], "k", ENTRY);
    expect("error" in r && r.error).toContain(error);
  });

  it("property: any display name round-trips, and the rest of the file is byte-identical", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.boolean(), (name, crlf) => {
        const source = STACK.replace(/\n/g, crlf ? "\r\n" : "\n");
        const entry = { ...ENTRY, displayName: name };
        const after = text(insertMapEntry(source, ["groups"], "new-key", entry));
        inserted(source, after);
        expect((parse(after) as { groups: Record<string, unknown> }).groups["new-key"]).toEqual(entry);
      }),
      { numRuns: 200 },
    );
  });
});

describe("appendSeqItem", () => {
  const PERSON = { email: "priya.natarajan@contoso.com", github: "priya-n-contoso" };

  it.each([
    { desc: "the repository's people.yaml", source: readFileSync(join(__dirname, "../../people.yaml"), "utf8"), line: "  - { email: priya.natarajan@contoso.com, github: priya-n-contoso }\n" },
    { desc: "CRLF, a BOM, a comment after the list", source: "\uFEFFpeople:\r\n- { email: a@contoso.com }   # aligned\r\n# end\r\n", line: "- { email: priya.natarajan@contoso.com, github: priya-n-contoso }\r\n" },
    { desc: "no final newline", source: "people:\n  - email: a@contoso.com", line: "\n  - { email: priya.natarajan@contoso.com, github: priya-n-contoso }" },
  ])("appends one line and changes nothing else: $desc", ({ source, line }) => {
    const after = text(appendSeqItem(source, ["people"], PERSON, true));
    expect(inserted(source, after)).toBe(line);
    const list = (parse(after.replace(/^\uFEFF/, "")) as { people: unknown[] }).people;
    expect(list[list.length - 1]).toEqual(PERSON);
  });

  it("refuses what is not a block list", () => {
    expect(appendSeqItem("people: []\n", ["people"], PERSON)).toEqual({ error: "people is not a list with one entry per line" });
    expect(appendSeqItem("other: 1\n", ["people"], PERSON)).toEqual({ error: "people is not a list with one entry per line" });
  });
});
