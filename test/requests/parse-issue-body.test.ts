// The form's body parser: table tests of hostile and malformed bodies, and properties over random answers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_FIELD_CHARS, parseIssueBody } from "../../src/requests/parse-issue-body";
import { FIELD_IDS, type FieldId } from "../../src/requests/issue-form";
import { ADD_ANSWERS, bundledFields, renderBody } from "./form-body";

const fields = bundledFields();
const parse = (body: string) => parseIssueBody(body, fields);

describe("parseIssueBody", () => {
  it("reads each answer of a rendered form, and _No response_ as no answer", () => {
    const { answers, problems } = parse(renderBody(ADD_ANSWERS));
    expect(problems).toEqual([]);
    expect(answers).toEqual(ADD_ANSWERS);
    expect(answers.sponsor).toBeUndefined();
  });

  it("reads an unset dropdown as no answer", () => {
    expect(parse(renderBody({ ...ADD_ANSWERS, groups: "None", apps: "_No response_" })).answers).toEqual({ ...ADD_ANSWERS, groups: undefined, apps: undefined });
  });

  it("reads CRLF bodies and multi-line justifications", () => {
    const body = renderBody({ ...ADD_ANSWERS, justification: "CHG-1042\n\nsecond paragraph" }).replace(/\n/g, "\r\n");
    expect(parse(body).answers.justification).toBe("CHG-1042\n\nsecond paragraph");
  });

  it.each<[string, Partial<Record<FieldId, string>> | string, FieldId | undefined, RegExp]>([
    ["a zero-width space in the address", { ...ADD_ANSWERS, email: "lena\u200b.fischer@fabrikam.com" }, "email", /invisible or control character \(U\+200B\) at character 5/],
    ["a right-to-left override in the name", { ...ADD_ANSWERS, "display-name": "Lena \u202eFischer" }, "display-name", /U\+202E/],
    ["a no-break space in the name", { ...ADD_ANSWERS, "display-name": "Lena\u00a0Fischer" }, "display-name", /U\+00A0/],
    ["an escape sequence in the justification", { ...ADD_ANSWERS, justification: "ok \u001b[2J" }, "justification", /U\+001B/],
    ["a byte order mark in the date", { ...ADD_ANSWERS, expires: "\ufeff2027-03-31" }, "expires", /U\+FEFF/],
    ["a newline in the name (YAML injection)", { ...ADD_ANSWERS, "display-name": "x\n  - email: evil@fabrikam.com" }, "display-name", /several lines/],
    ["a tab in the address", { ...ADD_ANSWERS, email: "lena\t@fabrikam.com" }, "email", /a tab/],
    ["a huge name", { ...ADD_ANSWERS, "display-name": "A".repeat(MAX_FIELD_CHARS + 1) }, "display-name", /2001 characters long/],
    ["a heading repeated to smuggle a second sponsor", `${renderBody(ADD_ANSWERS)}\n\n### Sponsor\n\nmallory@contoso.com`, "sponsor", /appears more than once/],
    ["a body not from the form", "please add lena@fabrikam.com to ERP", "action", /is missing from the issue/],
    ["a body larger than GitHub allows", `${renderBody(ADD_ANSWERS)}${"x".repeat(70_000)}`, undefined, /more than an issue form can produce/],
  ])("refuses %s", (_, input, field, message) => {
    const { problems } = parse(typeof input === "string" ? input : renderBody(input));
    const problem = problems.find((p) => p.field === field);
    expect(problem?.message).toMatch(message);
    expect(problem?.fix.length).toBeGreaterThan(10);
  });

  it("keeps YAML- and shell-significant text as text, for the editor to quote", () => {
    const hostile = { ...ADD_ANSWERS, "display-name": "{a: b} $(id) `id` ; rm -rf / #x", justification: "x\n  - email: evil@fabrikam.com\n::error::forged\n##[error]forged\n##vso[task.setvariable variable=x]y" };
    const { answers, problems } = parse(renderBody(hostile));
    expect(problems).toEqual([]);
    expect(answers["display-name"]).toBe(hostile["display-name"]);
    expect(answers.justification).toBe(hostile.justification);
  });
});

/** Text a person can type: letters, digits, punctuation that means something to YAML, shells or Markdown, spaces. */
const typed = fc.stringMatching(/^[A-Za-z0-9 :{}[\]#&*!|>'"%@`,?\-$();\\/.<>=_~^+éüø]{1,80}$/).map((s) => s.trim()).filter((s) => s !== "" && s !== "_No response_");
const typedLines = fc.array(typed, { minLength: 1, maxLength: 4 }).map((lines) => lines.join("\n")).filter((s) => !/^###/m.test(s));

describe("parseIssueBody, as properties", () => {
  it("gives back every typed answer as written", () => {
    fc.assert(
      fc.property(fc.record(Object.fromEntries(FIELD_IDS.map((id) => [id, id === "justification" ? typedLines : typed])) as Record<FieldId, fc.Arbitrary<string>>, { requiredKeys: [] }), (answers) => {
        const parsed = parse(renderBody(answers));
        expect(parsed.problems).toEqual([]);
        expect(parsed.answers).toEqual(answers);
      }),
    );
  });

  it("never throws, and accepts no answer with a hidden character, a line break in a one-line field, or an oversize value", () => {
    const anything = fc.string({ unit: "binary", maxLength: 300 });
    fc.assert(
      fc.property(fc.record(Object.fromEntries(FIELD_IDS.map((id) => [id, anything])) as Record<FieldId, fc.Arbitrary<string>>, { requiredKeys: [] }), (answers) => {
        const parsed = parse(renderBody(answers));
        for (const field of fields) {
          const value = parsed.answers[field.id];
          if (value === undefined) continue;
          expect(value).not.toMatch(/(?![\n\t])[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u);
          if (field.type !== "textarea") expect(value).not.toMatch(/[\n\t]/);
          expect(value.length).toBeLessThanOrEqual(MAX_FIELD_CHARS);
          expect(value).toBe(value.replace(/^[ \t\n]+|[ \t\n]+$/g, ""));
        }
      }),
    );
  });
});
