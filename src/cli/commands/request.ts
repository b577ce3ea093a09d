// guestops request: an issue filed with the guest access form, made into the edit that add, renew or
// remove would make (through runEdit, the editing commands' one path), or into a comment that says
// what to fix. The issue is untrusted input; see src/requests.
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { GuestEdit } from "../../edit/guest-edit";
import { json, terminal } from "../../output/escape";
import { buildRequestEdit } from "../../requests/build-request-edit";
import { explainEditProblems } from "../../requests/explain-edit-problems";
import { FORM_PATH, parseFormDefinition, REQUEST_BRANCH_PREFIX, type FormField } from "../../requests/issue-form";
import { parseIssueJson, type Issue } from "../../requests/parse-issue";
import { parseIssueBody, type RequestProblem } from "../../requests/parse-issue-body";
import { requestBody, requestComment, requestTitle } from "../../requests/render-request";
import type { CommandContext } from "../context";
import { EXIT, UsageError } from "../errors";
import { parseFlags, parseFormat, repositoryRoot } from "../options";
import { runEdit, type EditReport } from "../run-edit";
import * as planCommand from "./plan";

export const help = `Usage: guestops request --issue FILE [--commit] [--stack NAME] [--as-of DATE] [--format text|json]

Reads an issue filed with the guest access form (${FORM_PATH}): an issues event's
JSON, as GITHUB_EVENT_PATH holds it, or the issue's own JSON. Its answers are untrusted input: each is
checked, and the request makes exactly the edit that guestops add, renew or remove would make, judged
by the same validation and plan. The issue's author is recorded as the requester.

It prints, for the request workflow (.github/workflows/guestops-request.yml): the branch
${REQUEST_BRANCH_PREFIX}<issue>, the pull request's title and body (Closes #<issue>, the requester, the
plan); or, for an invalid request, a comment for the issue listing each problem and how to fix it.

Options:
  --issue FILE     The issue or issues event JSON.
  --commit         Commit the edit on the new branch ${REQUEST_BRANCH_PREFIX}<issue>, with the requester
                   in a Requested-by trailer. Without it, nothing is written (a dry run).
  --stack NAME     The stack (default: PULUMI_STACK, or the only stack).
  --as-of DATE     The day of the request (default: today, UTC).
  --format F       text (default) or json: {valid, issue, requester, branch, title, body, comment,
                   problems: [{field, label, message, fix}], edit: what runEdit reported}.
  -h, --help       Show this help.

Exit codes: 0 a valid request (committed with --commit); 1 an invalid request (the comment says why;
nothing written); 2 usage error (no such file, not an issue, no form in the repository); 70 internal error.
`;

export const options = {
  issue: { type: "string" },
  commit: { type: "boolean" },
  stack: { type: "string" },
  "as-of": { type: "string" },
  format: { type: "string" },
} as const;

export const formats = ["text", "json"] as const;

/** An event file is a few kilobytes; GitHub sends at most 25 MB. */
const MAX_EVENT_BYTES = 25 * 1024 * 1024;

export interface RequestReport {
  valid: boolean;
  issue: number;
  requester: string;
  branch: string;
  title: string | null;
  body: string | null;
  comment: string | null;
  problems: (RequestProblem & { label?: string })[];
  edit?: EditReport;
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, formats, "text");
  if (values.issue === undefined) throw new UsageError("--issue FILE is required", "pass the issues event's JSON, such as --issue \"$GITHUB_EVENT_PATH\"");
  const issue = readIssue(resolve(ctx.cwd, values.issue), values.issue);
  const root = repositoryRoot(ctx.cwd);
  const fields = readForm(root);
  const branch = `${REQUEST_BRANCH_PREFIX}${issue.number}`;
  const report: RequestReport = { valid: false, issue: issue.number, requester: issue.author.login, branch, title: null, body: null, comment: null, problems: [] };

  const parsed = parseIssueBody(issue.body, fields);
  const built = parsed.problems.length > 0 ? { problems: [] } : buildRequestEdit(issue, parsed.answers, fields);
  const formProblems = [...parsed.problems, ...built.problems];
  if (formProblems.length > 0 || built.edit === undefined) return invalid(ctx, format, report, formProblems, fields);
  const edit = built.edit;

  // The editing commands' one path: the same edit, validation and plan as add, renew and remove. Its
  // own output is not this command's; its report is.
  const captured = capture(ctx);
  let editReport: EditReport | undefined;
  const code = await runEdit(captured.ctx, edit, {
    format: "json",
    onReport: (r) => (editReport = r),
    dryRun: !values.commit,
    ...(values.stack !== undefined && { stack: values.stack }),
    ...(values["as-of"] !== undefined && { asOf: values["as-of"] }),
    ...(values.commit && { branch }),
    trailers: [`Requested-by: @${issue.author.login}`, `Request: #${issue.number}`],
  });
  if (editReport) report.edit = editReport;
  if (code !== EXIT.ok) {
    if (!editReport) throw new Error(`the edit failed (exit ${code}) without a report: ${captured.stderr().split("\n")[0] ?? ""}`);
    const problems = explainEditProblems(editReport.problems);
    if (editReport.plan?.refused) problems.push({ message: `a safety guard refuses the plan of this request: ${editReport.plan.refused}`, fix: "ask the platform team; a request cannot lift a guard" });
    return invalid(ctx, format, report, problems, fields);
  }
  report.valid = true;
  report.title = requestTitle(issue, edit);
  report.body = requestBody(issue, edit, values.commit ? await planMarkdown(ctx, values.stack, values["as-of"]) : undefined);
  print(ctx, format, report, edit);
  return EXIT.ok;
}

