// Issue bodies as GitHub renders them from the example's form (the tool's copy, test/fixtures/example, so
// that a fork whose form offers its own catalog still passes): `### <label>`, a blank line, the answer.
import { FORM_PATH, parseFormDefinition, type FieldId, type FormField } from "../../src/requests/issue-form";
import { exampleText } from "../helpers/example";

export const FORM_TEXT = exampleText(FORM_PATH);

export function bundledFields(): FormField[] {
  const parsed = parseFormDefinition(FORM_TEXT);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.fields;
}

/** The body GitHub writes for these answers; an absent answer is `_No response_`. */
export function renderBody(answers: Partial<Record<FieldId, string>>, fields: readonly FormField[] = bundledFields()): string {
  return fields.map((f) => `### ${f.label}\n\n${answers[f.id] ?? "_No response_"}`).join("\n\n");
}

/** A valid add request for a Fabrikam guest, as the form renders it. */
export const ADD_ANSWERS: Partial<Record<FieldId, string>> = {
  action: "add",
  email: "lena.fischer@fabrikam.com",
  "display-name": "Lena Fischer (Fabrikam)",
  groups: "erp-project",
  apps: "expenses/Submitter",
  expires: "2027-03-31",
  justification: "CHG-1042 ERP migration, reporting analyst",
};

/** An `issues` event as GitHub sends it to a workflow. */
export function issueEvent(number: number, answers: Partial<Record<FieldId, string>>, options: { action?: string; login?: string; type?: string; association?: string; body?: string } = {}) {
  return {
    action: options.action ?? "opened",
    issue: {
      number,
      state: "open",
      title: `Guest access: ${answers.email ?? ""}`,
      body: options.body ?? renderBody(answers),
      user: { login: options.login ?? "priya-n-contoso", type: options.type ?? "User" },
      author_association: options.association ?? "MEMBER",
      labels: [{ name: "guest-access" }],
    },
    repository: { full_name: "contoso/guest-access", default_branch: "main" },
  };
}
