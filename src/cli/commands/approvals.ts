// guestops approvals: the approval gate of a pull request, and the record of its approvals at merge.
// Thin edge: reads the plan's approvals, the code host's reviews and people.yaml, then asks the pure core.
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { APPROVALS_NOTES_REF, buildApprovalsNote, renderApprovalsNote } from "../../approvals/build-approvals-note";
import { checkApprovals } from "../../approvals/check-approvals";
import { parseReviews, type ParsedReviews } from "../../approvals/parse-reviews";
import { APPROVALS_FORMATS, renderApprovals } from "../../approvals/render-approvals";
import { parsePrNumber, subjectOf } from "../../audit/parse-evidence";
import { readCommitMessage, resolveCommit, writeNote } from "../../git/write-notes";
import { GitError } from "../../git/run-git";
import { loadPeople, type LoadedFile } from "../../load/load-repo";
import { workingTree } from "../../load/read-working-tree";
import type { PeopleFile, Person } from "../../model/people-schema";
import { terminal } from "../../output/escape";
import { quote } from "../../model/words";
import { EXIT, UsageError } from "../errors";
import type { CommandContext } from "../context";
import { parseFormat, repositoryRoot, parseFlags } from "../options";
import { computeScopePlan } from "../plan-scope";
import { printValidation } from "./validate";

/** Exit code when an approval is missing. */
export const EXIT_UNAPPROVED = 5;

export const help = `Usage: guestops approvals --reviews FILE [--head SHA] [--base REF] [--author LOGIN] [--stack NAME | --tenant NAME]
                          [--as-of DATE] [--base-as-of DATE] [--allow-stack-removal]
                          [--format text|markdown|json|github|azure]
       guestops approvals record --commit SHA --reviews FILE [--head SHA] [--author LOGIN] [--pr N]
                                [--requested-by LOGIN]

The approval gate. The plan lists the approvals a change needs: one of the owners of
each group and app it grants, and a stack owner for policy, catalog and adoption
changes. The gate computes the very plan that guestops plan prints for the same scope
and options, and checks its "approvals", no more and no fewer, against the pull
request's reviews:
  - each reviewer's latest review counts: an approval followed by "changes requested"
    (or dismissed) is not an approval; a later comment leaves it standing;
  - an approval counts for the commit it was given on: a GitHub review of an older
    commit (its commit_id is not --head) is stale and does not count; without --head,
    no review that names a commit counts (fail closed: pass --head);
  - the author's own approval never counts;
  - logins map to addresses through people.yaml, read from the base: a pull request
    cannot map a login of its own choosing to an owner.

  --reviews FILE      GitHub: the JSON of GET /repos/{owner}/{repo}/pulls/{n}/reviews
                      (gh api --paginate --slurp is fine). Azure DevOps: the pull
                      request's reviewers with their votes ({ "value": [...] }).
  --head SHA          The pull request's head commit, in full (GitHub Actions:
                      "\${{ github.event.pull_request.head.sha }}"). Azure DevOps'
                      reviewers name no commit: there the branch policy resets votes
                      on new pushes (see docs/pipelines/azure-devops.md).
  --author LOGIN      The pull request's author (GitHub login, or Azure DevOps
                      uniqueName). Their approval never counts.
  --requested-by LOGIN
                      (record) The author of the issue-form request the pull request
                      was opened for: written in the note as requestedBy (their
                      address in people.yaml, else @LOGIN), which guestops audit
                      shows as the requester.
  --base REF          As for guestops plan. Default: the newest deployment record, else HEAD
                      (for a tenant's shards: HEAD).
  --stack NAME        As for guestops plan: one stack, or one shard of a tenant.
  --tenant NAME       Every shard of tenants/NAME.yaml: the approvals of the tenant's
                      plan (plan --tenant's JSON "approvals"), every shard's in one
                      list. The default when its shards are all the stacks there are.
                      A guest moved between shards needs only what the move changes;
                      a new shard's stack owners are the base's tenant file's.
  --as-of, --base-as-of, --allow-stack-removal   As for guestops plan.
  --format FORMAT     text (default), markdown (a PR comment), json, github (an error
                      annotation per missing approval), azure (##vso[task.logissue]).

approvals record writes the approvals of a merged pull request as a Git note on the
merge commit, under ${APPROVALS_NOTES_REF}, which guestops audit reads:
  { "commit": "<sha>", "pr": 12, "approvals": [ { "by": "olivia.chen@contoso.com", "at": "2026-11-20T10:00:00Z" } ] }
("at" is the review's time; Azure DevOps keeps none, so there it is when the note is written.)
people.yaml is read from the working tree (the merged main). Push the note with
  git push origin ${APPROVALS_NOTES_REF}
  --commit SHA        The commit that reached main (the merge or squash commit).
  --head SHA          The pull request's head when it merged (GitHub: the pull
                      request's head.sha): an approval given on another commit is
                      left out of the note, and so is every review naming a commit
                      when --head is not given; each is named on stderr.
  --pr N              The pull request number. Default: the one the commit's subject
                      names ("Merge pull request #12 from ...", "Title (#12)", "Merged PR
                      12: ..."), read as guestops audit reads it. Refused (exit 2) when
                      the commit names none and --pr is not given, when --pr disagrees
                      with the subject, or when the reviews are of another PR: a note
                      the audit cannot tie to its commit is evidence for nothing.

Exit codes: 0 every approval given (or none needed; record: note written), 1 validation
errors in the working tree, 2 usage error, 5 an approval is missing, 70 internal error.

Examples:
  gh api --paginate --slurp repos/contoso/guests/pulls/12/reviews > reviews.json
  guestops approvals --base origin/main --reviews reviews.json --author ana-dev --format markdown
  guestops approvals record --commit "$GITHUB_SHA" --reviews reviews.json --author ana-dev --pr 12
`;

