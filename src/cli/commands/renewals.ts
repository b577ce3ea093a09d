// guestops renewals: the scheduled renewal run. For each sponsor with due guests, the branch
// guestops/renewals/<sponsor> gets the renewals (through the one editor, validated and planned), and
// a manifest tells the workflow which branches to push and which pull requests to open or update.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { GuestEdit } from "../../edit/guest-edit";
import { GitError, runGit } from "../../git/run-git";
import { workingTree } from "../../load/read-working-tree";
import type { DesiredState } from "../../model/desired-state";
import { json, terminal } from "../../output/escape";
import { DEFAULT_WITHIN_DAYS, type DueGuest } from "../../renewals/build-due";
import { buildRenewalRun, DEFAULT_MAX_GUESTS, renderRenewalBody, type RenewalHost, type RenewalPr } from "../../renewals/build-renewal-prs";
import { parseOpenPulls } from "../../renewals/open-pulls";
import { loadStack } from "../../rules/load-stack";
import type { CommandContext } from "../context";
import { EXIT, UsageError } from "../errors";
import { GRAPH_FLAGS, GRAPH_HELP, loadTenant } from "../graph-session";
import { parseAsOf, parseFlags, parseFormat, repositoryRoot } from "../options";
import { readDue } from "../read-due";
import { runEdit, type EditReport } from "../run-edit";
import { parseDays } from "./status";

const HOSTS = ["github", "azure-devops"] as const;
const FORMATS = ["text", "json"] as const;
export const MANIFEST = "renewals.tsv";