function readIssue(path: string, shown: string): Issue {
  let text: string;
  try {
    if (statSync(path).size > MAX_EVENT_BYTES) throw new UsageError(`${shown} is larger than an issues event can be`, "pass the event file GitHub wrote (GITHUB_EVENT_PATH)");
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`, "pass the issues event's JSON, such as --issue \"$GITHUB_EVENT_PATH\"");
  }
  const parsed = parseIssueJson(text);
  if ("error" in parsed) throw new UsageError(`${shown}: ${parsed.error}`, "pass an issues event's JSON (GITHUB_EVENT_PATH), or an issue's (gh api repos/OWNER/REPO/issues/N)");
  return parsed.issue;
}

function readForm(root: string): FormField[] {
  let text: string;
  try {
    text = readFileSync(join(root, FORM_PATH), "utf8");
  } catch {
    throw new UsageError(`${FORM_PATH} is missing, so the request's answers cannot be read`, "run guestops forms, which writes the form with the catalog's choices, and commit it");
  }
  const parsed = parseFormDefinition(text);
  if ("error" in parsed) throw new UsageError(parsed.error, `fix ${FORM_PATH}; guestops forms --check tells whether it agrees with the catalog`);
  return parsed.fields;
}

function invalid(ctx: CommandContext, format: "text" | "json", report: RequestReport, problems: RequestProblem[], fields: readonly FormField[]): number {
  report.problems = problems.map((p) => ({ ...p, ...(p.field && { label: fields.find((f) => f.id === p.field)?.label }) }));
  report.comment = requestComment(problems, fields);
  if (format === "json") ctx.stdout.write(`${json(report)}\n`);
  else ctx.stdout.write(`${terminal(`Request #${report.issue} from ${report.requester} is not valid; the comment for the issue:`)}\n\n${report.comment.split("\n").map(terminal).join("\n")}\n`);
  return EXIT.invalid;
}

function print(ctx: CommandContext, format: "text" | "json", report: RequestReport, edit: GuestEdit): void {
  if (format === "json") return void ctx.stdout.write(`${json(report)}\n`);
  const files = report.edit?.files.map((f) => f.path).join(", ") ?? "";
  const done = report.edit?.commit ? `Committed ${report.edit.commit.slice(0, 12)} on the new branch ${report.branch}` : `Would ${edit.action} (a dry run; --commit commits on ${report.branch})`;
  ctx.stdout.write(`${terminal(`${done}: ${files}`)}\n\nTitle: ${terminal(report.title!)}\n\n${report.body!.split("\n").map(terminal).join("\n")}\n`);
}

function capture(ctx: CommandContext) {
  let out = "";
  let err = "";
  return {
    ctx: { ...ctx, color: false, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } } satisfies CommandContext,
    stdout: () => out,
    stderr: () => err,
  };
}

/** The plan of the committed edit against the branch it starts from, as guestops plan renders it for a pull request. */
async function planMarkdown(ctx: CommandContext, stack: string | undefined, asOf: string | undefined): Promise<string | undefined> {
  const captured = capture(ctx);
  const code = await planCommand.run(["--base", "HEAD^1", "--format", "markdown", ...(stack !== undefined ? ["--stack", stack] : []), ...(asOf !== undefined ? ["--as-of", asOf] : [])], captured.ctx);
  return code === EXIT.ok ? captured.stdout() : undefined;
}
