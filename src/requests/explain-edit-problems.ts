// The editor's and the rules' refusals of a request's edit, told in the form's terms: which answer each
// is about and how to change it. The judgement is theirs, word for word (the message); only the
// pointer to the form's field and the advice are added here.
import type { FieldId } from "./issue-form";
import type { RequestProblem } from "./parse-issue-body";

export interface EditProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  rule: string;
}

/** Rules whose subject is one answer of the form. */
const FIELD_OF_RULE: Record<string, FieldId> = {
  invitableAddresses: "email",
  asciiAddresses: "email",
  uniqueEmails: "email",
  domainInFileDomains: "email",
  domainNotInternal: "email",
  domainNotBlocked: "email",
  domainAllowed: "email",
  sponsorIsInternal: "sponsor",
  realDates: "expires",
  expiryWithinPolicy: "expires",
  newEntryNotExpired: "expires",
  alreadyExpired: "expires",
  groupAllowsGuests: "groups",
};

/** Words of a message that name the key it is about, for the schema's and the editor's own messages. */
const FIELD_OF_WORD: [RegExp, FieldId][] = [
  [/\bdisplayName\b/, "display-name"],
  [/\bjustification\b/, "justification"],
  [/\bsponsor\b/, "sponsor"],
  [/\b(expires|until|date)\b/, "expires"],
  [/\b(apps?|roles?)\b/, "apps"],
  [/\bgroups?\b/, "groups"],
  [/\b(email|address|domain|declared)\b/, "email"],
];

const FIX: Record<FieldId, string> = {
  action: "choose add, renew or remove",
  email: "check the guest's address: their own work address, at their company's domain",
  "display-name": "write the guest's name as it should appear in the directory",
  sponsor: "name an employee's work address (an internal address) as the sponsor, or leave it empty for the partner's usual sponsor",
  groups: "choose only groups the form offers",
  apps: "choose only apps and roles the form offers",
  expires: "choose an earlier last day, within the limit the form states, as YYYY-MM-DD",
  justification: "say why the guest needs this access, with a ticket, contract or project reference",
};

export function explainEditProblems(problems: readonly EditProblem[]): RequestProblem[] {
  return problems.map((p) => {
    if (/^no partner file holds the domain/.test(p.message)) {
      const domain = /domain (\S+?);/.exec(p.message)?.[1] ?? "the guest's domain";
      return { field: "email", message: `no partner file of this repository holds the domain ${domain}, and a request cannot add a new partner`, fix: "check the address; if it is right, ask the platform team to add the partner (a policy change that a stack owner approves), then edit this issue" };
    }
    if (/is not declared in any guest file/.test(p.message)) return { field: "email", message: p.message.replace(/; check the spelling.*$/, ""), fix: "check the spelling of the address; only a guest who has access now can be renewed or removed" };
    if (/is already declared in/.test(p.message)) return { field: "email", message: p.message.replace(/; one entry per guest.*$/, ""), fix: "this guest has access already: to extend it, choose renew instead of add" };
    const field = FIELD_OF_RULE[p.rule] ?? (p.rule === "catalogReferences" ? (/\bapp\b/.test(p.message) ? "apps" : "groups") : FIELD_OF_WORD.find(([re]) => re.test(p.message))?.[1]);
    return { ...(field && { field }), message: p.message, fix: field ? FIX[field] : "change the request so that this no longer applies, or ask the platform team" };
  });
}
