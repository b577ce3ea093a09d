// Properties of the input edges, over generated values: the schema and the loader refuse the same
// guestFiles patterns; a YAML error message never grows into a cascade; the bounded suggester finds
// what an unbounded search finds whenever its budget allows.
import fc from "fast-check";
import { distance } from "fastest-levenshtein";
import { describe, expect, it } from "vitest";
import stackSchema from "../../schemas/stack.schema.json";
import { checkFile } from "../../src/load/check-file";
import { outsidePatternProblem } from "../../src/load/select-guest-files";
import { suggester } from "../../src/model/closest";

const schemaPattern = new RegExp(stackSchema.properties.guestFiles.items.pattern, "u");
const segment = fc.constantFrom("guests", "..", ".", "**", "*.yaml", "eu", "~", "C:", "", "a\\b", "x..y");
const pattern = fc.tuple(fc.constantFrom("", "/", "\\"), fc.array(segment, { minLength: 1, maxLength: 5 })).map(([lead, parts]) => lead + parts.join("/"));

describe("properties", () => {
  it("the schema and the loader refuse the same guestFiles patterns", () => {
    fc.assert(
      fc.property(pattern, (p) => {
        fc.pre(p.length > 0);
        expect(schemaPattern.test(p)).toBe(outsidePatternProblem(p) === undefined);
      }),
      { numRuns: 500 },
    );
  });

  it("a file of arbitrary lines gives at most one syntax error beside its duplicate keys, and never throws", () => {
    const line = fc.tuple(fc.nat({ max: 6 }), fc.constantFrom("- ", ""), fc.constantFrom("email", "guests", "a", "#x"), fc.constantFrom(": x", ":x", ":", " x", ": [", ": #c")).map(([n, dash, key, rest]) => `${" ".repeat(n)}${dash}${key}${rest}`);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const { problems } = checkFile(Buffer.from(lines.join("\n")), "guests");
        const syntax = problems.filter((p) => p.rule === "yaml" && !p.message.startsWith("duplicate key"));
        expect(syntax.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it("the bounded suggester agrees with an unbounded search", () => {
    const word = fc.stringMatching(/^[a-c-]{1,8}$/);
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 30 }), word, (candidates, w) => {
        const reach = Math.max(1, Math.floor(w.length / 3));
        const found = suggester(candidates).suggest(w);
        const best = Math.min(Infinity, ...candidates.map((c) => distance(w, c)));
        if (best > reach) expect(found).toBeUndefined();
        else expect(found !== undefined && distance(w, found) === best).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