export const help = `Usage: guestops renewals --open-prs FILE --out DIR [--host github|azure-devops]
                         [--max-guests N] [--within DAYS] [--online] [--stack NAME]
                         [--as-of DATE] [--format text|json]

The scheduled renewal run (guestops-renewals.yml, .azure-pipelines/guestops-renewals.yml).
For each sponsor with guests due (as guestops due lists them), it commits on the local
branch guestops/renewals/<sponsor> a renewal of each due guest: expires moves to
today + policy.renewalDays (default the smaller of 90 and the grants' limits) and
reviewed to today; a guest due only for review gets reviewed alone. Every edit goes
through the editor that guestops renew uses: validated and planned first.

It pushes nothing and calls no code host: it writes DIR/${MANIFEST}, one line per pull
request to open or update (action, branch, number or -, body file, title file, tab-separated),
and the bodies, which the workflow hands to gh or az. A sponsor whose open pull request
already proposes every due guest gets no line: a rerun with nothing new changes nothing.

The body records what the pull request proposed (a marker at its end). A guest it
proposed before is never proposed again, so a guest the sponsor dropped from the branch
(guestops renew --drop EMAIL) stays dropped. The body mentions the sponsor by the login
in the base's people.yaml; for a sponsor who has left (with --online: not found, or
disabled, in the tenant), it names the owners of the guests' groups and apps instead.

Options:
  --open-prs FILE     The open pull requests, as the code host lists them (untrusted):
                      gh api "repos/OWNER/REPO/pulls?state=open" --paginate --slurp, or
                      az repos pr list --status active -o json. Required, so that an open
                      pull request is updated, never duplicated.
  --out DIR           Where the manifest and the bodies are written.
  --host HOST         github (default: mentions by GitHub login) or azure-devops.
  --max-guests N      At most N guests a pull request. Default: ${DEFAULT_MAX_GUESTS}. The rest wait.
  --within DAYS       Due within DAYS of the day judged. Default: ${DEFAULT_WITHIN_DAYS}.
  --online            Read sign-ins and sponsors from Graph (read-only), as guestops due.
${GRAPH_HELP}
  --stack NAME        Stack to renew. Defaults to $PULUMI_STACK, or the only stack.
  --as-of DATE        The day judged and written as reviewed (YYYY-MM-DD). Default: today.
  --format FORMAT     text (default) or json: what was prepared.
  -h, --help          Show this help.

Run it in a clean checkout of the base branch with the renewal branches fetched
(origin/guestops/renewals/*). It returns to the branch it started on.

Exit codes: 0 prepared (or nothing to do), 1 validation errors, or a sponsor's renewal
refused (the others are still prepared), 2 usage error, 5 Graph refused or failed.

Example:
  gh api "repos/$GITHUB_REPOSITORY/pulls?state=open&per_page=100" --paginate --slurp > open.json
  guestops renewals --open-prs open.json --out "$RUNNER_TEMP/renewals" --online
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, FORMATS, "text");
  const host = parseHost(values.host);
  const asOf = parseAsOf(values["as-of"]);
  const within = parseDays(values.within, "--within", DEFAULT_WITHIN_DAYS);
  const maxGuests = parseDays(values["max-guests"], "--max-guests", DEFAULT_MAX_GUESTS);
  if (maxGuests < 1) throw new UsageError("--max-guests 0 would renew no one", `use at least 1, for example --max-guests ${DEFAULT_MAX_GUESTS}`);
  if (values["open-prs"] === undefined) throw new UsageError("--open-prs FILE is required: without the open pull requests, a rerun would open a second one", 'pass the list the code host gives: gh api "repos/OWNER/REPO/pulls?state=open" --paginate --slurp > open.json');
  if (values.out === undefined) throw new UsageError("--out DIR is required: the manifest and bodies go there", 'for example --out "$RUNNER_TEMP/renewals"');
  const root = repositoryRoot(ctx.cwd);
  const openJson = readOpenPrs(resolve(ctx.cwd, values["open-prs"]), values["open-prs"]);
  const out = resolve(ctx.cwd, values.out);

  const dirty = await git(root, ["status", "--porcelain", "--untracked-files=no"]);
  if (dirty.trim() !== "") throw new UsageError("the working tree has uncommitted changes, and the renewal run switches branches", "run it in a clean checkout of the base branch (git stash, or a fresh clone)");
  const tenant = await loadTenant(ctx, values.stack, asOf);
  if (typeof tenant === "number") return tenant;
  const report = await readDue(ctx, tenant, within, values.online === true && values);
  if (typeof report === "number") return report;

  const declared = new Set(tenant.state.guests.map((g) => g.key));
  const open = parseOpenPulls(openJson, declared);
  for (const p of open.problems) ctx.stderr.write(`guestops renewals: note: ${terminal(p)}\n`);
  const people = tenant.load.people?.value?.people ?? [];
  const renewalOptions = { host, maxGuests, people };
  const plan = buildRenewalRun(report, open.pulls, renewalOptions);

  mkdirSync(out, { recursive: true });
  const startBranch = (await git(root, ["rev-parse", "--abbrev-ref", "HEAD"])).trim();
  const start = (await git(root, ["rev-parse", "HEAD"])).trim();
  const lines: string[] = [];
  const done: { pr: RenewalPr; commit: string }[] = [];
  const failed: { pr: RenewalPr; why: string }[] = [];
  try {
    for (const [i, pr] of plan.prs.entries()) {
      const from = pr.number !== undefined && (await runGit(root, ["rev-parse", "--verify", "--quiet", `refs/remotes/origin/${pr.branch}^{commit}`])).code === 0 ? `origin/${pr.branch}` : start;
      await git(root, ["switch", "-q", "-C", pr.branch, from]);
      const why = await renew(ctx, tenant.load.stackName, report.asOf, pr.add);
      if (why !== undefined) {
        // Nothing of a refused renewal stays: not its edits, nor a branch made for it.
        await git(root, ["reset", "-q", "--hard"]);
        await git(root, ["switch", "-q", "--detach", start]);
        await git(root, ["branch", "-q", "-D", pr.branch]);
        failed.push({ pr, why });
        continue;
      }
      const trailers = pr.add.map((g) => `Guestops-Renewal: ${g.key}`).join("\n");
      await git(root, ["commit", "-q", "--no-verify", "-a", "-m", `${pr.title.replace(/\n/g, " ")}`, "-m", `The scheduled renewal run of ${report.asOf} proposes ${pr.add.length} more.`, "-m", trailers]);
      const commit = (await git(root, ["rev-parse", "HEAD"])).trim();
      // A guest proposed before whose entry the branch holds as the base does was dropped by the sponsor.
      const dropped = await droppedOn(root, tenant.load.stackName, report.asOf, pr, tenant.state);
      pr.body = renderRenewalBody(report, pr, renewalOptions, dropped);
      done.push({ pr, commit });
      writeFileSync(join(out, `${i + 1}.md`), pr.body);
      writeFileSync(join(out, `${i + 1}.title`), `${pr.title}\n`);
      lines.push([pr.number === undefined ? "create" : "update", pr.branch, pr.number ?? "-", join(out, `${i + 1}.md`), join(out, `${i + 1}.title`)].join("\t"));
    }
  } finally {
    await runGit(root, ["switch", "-q", ...(startBranch === "HEAD" ? ["--detach", start] : [startBranch])]);
  }
  writeFileSync(join(out, MANIFEST), lines.map((l) => `${l}\n`).join(""));

  if (format === "json") ctx.stdout.write(`${json({ asOf: report.asOf, prepared: done.map(({ pr, commit }) => ({ sponsor: pr.sponsor, branch: pr.branch, number: pr.number ?? null, added: pr.add.map((g) => g.email), proposed: pr.proposed, waiting: pr.waiting, commit })), unchanged: plan.unchanged, failed: failed.map(({ pr, why }) => ({ sponsor: pr.sponsor, branch: pr.branch, why })) })}\n`);
  else ctx.stdout.write(renderText(done, plan.unchanged, failed));
  for (const { pr, why } of failed) ctx.stderr.write(`guestops renewals: the renewals of ${terminal(pr.sponsor ?? "guests without a sponsor")} were refused, so ${pr.branch} is left as it was:\n${why}`);
  return failed.length > 0 ? EXIT.invalid : EXIT.ok;
}

/** The renewals of one pull request's new guests: one edit per distinct date, then the reviews. Undefined when all were made. */
async function renew(ctx: CommandContext, stack: string, asOf: string, guests: readonly DueGuest[]): Promise<string | undefined> {
  const edits: GuestEdit[] = [];
  const byUntil = new Map<string, string[]>();
  const reviews: string[] = [];
  for (const g of guests) {
    if (g.renewal.action === "renew") byUntil.set(g.renewal.until, [...(byUntil.get(g.renewal.until) ?? []), g.email]);
    else reviews.push(g.email);
  }
  for (const [until, emails] of [...byUntil].sort()) edits.push({ action: "renew", emails, until });
  if (reviews.length > 0) edits.push({ action: "review", emails: reviews, on: asOf });
  for (const edit of edits) {
    let stderr = "";
    let report: EditReport | undefined;
    // The edit's own output (its plan) is not this command's; its report and refusals are.
    const quiet: CommandContext = { ...ctx, stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } };
    const code = await runEdit(quiet, edit, { stack, asOf, format: "json", dryRun: false, onReport: (r) => (report = r) });
    if (code !== EXIT.ok) {
      const problems = (report as EditReport | undefined)?.problems.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.message}`) ?? [];
      return `${terminal([...problems, ...(stderr ? [stderr.trim()] : []), ...(problems.length === 0 && !stderr ? [`guestops ${edit.action} exited ${code}`] : [])].join("\n"))}\n`;
    }
  }
  return undefined;
}

