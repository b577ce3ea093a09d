// json(): JSON that prints safely in a terminal or CI log and still parses to the same values.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { json } from "../../src/output/escape";

describe("json", () => {
  it("parses to the same values, with nothing hidden and no runner command", () => {
    const hostile = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("##vso[task.setvariable variable=x]1", "##[error]x", "a\u202eb", "\u{e0041}", "x\u2028y", "::error::x"));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(hostile, fc.array(hostile))), (value) => {
        const text = json(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(text).not.toMatch(/##(vso)?\[/i);
        expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps ordinary text as it is", () => {
    expect(json({ email: "chloé@fabrikam.com" })).toBe('{\n  "email": "chloé@fabrikam.com"\n}');
  });
});
