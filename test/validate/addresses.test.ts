// Addresses as the invitation API accepts them, and the odd Unicode a reviewer could be fooled by.
// Every address sits in Fabrikam's file at 5:12 (see oneGuest in helpers.ts).
import { describe, expect, it } from "vitest";
import { STACK } from "../helpers/fixtures";
import { allProblems, expectProblems, oneGuest, validateFiles } from "./helpers";

const F = "guests/fabrikam.yaml";
const at = { file: F, line: 5, column: 12 };

/** A YAML double-quoted scalar is a JSON string, so any character can be written. */
const yamlString = (s: string) => JSON.stringify(s);
const validate = (email: string) => validateFiles({ "stacks/prod.yaml": STACK, [F]: oneGuest({ email: yamlString(email) }) });

// The characters Microsoft Graph's invitation manager refuses in an address.
const REFUSED = [..."+~!#$%^&*()=[]{}\\/|;:\"<>?,"];

describe("refused characters", () => {
  it.each(REFUSED.map((ch) => ({ ch, email: `ana${ch}silva@fabrikam.com` })))("$email is refused for $ch", async ({ ch, email }) => {
    expectProblems(await validate(email), [{ rule: "invitableAddresses", ...at, words: [ch === '"' ? `'"'` : `"${ch}"`, "invitation API refuses", "ask the guest for an address without it"] }]);
  });

  it.each(["ana_silva@fabrikam.com", "ana.silva-2@fabrikam.com", "o'brien@fabrikam.com", "ANA.SILVA@fabrikam.com"])("%s is accepted", async (email) => {
    expectProblems(await validate(email), []);
  });
});

describe("dots and dashes at the ends of the local part", () => {
  it.each([".ana", "ana.", "-ana", "ana-", ".ana-"])("%s@fabrikam.com is refused", async (local) => {
    expectProblems(await validate(`${local}@fabrikam.com`), [{ rule: "invitableAddresses", ...at, words: [`"${local}"`, 'may not start or end with "." or "-"', "check the address with the guest"] }]);
  });

  it.each(["a.na", "a-na", "a.n-a"])("%s@fabrikam.com is accepted", async (local) => {
    expectProblems(await validate(`${local}@fabrikam.com`), []);
  });
});

describe("odd Unicode in addresses", () => {
  const cases = [
    { desc: "a Cyrillic а in the local part", email: "\u0430na.silva@fabrikam.com", words: ["Cyrillic", '"\u0430"', "U+0430", "position 1", "plain ASCII, so retype it"] },
    { desc: "a Cyrillic а in the domain", email: "ana.silva@f\u0430brikam.com", words: ["Cyrillic", "U+0430", "position 12"] },
    { desc: "a Greek ο in the top-level domain", email: "ana.silva@fabrikam.c\u03bfm", words: ["Greek", "U+03BF"] },
    { desc: "a zero-width space", email: "ana\u200b.silva@fabrikam.com", words: ["invisible", "U+200B", "position 4", "\\u200b"] },
    { desc: "a zero-width joiner", email: "ana.silva\u200d@fabrikam.com", words: ["invisible", "U+200D"] },
    { desc: "a right-to-left override", email: "ana.silva@\u202emoc.makirbaf", words: ["invisible", "U+202E", "\\u202e"] },
    { desc: "a byte order mark inside", email: "ana.\ufeffsilva@fabrikam.com", words: ["invisible", "U+FEFF"], alsoSchema: true },
    { desc: "a soft hyphen", email: "ana.sil\u00adva@fabrikam.com", words: ["invisible", "U+00AD"] },
    { desc: "a no-break space", email: "ana.silva\u00a0@fabrikam.com", words: ["invisible", "U+00A0"], alsoSchema: true },
    { desc: "a punycode domain mixing Latin and Cyrillic", email: "ana.silva@xn--fbrikam-2fg.com", words: ['"xn--fbrikam-2fg.com"', '"f\u0430brikam.com"', "Latin and Cyrillic", "homoglyph"] },
    { desc: "a punycode domain in one script", email: "ana.silva@xn--mnchen-3ya.example", words: ['"m\u00fcnchen.example"', "only plain ASCII domains"] },
    { desc: "a punycode label that does not decode", email: "ana.silva@xn--zz.com", words: ['"xn--zz.com"', "not a valid internationalised"] },
  ];

  it.each(cases)("$desc is refused with a clear error", async ({ email, words, alsoSchema }) => {
    const v = await validate(email);
    // JavaScript counts these two as white space, so the schema's address pattern refuses them too.
    const schema = alsoSchema ? [{ rule: "schema", ...at, words: ["email ", "is not an email address"] }] : [];
    expectProblems(v, [{ rule: "asciiAddresses", ...at, words }, ...schema]);
  });

  it.each(cases)("$desc never reaches the output as an invisible character", async ({ email }) => {
    for (const p of allProblems(await validate(email))) expect(p.message).not.toMatch(/[\p{Cf}\u00a0]/u);
  });

  it("an xn-- prefix in the local part is plain ASCII and accepted", async () => {
    expectProblems(await validate("xn--ana@fabrikam.com"), []);
  });
});