export const APPROVALS_OPTIONS = {
  reviews: { type: "string" },
  author: { type: "string" },
  base: { type: "string" },
  stack: { type: "string" },
  tenant: { type: "string" },
  "as-of": { type: "string" },
  "base-as-of": { type: "string" },
  format: { type: "string" },
  "allow-stack-removal": { type: "boolean" },
  head: { type: "string" },
} as const;

export const APPROVALS_RECORD_OPTIONS = {
  commit: { type: "string" },
  reviews: { type: "string" },
  author: { type: "string" },
  pr: { type: "string" },
  head: { type: "string" },
  "requested-by": { type: "string" },
} as const;

/** A GitHub login: letters, digits and single dashes, 39 at most. */
const LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

/** Large enough for thousands of reviews; bounds what a hostile file can make us hold. */
const MAX_REVIEWS_BYTES = 16 * 1024 * 1024;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  if (argv[0] === "record") return record(argv.slice(1), ctx);
  const { values } = parseFlags(argv, APPROVALS_OPTIONS);
  const format = parseFormat(values.format, APPROVALS_FORMATS, "text");
  const reviews = readReviews(ctx.cwd, values.reviews);
  // The very plan that guestops plan prints for the same scope: its approvals are what the gate asks.
  const computed = await computeScopePlan(ctx, values);
  if ("invalid" in computed) {
    await printValidation(format, computed.invalid, ctx);
    return EXIT.invalid;
  }
  const { plan, base, people } = computed;
  // The base's people.yaml: the mapping the change is judged by is the one already reviewed.
  const head = parseHead(values.head);
  const check = checkApprovals(plan.approvals, reviews.reviews, peopleIn(people), values.author, reviews.host, head);
  for (const p of reviews.problems) ctx.stderr.write(`guestops: warning: ${terminal(`${values.reviews}: ${p}`)}\n`);
  const scope = computed.kind === "tenant" ? { tenant: computed.plan.tenant, ...(computed.scope.stack !== undefined && { stack: computed.scope.stack }) } : { stack: computed.plan.stack };
  ctx.stdout.write(renderApprovals(format, { ...scope, base: base.label, ...(head !== undefined && { head }), check }));
  return check.ok ? EXIT.ok : EXIT_UNAPPROVED;
}

async function record(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, APPROVALS_RECORD_OPTIONS);
  if (values.commit === undefined) throw new UsageError("approvals record needs --commit SHA", "pass the commit that reached main, for example --commit \"$GITHUB_SHA\"");
  const reviews = readReviews(ctx.cwd, values.reviews);
  if (values.pr !== undefined && !/^[1-9]\d{0,9}$/.test(values.pr)) throw new UsageError(`--pr ${JSON.stringify(values.pr)} is not a pull request number`, "pass a positive whole number, such as --pr 12");
  const requestedBy = values["requested-by"];
  if (requestedBy !== undefined && !LOGIN.test(requestedBy)) throw new UsageError(`--requested-by ${JSON.stringify(requestedBy)} is not a GitHub login`, "pass the request issue's author, such as --requested-by ana-dev (letters, digits and single dashes, 39 at most)");
  const commit = await gitStep(() => resolveCommit(ctx.cwd, values.commit!));
  const pr = prOfRecord(commit, await gitStep(() => readCommitMessage(ctx.cwd, commit)), values.pr !== undefined ? Number(values.pr) : undefined, reviews.pr);
  const people = await loadPeople(workingTree(repositoryRoot(ctx.cwd)));
  for (const p of people?.problems ?? []) ctx.stderr.write(`guestops: warning: ${terminal(`${p.file}:${p.line}:${p.column} ${p.message}`)}\n`);
  const recordedAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const head = parseHead(values.head);
  const built = buildApprovalsNote(reviews.reviews, peopleIn(people), values.author, { commit, pr, recordedAt, ...(head !== undefined && { head }), ...(requestedBy !== undefined && { requestedBy }) }, reviews.host);
  for (const login of built.unmapped) ctx.stderr.write(`guestops: warning: the approval of login ${quote(login)} is left out of the note: it has no entry in people.yaml\n`);
  for (const s of built.stale) {
    const why = s.reason === "stale" ? `it was given on commit ${s.commit.slice(0, 12)}, not on the head ${head!.slice(0, 12)} that merged` : `it was given on commit ${s.commit.slice(0, 12)}, and without --head it cannot be checked against the head that merged`;
    ctx.stderr.write(`guestops: warning: the approval of login ${quote(s.login)} is left out of the note: ${why}\n`);
  }
  await gitStep(() => writeNote(ctx.cwd, APPROVALS_NOTES_REF, commit, renderApprovalsNote(built.note)));
  ctx.stdout.write(`recorded ${built.note.approvals.length} approval(s) of PR ${built.note.pr} on ${commit} under ${APPROVALS_NOTES_REF}\n`);
  return EXIT.ok;
}

