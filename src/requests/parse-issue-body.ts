// The body GitHub renders from an issue form: for each field, `### <label>`, a blank line, and the
// answer, or `_No response_` when there is none. Multi-select dropdowns are joined with ", ". The
// requester can edit the body freely afterwards, so it is parsed as untrusted text: each field must
// appear exactly once, one-line fields hold one line, and no field may hide a character.
import type { FieldId, FormField } from "./issue-form";
import { MAX_BODY_CHARS } from "./parse-issue";

/** Far above any value the guest files allow (the schema judges the exact limits); a bound on what is echoed back. */
export const MAX_FIELD_CHARS = 2_000;
export const NO_RESPONSE = "_No response_";

export interface RequestProblem {
  /** The form field the problem is in; absent for the request as a whole. */
  field?: FieldId;
  /** What is wrong, in plain words. */
  message: string;
  /** How to fix it, in the form's terms. */
  fix: string;
}

export type Answers = Partial<Record<FieldId, string>>;

/**
 * Control, format (zero-width, bidi), private-use, unassigned and separator characters, and any space
 * but the plain one: none can be typed on purpose into a form, and each can make a value read as
 * another. Newlines and tabs are judged apart, by the field's kind.
 */
const HIDDEN = /(?![\n\t])[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;
const HEADING = /^###[ \t]+(.*?)[ \t#]*$/;

export function parseIssueBody(body: string, fields: readonly FormField[]): { answers: Answers; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  if (body.length > MAX_BODY_CHARS) {
    return { answers: {}, problems: [{ message: `the issue's text is ${body.length} characters long, more than an issue form can produce (${MAX_BODY_CHARS})`, fix: "file a new request with the form, and keep the justification short" }] };
  }
  const byLabel = new Map(fields.map((f) => [f.label, f]));
  const sections = new Map<FieldId, string[]>();
  const repeated = new Set<FieldId>();
  let current: string[] | undefined;
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    const heading = HEADING.exec(line)?.[1];
    const field = heading === undefined ? undefined : byLabel.get(heading);
    if (field) {
      if (sections.has(field.id)) repeated.add(field.id);
      current = [];
      sections.set(field.id, current);
    } else current?.push(line);
  }
  const answers: Answers = {};
  for (const field of fields) {
    const where = `"${field.label}"`;
    if (repeated.has(field.id)) {
      problems.push({ field: field.id, message: `${where} appears more than once in the issue`, fix: `edit the issue so that the heading "### ${field.label}" appears once, with the answer below it` });
      continue;
    }
    const lines = sections.get(field.id);
    if (lines === undefined) {
      problems.push({ field: field.id, message: `${where} is missing from the issue`, fix: `file the request with the guest access form, or put back the heading "### ${field.label}" with the answer below it` });
      continue;
    }
    // Only blanks, tabs and line breaks are trimmed: String.trim would drop a leading BOM or no-break space unseen.
    const value = lines.join("\n").replace(/^[ \t\n]+|[ \t\n]+$/g, "");
    // An optional dropdown left unset reads "None" in some renderings; no catalog key or action is "None".
    if (value === "" || value === NO_RESPONSE || (field.type === "dropdown" && value === "None")) continue;
    const problem = checkText(field, value);
    if (problem) problems.push(problem);
    else answers[field.id] = value;
  }
  return { answers, problems };
}

function checkText(field: FormField, value: string): RequestProblem | undefined {
  const where = `"${field.label}"`;
  if (value.length > MAX_FIELD_CHARS) return { field: field.id, message: `${where} is ${value.length} characters long`, fix: `shorten it to well under ${MAX_FIELD_CHARS} characters` };
  const hidden = HIDDEN.exec(value);
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return { field: field.id, message: `${where} holds an invisible or control character (U+${code}) at character ${hidden.index + 1}`, fix: `type the answer again by hand rather than pasting it, so that it holds only the characters you see` };
  }
  if (field.type !== "textarea" && /[\n\t]/.test(value)) return { field: field.id, message: `${where} holds ${value.includes("\n") ? "several lines" : "a tab"}`, fix: "write the answer on one line" };
  return undefined;
}