async function droppedOn(root: string, stack: string, asOf: string, pr: RenewalPr, base: DesiredState): Promise<Set<string>> {
  const added = new Set(pr.add.map((g) => g.key));
  const earlier = pr.proposed.filter((k) => !added.has(k));
  if (earlier.length === 0) return new Set();
  const branch = await loadStack(workingTree(root), stack, { asOf });
  const on = new Map(branch.desired.guests.map((g) => [g.key, g]));
  const was = new Map(base.guests.map((g) => [g.key, g]));
  return new Set(earlier.filter((k) => on.get(k)?.expires === was.get(k)?.expires && on.get(k)?.reviewed === was.get(k)?.reviewed));
}

function renderText(done: readonly { pr: RenewalPr; commit: string }[], unchanged: readonly { sponsor: string | null; branch: string; number: number }[], failed: readonly unknown[]): string {
  const lines: string[] = [];
  for (const { pr, commit } of done) {
    lines.push(`${pr.number === undefined ? "open" : `update #${pr.number}`}: ${terminal(pr.branch)} (${terminal(pr.sponsor ?? "no sponsor")}), ${pr.add.length} added: ${terminal(pr.add.map((g) => g.email).join(", "))}; commit ${commit.slice(0, 12)}${pr.waiting > 0 ? `; ${pr.waiting} waiting` : ""}`);
  }
  for (const u of unchanged) lines.push(`unchanged #${u.number}: ${terminal(u.branch)} already proposes every due guest`);
  if (lines.length === 0 && failed.length === 0) lines.push("Nothing is due: no pull request to open or update.");
  return `${lines.join("\n")}\n`;
}

function parseHost(value: string | undefined): RenewalHost {
  if (value === undefined) return "github";
  if (!(HOSTS as readonly string[]).includes(value)) throw new UsageError(`--host ${JSON.stringify(value)} is not a code host guestops renewals knows`, `use one of: ${HOSTS.join(", ")}`);
  return value as RenewalHost;
}

function readOpenPrs(path: string, given: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`--open-prs ${JSON.stringify(given)} cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`, "write the code host's list there first; see guestops renewals --help");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--open-prs ${JSON.stringify(given)} is not JSON`, 'it is what gh api "repos/OWNER/REPO/pulls?state=open" --paginate --slurp, or az repos pr list -o json, prints');
  }
}

async function git(root: string, args: readonly string[]): Promise<string> {
  const r = await runGit(root, args);
  if (r.code !== 0) throw new GitError(`git ${args[0]} failed: ${String(r.stderr).trim().split("\n")[0] ?? ""}`, "the renewal run needs a clean clone of the base branch; check git status and the branch names");
  return r.stdout.toString("utf8");
}

export const options = { ...GRAPH_FLAGS, within: { type: "string" }, online: { type: "boolean" }, "open-prs": { type: "string" }, out: { type: "string" }, host: { type: "string" }, "max-guests": { type: "string" } } as const;
export const formats = FORMATS;
