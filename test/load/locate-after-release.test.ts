// Positions come from the one parse: once a file's Document is released, `locate` answers from its
// position index, exactly as it did from the Document, and never parses the text again.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { locate, parseYaml, releaseDocument, type ParsedYaml } from "../../src/load/parse-yaml";
import { FABRIKAM, STACK } from "../helpers/fixtures";

const bytes = (text: string) => new TextEncoder().encode(text);

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (typeof value === "object" && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

/** Every path in the document, each also with a missing last step, asked for as a value and as a key. */
function questions(parsed: ParsedYaml): { path: (string | number)[]; key: boolean }[] {
  const paths = pathsOf(parsed.value);
  return paths.flatMap((p) => [p, [...p, "missing"], [...p, 99]]).flatMap((path) => [{ path, key: false }, { path, key: true }]);
}

function answersBeforeAndAfter(text: string): { before: unknown[]; after: unknown[] } {
  const parsed = parseYaml(bytes(text), "guest file");
  const asked = questions(parsed);
  const before = asked.map(({ path, key }) => locate(parsed, path, key));
  releaseDocument(parsed);
  // Without the text, a re-parse is impossible: whatever answers now came from the first parse.
  delete parsed.text;
  const after = asked.map(({ path, key }) => locate(parsed, path, key));
  return { before, after };
}

describe("locate after the Document is released", () => {
  it.each([
    { name: "the stack fixture", text: STACK },
    { name: "the guest fixture", text: FABRIKAM },
    { name: "flow style, empty values, quoted and numeric keys", text: 'a: {b: [1, {c: }], "d e": x}\n1: one\nempty:\nlist:\n  -\n  - - nested\n' },
    { name: "an alias", text: "base: &b [x, y]\nuse: *b\n" },
  ])("gives the same positions as the Document for $name", ({ text }) => {
    const { before, after } = answersBeforeAndAfter(text);
    expect(before.length).toBeGreaterThan(5);
    expect(after).toEqual(before);
  });

  it("gives the same positions as the Document for generated documents in block and flow style", () => {
    const doc = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 6 });
    fc.assert(
      fc.property(doc, fc.constantFrom("block", "flow", "mixed"), (value, style) => {
        const text = stringify(value, { collectionStyle: style === "mixed" ? "any" : style, flowCollectionPadding: style === "mixed" });
        const parsed = parseYaml(bytes(text), "guest file");
        if (!parsed.value) return; // keys like "__proto__" are refused; nothing to locate
        const { before, after } = answersBeforeAndAfter(text);
        expect(after).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it("points a guest's email at its line and column", () => {
    const parsed = parseYaml(bytes(FABRIKAM), "guest file");
    releaseDocument(parsed);
    delete parsed.text;
    const line = FABRIKAM.split("\n").findIndex((l) => l.includes("email:")) + 1;
    expect(locate(parsed, ["guests", 0, "email"])).toEqual({ line, column: FABRIKAM.split("\n")[line - 1]!.indexOf("email:") + 8 });
  });
});