/**
 * The pull request a note records: the one the commit's subject names, read by the audit's own parser, or
 * --pr when the subject names none (a rebase merge). A note the audit could not tie to its commit would be
 * evidence for nothing, so any disagreement, or no number at all, is refused before anything is written.
 */
function prOfRecord(commit: string, message: string, flag: number | undefined, reviewsPr: number | undefined): number {
  const subject = subjectOf(message);
  const fromSubject = parsePrNumber(subject);
  const short = commit.slice(0, 12);
  if (flag !== undefined && fromSubject !== null && flag !== fromSubject) {
    throw new UsageError(`--pr ${flag} disagrees with commit ${short}, whose subject ${quote(subject)} names PR ${fromSubject}`, `pass --pr ${fromSubject}, or the commit that PR ${flag} merged`);
  }
  const pr = flag ?? fromSubject ?? undefined;
  if (pr === undefined) {
    throw new UsageError(`commit ${short} names no pull request: its subject ${quote(subject)} is not a merge or squash subject of GitHub or Azure Repos`, `pass --pr N, the number of the pull request that merged it${reviewsPr !== undefined ? ` (the reviews are of PR ${reviewsPr})` : ""}`);
  }
  if (reviewsPr !== undefined && reviewsPr !== pr) {
    throw new UsageError(`--reviews are of PR ${reviewsPr}, but commit ${short} is PR ${pr}`, `fetch the reviews of PR ${pr}: gh api --paginate --slurp repos/OWNER/REPO/pulls/${pr}/reviews`);
  }
  return pr;
}

/** --head: the pull request's head commit, a full id (GitHub's review commit_id is one). */
function parseHead(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(value)) throw new UsageError(`--head ${JSON.stringify(value)} is not a full commit id`, 'pass the pull request\'s head commit in full, e.g. --head "${{ github.event.pull_request.head.sha }}"');
  return value.toLowerCase();
}

async function gitStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof GitError) throw new UsageError(err.message, err.hint);
    throw err;
  }
}

function peopleIn(file: LoadedFile<PeopleFile> | undefined): Partial<Person>[] {
  const list: unknown = file?.value?.people;
  return Array.isArray(list) ? (list as unknown[]).filter((p): p is Partial<Person> => typeof p === "object" && p !== null) : [];
}

function readReviews(cwd: string, file: string | undefined): ParsedReviews {
  if (file === undefined) throw new UsageError("--reviews FILE is required", "save the pull request's reviews as JSON first; see guestops approvals --help");
  const path = resolve(cwd, file);
  let text: string;
  try {
    if (statSync(path).size > MAX_REVIEWS_BYTES) throw new UsageError(`--reviews ${JSON.stringify(file)} is over ${MAX_REVIEWS_BYTES} bytes`, "pass the review list of one pull request");
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--reviews ${JSON.stringify(file)} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, "check the path; it is relative to the repository root");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--reviews ${JSON.stringify(file)} is not JSON: ${(err as Error).message}`, "save the API's response as it is, e.g. gh api --paginate --slurp repos/OWNER/REPO/pulls/N/reviews > reviews.json");
  }
  const parsed = parseReviews(json);
  if (parsed.reviews.length === 0 && parsed.problems.length > 0 && !Array.isArray(json) && !(typeof json === "object" && json !== null && "value" in json)) {
    throw new UsageError(`--reviews ${JSON.stringify(file)}: ${parsed.problems[0]}`, "pass GitHub's review list or Azure DevOps' reviewers as JSON");
  }
  return parsed;
}

export const options = APPROVALS_OPTIONS;
export const subcommands = { record: APPROVALS_RECORD_OPTIONS };
export const formats = APPROVALS_FORMATS;
