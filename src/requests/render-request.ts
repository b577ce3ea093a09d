// What a request becomes, in words: the pull request's title and body (linked to the issue, naming the
// requester, with the plan), or the comment that tells the requester what to fix. Every value from the
// issue goes through the Markdown escaper; the requester's login is checked to be a login first.
import type { GuestEdit } from "../edit/guest-edit";
import { markdown, markdownCode, visible } from "../output/escape";
import type { FieldId, FormField } from "./issue-form";
import type { Issue } from "./parse-issue";
import type { RequestProblem } from "./parse-issue-body";

/** GitHub's limit on a pull request title is 256 characters. */
const MAX_TITLE = 200;

export function requestTitle(issue: Issue, edit: GuestEdit): string {
  const who = edit.action === "add" ? edit.email : edit.emails.join(", ");
  const title = `Guest access request #${issue.number}: ${edit.action} ${who}`;
  return visible(title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title);
}

/** The pull request's body: the link that closes the issue, the requester, the request, and the plan. */
export function requestBody(issue: Issue, edit: GuestEdit, planMarkdown: string | undefined): string {
  const rows: [string, string][] = [["Request", edit.action]];
  if (edit.action === "add") {
    rows.push(["Guest", markdownCode(edit.email)], ["Name", markdown(edit.displayName)], ["Sponsor", edit.sponsor === undefined ? "the partner file's" : markdownCode(edit.sponsor)]);
    rows.push(["Groups", edit.groups.map(markdownCode).join(", ") || "none"], ["Apps", edit.apps.map((a) => markdownCode(a.role === undefined ? a.app : `${a.app}/${a.role}`)).join(", ") || "none"]);
    rows.push(["Last day", markdownCode(edit.expires)], ["Justification", markdown(edit.justification.replace(/\n+/g, " "))]);
  } else if (edit.action === "renew") {
    rows.push(["Guests", edit.emails.map(markdownCode).join(", ")], ["Until", markdownCode(edit.until)]);
    if (edit.justification !== undefined) rows.push(["Justification", markdown(edit.justification.replace(/\n+/g, " "))]);
  } else if ("emails" in edit) rows.push(["Guests", edit.emails.map(markdownCode).join(", ")]);
  return [
    "<!-- guestops-request -->",
    `Closes #${issue.number}`,
    "",
    `Requested by @${issue.author.login} in #${issue.number}, through the guest access form. This pull request is the request: it takes effect once the approvals the plan lists are given and it is merged. Edits to the issue update it; its approvals then count again only for the new commit.`,
    "",
    "| | |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    "",
    planMarkdown === undefined ? "_The plan follows from the pull request's checks._" : planMarkdown.replace(/\n$/, ""),
    "",
  ].join("\n");
}

/** The comment on an invalid request: each problem, in the form's words, and how to fix it. */
export function requestComment(problems: readonly RequestProblem[], fields: readonly FormField[]): string {
  const label = (id: FieldId | undefined) => fields.find((f) => f.id === id)?.label;
  const lines = problems.map((p) => {
    const where = label(p.field);
    const end = (text: string) => (/[.?!]$/.test(text) ? "" : ".");
    return `- ${where === undefined ? "" : `**${markdown(where)}**: `}${markdown(p.message)}${end(p.message)}\n  How to fix it: ${markdown(p.fix)}${end(p.fix)}`;
  });
  return [
    `**This request cannot become a pull request yet.** ${problems.length === 1 ? "One thing needs" : `${problems.length} things need`} fixing. Edit the issue (the ··· menu, then Edit), change the answers below their headings, and save: guestops reads the request again after each edit.`,
    "",
    ...lines,
    "",
  ].join("\n");
}
