// Users' values in messages: quoted, every hidden character spelled out, cut short without leaving half
// an escape behind.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quote, show, wrap } from "../../src/model/words";

const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;
const text = fc.array(fc.oneof(fc.constantFrom("##vso[", "##[", "\u202e", "\u200b", "\ue000", "\u{e0041}", "\u2028", "\u00a0", "\n", "\u001b", '"', "\\"), fc.string({ maxLength: 4 })), { maxLength: 30 }).map((p) => p.join(""));

describe("quote and show", () => {
  it("show every hidden character, stay within their length, and never end inside an escape", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 8, max: 40 }), (s, max) => {
        for (const out of [quote(s, max), show(s, max), show({ s }, max), show([s, s], max)]) {
          expect(out).not.toMatch(HIDDEN);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).not.toMatch(/\\u\{?[0-9a-f]{0,3}…/);
          expect(out).not.toMatch(/##(vso)?\[/i);
        }
      }),
    );
  });

  it.each([
    { value: "ana\u202eevil", expected: '"ana\\u202eevil"' },
    { value: "zero\u200bwidth", expected: '"zero\\u200bwidth"' },
    { value: "tag\u{e0041}", expected: '"tag\\u{e0041}"' },
    { value: 'say "hi"\n', expected: '"say \\"hi\\"\\n"' },
    { value: "##vso[task.complete result=Succeeded]", expected: '"#\\#vso[task.complete result=Succeeded]"' },
  ])("quote($value)", ({ value, expected }) => {
    expect(quote(value)).toBe(expected);
  });

  it("cuts long values with an ellipsis inside the quotes", () => {
    expect(quote("a".repeat(200), 10)).toBe('"aaaaaaa…"');
    expect(quote("abcdef\u202e", 12)).toBe('"abcdef…"');
  });
});

describe("wrap", () => {
  it("breaks at spaces within the width and loses no word", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 60 }), fc.integer({ min: 12, max: 100 }), (words, width) => {
        const text = words.join(" ");
        const lines = wrap(text, width).split("\n");
        expect(lines.join(" ")).toBe(text);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      }),
    );
  });
});
