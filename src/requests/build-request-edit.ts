// A parsed request, as the one guest edit that add, renew or remove would make. Only what is about the
// form is judged here: which action, which answers it needs, and who asked. Each value is judged where
// every other edit's is, by the editor's validation of the file it writes (address, dates, catalog keys,
// lengths, policy), so a request can ask for nothing a pull request could not.
import type { AppGrantRequest, GuestEdit } from "../edit/guest-edit";
import { isRealDate } from "../model/dates";
import { ACTIONS, type FieldId, type FormField } from "./issue-form";
import type { Issue } from "./parse-issue";
import type { Answers, RequestProblem } from "./parse-issue-body";

/** Who may ask: people of the organization or the repository. Anyone else could make the workflow open pull requests at will. */
export const REQUESTER_ASSOCIATIONS = ["OWNER", "MEMBER", "COLLABORATOR"] as const;

const NEEDED: Record<(typeof ACTIONS)[number], FieldId[]> = {
  add: ["email", "display-name", "expires", "justification"],
  renew: ["email", "expires"],
  remove: ["email"],
};

export function buildRequestEdit(issue: Issue, answers: Answers, fields: readonly FormField[]): { edit?: GuestEdit; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const label = (id: FieldId) => `"${fields.find((f) => f.id === id)?.label ?? id}"`;
  if (issue.author.bot) problems.push({ message: `the request was filed by a bot (${issue.author.login}), and a bot cannot answer for a guest`, fix: "a person files the request, with their own account" });
  else if (issue.association !== undefined && !(REQUESTER_ASSOCIATIONS as readonly string[]).includes(issue.association)) {
    problems.push({ message: `the request was filed by ${issue.author.login}, who is not a member or collaborator of this repository`, fix: "ask someone in your organization to file it, or ask the platform team for access" });
  }
  const action = answers.action;
  if (action === undefined) return { problems: [...problems, { field: "action", message: `${label("action")} has no answer`, fix: `choose ${ACTIONS.join(", ")} in ${label("action")}` }] };
  if (!(ACTIONS as readonly string[]).includes(action)) return { problems: [...problems, { field: "action", message: `${label("action")} is "${action}", which is not a request this form makes`, fix: `choose one of ${ACTIONS.join(", ")}` }] };
  const kind = action as (typeof ACTIONS)[number];
  for (const id of NEEDED[kind]) {
    if (answers[id] === undefined) problems.push({ field: id, message: `${label(id)} has no answer, and ${kind} needs one`, fix: `fill in ${label(id)}` });
  }
  // The check guestops add and renew make of --expires and --until before they edit anything.
  if (answers.expires !== undefined && kind !== "remove" && !isRealDate(answers.expires)) problems.push({ field: "expires", message: `${label("expires")} is "${answers.expires}", which is not a date`, fix: "write the last day as YYYY-MM-DD, such as 2027-06-30" });
  if (problems.length > 0) return { problems };
  const email = answers.email!;
  if (kind === "remove") return { edit: { action: "remove", emails: [email] }, problems };
  if (kind === "renew") return { edit: { action: "renew", emails: [email], until: answers.expires!, ...(answers.justification !== undefined && { justification: answers.justification }) }, problems };
  const apps: AppGrantRequest[] = list(answers.apps).map((a) => {
    const slash = a.indexOf("/");
    return slash < 0 ? { app: a } : { app: a.slice(0, slash), role: a.slice(slash + 1) };
  });
  return {
    edit: {
      action: "add",
      email,
      displayName: answers["display-name"]!,
      expires: answers.expires!,
      justification: answers.justification!,
      groups: list(answers.groups),
      apps,
      ...(answers.sponsor !== undefined && { sponsor: answers.sponsor }),
    },
    problems,
  };
}

/** A multi-select dropdown's answer, as GitHub joins it: "a, b". */
function list(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(",").map((v) => v.trim()).filter((v) => v !== "");
}
