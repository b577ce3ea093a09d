// replaceValue rewrites one value and keeps every other byte: comments, quoting, CRLF, a BOM.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { replaceValue } from "../../src/edit/replace-value";

const FORM = "# top\nbody:\n  - id: groups # the groups\n    options:\n      - a   # first\n      - b\n    note: keep\n  - id: apps\n    options: [x, y]\n    description: \"old: text\"\n";

describe("replaceValue", () => {
  it.each<[string, string, Parameters<typeof replaceValue>[1], string | string[], string]>([
    ["a block list, at its indentation, comments after it kept", FORM, ["body", { key: "id", value: "groups" }, "options"], ["c", "d: e"], FORM.replace("      - a   # first\n      - b\n", '      - c\n      - "d: e"\n')],
    ["a flow list, in flow style", FORM, ["body", { key: "id", value: "apps" }, "options"], ["z"], FORM.replace("[x, y]", "[z]")],
    ["a list emptied", FORM, ["body", { key: "id", value: "apps" }, "options"], [], FORM.replace("[x, y]", "[]")],
    ["a string, quoted only as YAML needs", FORM, ["body", { key: "id", value: "apps" }, "description"], "plain words", FORM.replace('"old: text"', "plain words")],
    ["a string that needs quotes", FORM, ["body", { key: "id", value: "apps" }, "description"], "a: b # c", FORM.replace('"old: text"', '"a: b # c"')],
    ["CRLF and a BOM", `\uFEFF${FORM.replace(/\n/g, "\r\n")}`, ["body", { key: "id", value: "groups" }, "options"], ["c", "d"], `\uFEFF${FORM.replace("      - a   # first\n      - b\n", "      - c\n      - d\n").replace(/\n/g, "\r\n")}`],
  ])("replaces %s", (_, text, path, value, expected) => {
    const result = replaceValue(text, path, value);
    expect(result).toEqual({ text: expected });
    expect(parse(expected.replace(/^\uFEFF/, ""))).toBeTruthy();
  });

  it.each<[string, string, Parameters<typeof replaceValue>[1], string | string[], RegExp]>([
    ["a path that is not there", FORM, ["body", { key: "id", value: "sponsor" }, "options"], ["x"], /no item of body has id: sponsor/],
    ["two items with the same id", `${FORM}  - id: apps\n    options: []\n`, ["body", { key: "id", value: "apps" }, "options"], ["x"], /2 items have id: apps/],
    ["a list where text is asked for", FORM, ["body", { key: "id", value: "apps" }, "options"], "x", /is a list or mapping, not text/],
    ["text where a list is asked for", FORM, ["body", { key: "id", value: "apps" }, "description"], ["x"], /is not a list/],
    ["an alias", "a: &x [1]\nb: *x\n", ["b"], ["2"], /anchor or alias/],
    ["a file that does not parse", "a: [\n", ["a"], ["x"], /does not parse as YAML/],
  ])("refuses %s", (_, text, path, value, message) => {
    const result = replaceValue(text, path, value);
    expect("error" in result && result.error).toMatch(message);
  });
});
