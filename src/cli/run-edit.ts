// The editing commands' one path (add, renew, review, remove, renew --drop, and the requests and renewal
// runs built on them): the edit is made in memory (src/edit), validated and planned against HEAD with
// the one loader, rules and plan, and written only when it is valid and no guard refuses its plan.
// With --branch it is committed on a new branch, the justification in the message.
import { lstatSync } from "node:fs";
import { dirname, join } from "node:path";
import picomatch from "picomatch";
import { editGuests, type EditGuestsResult, type FileEdit, type GuestFileText } from "../edit/edit-guests";
import type { GuestEdit } from "../edit/guest-edit";
import { GitError, runGit } from "../git/run-git";
import { renderFileDiff } from "../graph/render-file-diff";
import type { FileSource } from "../load/file-source";
import { loadRepo, type ParseCache } from "../load/load-repo";
import { overlaySource } from "../load/overlay-source";
import { workingTree } from "../load/read-working-tree";
import type { Problem } from "../model/problem";
import { count } from "../model/words";
import { json, terminal } from "../output/escape";
import type { Plan } from "../plan/plan-types";
import { renderPlanText } from "../plan/render-plan-text";
import { configuredAsOf, loadStack } from "../rules/load-stack";
import type { CommandContext } from "./context";
import { EXIT, UsageError } from "./errors";
import { parseAsOf, repositoryRoot, selectStack } from "./options";
import { computeStackPlan, openBase } from "./plan-scope";
import type { ValidationReport } from "./render-problems";
import { reportOf } from "./commands/validate";
import { writeAll } from "./write-files";

export interface RunEditOptions {
  /** --stack: the stack whose guest files and policy the edit is judged by. Default: $PULUMI_STACK, or the only stack. */
  stack?: string;
  /** --as-of: the day of the edit (a renewal's limits count from it, `reviewed` is set to it). Default: today. */
  asOf?: string;
  format: "text" | "json";
  /** --dry-run: print the diff and the plan, write nothing. */
  dryRun: boolean;
  /** --branch: commit the edit on this new branch, which must not exist. */
  branch?: string;
  /** The commit's subject line; default: one made from the edit ("Add ana.silva@fabrikam.com ..."). */
  commitMessage?: string;
  /** Trailer lines added at the end of the commit message, such as ["Requested-by: @ana-dev"]. */
  trailers?: readonly string[];
  /** For a drop: the revision whose entries are put back. Default: origin/main, or main. */
  base?: string;
  /** Called once with what --format json prints, whatever the format: for commands built on runEdit. */
  onReport?: (report: EditReport) => void;
}

/** What --format json prints: a stable shape for scripts. */
export interface EditReport {
  action: GuestEdit["action"];
  dryRun: boolean;
  /** Whether the files were written (false on a dry run or a refusal). */
  written: boolean;
  files: { path: string; created: boolean }[];
  notes: string[];
  problems: { file: string; line: number; column: number; message: string; rule: string }[];
  plan?: { base: string; summary: Plan["summary"]; guestSummary: Plan["guestSummary"]; guests: Plan["guests"]; approvals: Plan["approvals"]; refused: string | null };
  branch?: string;
  commit?: string;
}

/**
 * Applies `edit` to the repository that holds ctx.cwd, as every editing command does. The signature is
 * stable: other commands (requests, renewal runs) call it.
 *
 * Exit codes: 0 written (or shown, with dryRun), 1 refused or invalid (nothing written), 2 usage error,
 * 3 a guard refuses the plan of the edit (nothing written), 70 internal error.
 */
export async function runEdit(ctx: CommandContext, edit: GuestEdit, options: RunEditOptions): Promise<number> {
  const root = repositoryRoot(ctx.cwd);
  const source = workingTree(root);
  const stack = await selectStack(source, options.stack, ctx.env);
  const flagAsOf = parseAsOf(options.asOf);
  if (options.branch !== undefined) await checkNewBranch(root, options.branch);
  // One parse of each file for the whole edit: the plan below reuses these for every file the edit leaves as it is.
  const cache: ParseCache = new Map();
  const load = await loadRepo(source, stack, cache);
  // The day the plan judges on: Pulumi.<stack>.yaml's guestops:asOf wins over --as-of, as in guestops plan
  // and the program, so a renewal's limits count from the day its plan is judged.
  const asOf = configuredAsOf(load) ?? flagAsOf;
  // A review without --on is on the day of the edit.
  if (edit.action === "review" && edit.on === undefined) edit = { ...edit, on: asOf };
  // The bytes the loader reads, through the same source: a symbolic link or a file it refuses is never read.
  const files = await readTexts(source, load.guestFiles.map((f) => f.path));
  const base = edit.action === "drop" ? await readBase(root, stack, options.base) : undefined;
  const result = editGuests({
    edit,
    files,
    stack: (load.stack?.value ?? {}) as never,
    asOf,
    newFileDir: newFileDir(load.guestPatterns[0] ?? "guests/*.yaml"),
    exists: (p) => present(join(root, ...p.split("/"))),
    ...(base && { base }),
  });
  const report: EditReport = { action: edit.action, dryRun: options.dryRun, written: false, files: result.files.map((f) => ({ path: f.path, created: f.before === undefined })), notes: result.notes, problems: result.problems.map(strip) };
  if (result.problems.length > 0) return refuse(ctx, options, report, renderEditProblems(result.problems, edit.action));
  if (result.files.length === 0) {
    emit(ctx, options, report);
    if (options.format !== "json") ctx.stdout.write(`${[...result.notes.map((n) => `note: ${terminal(n)}`), "Nothing to change."].join("\n")}\n`);
    return EXIT.ok;
  }

  // Valid as written, or not written: the plan of the pending files against HEAD, which validates them
  // with the one loader and rules exactly as guestops plan would after the write.
  const pending = overlaySource(source, new Map(result.files.map((f) => [f.path, f.after])));
  const unread = await unreadFiles(pending, stack, result.files, cache);
  if (unread.length > 0) {
    const problems = unread.map((path): Problem => ({ severity: "error", file: path, line: 1, column: 1, message: `the stack's guestFiles patterns do not select ${path}, so it would never be validated or deployed; add a pattern that selects it to stacks/${stack}.yaml, or move the partner file`, rule: "edit" }));
    report.problems = problems.map(strip);
    return refuse(ctx, options, report, renderEditProblems(problems, edit.action));
  }
  const planned = await planPending(ctx, root, stack, options.asOf, pending, cache);
  if ("invalid" in planned) {
    report.problems = planned.invalid.errors.map(strip);
    return refuse(ctx, options, report, `guestops ${edit.action}: the edited files would not pass guestops validate:\n${renderEditProblems(planned.invalid.errors, edit.action)}`);
  }
  const plan = planned.plan;
  if (plan) report.plan = { base: plan.base.label, summary: plan.summary, guestSummary: plan.guestSummary, guests: plan.guests, approvals: plan.approvals, refused: plan.refused };
  if (plan?.refused) {
    emit(ctx, options, report);
    if (options.format !== "json") ctx.stdout.write(renderPlanText(plan, ctx.color));
    ctx.stderr.write(`guestops ${edit.action}: a guard refuses the plan of this edit (above), so nothing was written\n`);
    return EXIT.refused;
  }
  if (!options.dryRun) {
    if (options.branch !== undefined) {
      // The commit holds the edit and nothing else: a file with other uncommitted changes would carry them in.
      const dirty = await runGit(root, ["status", "--porcelain", "--", ...result.files.map((f) => f.path)]);
      const listed = dirty.stdout.toString("utf8").trimEnd();
      if (listed !== "") throw new UsageError(`--branch commits the edited files, but ${listed.split("\n").map((l) => l.slice(3)).join(", ")} ${listed.includes("\n") ? "have" : "has"} uncommitted changes of yours`, "commit or stash them first (git stash), or leave --branch out and commit by hand");
      await switchToNewBranch(root, options.branch);
    }
    writeFiles(root, result.files);
    report.written = true;
    if (options.branch !== undefined) {
      report.branch = options.branch;
      report.commit = await commitEdit(root, result.files, commitMessage(edit, result, options));
    }
  }
  emit(ctx, options, report);
  if (options.format !== "json") ctx.stdout.write(renderTextReport(edit, result, report, plan, ctx.color));
  return EXIT.ok;
}

function strip({ file, line, column, message, rule }: Problem): EditReport["problems"][number] {
  return { file, line, column, message, rule };
}

/** The report to the caller, and as JSON on stdout with --format json. */
function emit(ctx: CommandContext, options: RunEditOptions, report: EditReport): void {
  options.onReport?.(report);
  if (options.format === "json") ctx.stdout.write(`${json(report)}\n`);
}

function refuse(ctx: CommandContext, options: RunEditOptions, report: EditReport, text: string): number {
  emit(ctx, options, report);
  if (options.format !== "json") ctx.stderr.write(text);
  return EXIT.invalid;
}

/** The edit's refusals, one a line: `file:line:col error: message`, or the command's for its arguments. */
export function renderEditProblems(problems: readonly Problem[], action: string): string {
  const lines = problems.map((p) => (p.file === "" ? `guestops ${action}: error: ${terminal(p.message)}` : `${terminal(`${p.file}:${p.line}:${p.column}`)} error: ${terminal(p.message)}${p.rule === "edit" ? "" : ` [${p.rule}]`}`));
  return `${lines.join("\n")}\nnothing was written\n`;
}

function renderTextReport(edit: GuestEdit, result: EditGuestsResult, report: EditReport, plan: Plan | undefined, color: boolean): string {
  const out: string[] = [];
  if (report.dryRun) for (const f of result.files) out.push(renderFileDiff(f).replace(/\n$/, ""));
  for (const n of result.notes) out.push(`note: ${terminal(n)}`);
  const verb = report.dryRun ? "Would write" : "Wrote";
  out.push(`${verb} ${result.files.map((f) => `${terminal(f.path)}${f.before === undefined ? " (new)" : ""}`).join(", ")}.`);
  if (report.commit) out.push(`Committed ${report.commit.slice(0, 12)} on the new branch ${terminal(report.branch!)}; push it and open a pull request.`);
  if (plan) out.push("", renderPlanText(plan, color).replace(/\n$/, ""));
  else out.push("No commit yet, so there is no plan against HEAD: guestops validate judged the files.");
  if (!report.commit && !report.dryRun) out.push("", `Next: review the diff (git diff), then commit it on a branch and open a pull request${edit.action === "add" ? "; the plan above shows who approves it" : ""}.`);
  return `${out.join("\n")}\n`;
}

async function planPending(ctx: CommandContext, root: string, stack: string, asOf: string | undefined, pending: ReturnType<typeof overlaySource>, cache: ParseCache): Promise<{ invalid: ValidationReport } | { plan?: Plan }> {
  const head = await runGit(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  if (head.code !== 0) {
    // No commit to plan against: the files are still judged by the same rules.
    const judged = await loadStack(pending, stack, { cache, ...(asOf !== undefined && { asOf }) });
    if (judged.validation.errors.length > 0) return { invalid: { ...reportOf(judged.load, judged.validation, judged.asOf), command: "validate" } };
    return {};
  }
  const computed = await computeStackPlan(ctx, { stack, base: "HEAD", ...(asOf !== undefined && { "as-of": asOf }) }, pending, cache);
  if ("invalid" in computed) return { invalid: computed.invalid };
  return { plan: computed.plan };
}

async function unreadFiles(pending: ReturnType<typeof overlaySource>, stack: string, files: readonly FileEdit[], cache: ParseCache): Promise<string[]> {
  const created = files.filter((f) => f.before === undefined);
  if (created.length === 0) return [];
  const after = await loadRepo(pending, stack, cache);
  return created.filter((f) => !after.guestFiles.some((g) => g.path === f.path)).map((f) => f.path);
}

/** The folder of the stack's first guest-file pattern: its literal part, or a plain path's folder. */
export function newFileDir(pattern: string): string {
  const scan = picomatch.scan(pattern);
  const dir = scan.isGlob ? scan.base : dirname(pattern);
  return dir && dir !== "." ? dir : "guests";
}

/** The guest files at the base a drop puts entries back from: --base, else origin/main, else main. */
async function readBase(root: string, stack: string, ref: string | undefined): Promise<{ label: string; files: GuestFileText[] }> {
  let chosen = ref;
  if (chosen === undefined) {
    for (const candidate of ["origin/main", "main"]) {
      const r = await runGit(root, ["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`]);
      if (r.code === 0) {
        chosen = candidate;
        break;
      }
    }
    if (chosen === undefined) throw new UsageError("renew --drop puts entries back as the base holds them, but there is no origin/main or main", "pass --base REF, the branch the renewal pull request targets (git fetch it first)");
  }
  const base = await openBase(root, chosen);
  const load = await loadRepo(base, stack);
  return { label: chosen, files: await readTexts(base, load.guestFiles.map((f) => f.path)) };
}

/** Files' text as written, a BOM included, from a source; files it could not read are left out. */
async function readTexts(source: FileSource, paths: readonly string[]): Promise<GuestFileText[]> {
  const reads = await source.read(paths.map((path) => ({ path })));
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  return reads.flatMap((r) => (r.bytes && r.error === undefined ? [{ path: r.path, text: decoder.decode(r.bytes) }] : []));
}

/** Whether anything is at the path, a dangling symbolic link included: a new file never writes through one. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** All or nothing, as every command that writes several files. */
function writeFiles(root: string, files: readonly FileEdit[]): void {
  writeAll(root, Object.fromEntries(files.map((f) => [f.path, f.after])));
}

async function checkNewBranch(root: string, branch: string): Promise<void> {
  const format = await runGit(root, ["check-ref-format", "--branch", branch]);
  if (format.code !== 0 || branch.startsWith("-")) throw new UsageError(`--branch ${JSON.stringify(branch)} is not a valid branch name`, "use letters, digits, '-', '_' and '/', such as --branch guests/add-ana-silva");
  const exists = await runGit(root, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`]);
  if (exists.code === 0) throw new UsageError(`branch ${JSON.stringify(branch)} exists already`, "--branch makes a new branch; pass another name, or switch to that branch and run the command without --branch");
  const head = await runGit(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  if (head.code !== 0) throw new UsageError("--branch needs a commit to branch from, and this repository has none yet", "commit the repository first (git commit), or leave --branch out");
}

async function switchToNewBranch(root: string, branch: string): Promise<void> {
  const r = await runGit(root, ["switch", "-q", "-c", branch]);
  if (r.code !== 0) throw new GitError(`could not create the branch ${JSON.stringify(branch)}: ${r.stderr.trim().split("\n")[0] ?? ""}`, "nothing was written; fix the repository's state (git status) and run this again");
}

/** Commits exactly the edited files (other staged changes stay staged, uncommitted). */
async function commitEdit(root: string, files: readonly FileEdit[], message: string[]): Promise<string> {
  const paths = files.map((f) => f.path);
  const add = await runGit(root, ["add", "--", ...paths]);
  if (add.code !== 0) throw new GitError(`git add failed: ${add.stderr.trim().split("\n")[0] ?? ""}`, "the files are written; commit them by hand");
  const commit = await runGit(root, ["commit", "-q", "--no-verify", ...message.flatMap((m) => ["-m", m]), "--only", "--", ...paths]);
  if (commit.code !== 0) throw new GitError(`git commit failed: ${commit.stderr.trim().split("\n")[0] ?? ""}`, "the files are written on the new branch; set your identity (git config user.name and user.email) and commit them by hand");
  const rev = await runGit(root, ["rev-parse", "HEAD"]);
  return rev.stdout.toString("utf8").trim();
}

/** The commit message's paragraphs: a subject, the justification, the notes, and trailers. */
export function commitMessage(edit: GuestEdit, result: EditGuestsResult, options: Pick<RunEditOptions, "commitMessage" | "trailers">): string[] {
  const emails = edit.action === "add" ? [edit.email] : edit.emails;
  const who = emails.length <= 3 ? emails.join(", ") : `${emails.slice(0, 2).join(", ")} and ${count(emails.length - 2, "more guest")}`;
  const subject =
    options.commitMessage ??
    (edit.action === "add"
      ? `Add ${edit.email} (${edit.displayName}) as a guest`
      : edit.action === "renew"
        ? `Renew ${who} until ${edit.until}`
        : edit.action === "review"
          ? `Record the review of ${who} on ${edit.on}`
          : edit.action === "remove"
            ? `Remove ${who}`
            : `Drop the renewal of ${who}`);
  const justification = edit.action === "add" || edit.action === "renew" ? edit.justification : undefined;
  return [
    subject.split("\n")[0]!,
    ...(justification !== undefined ? [`Justification: ${justification}`] : []),
    ...result.notes.map((n) => `Note: ${n}`),
    ...(options.trailers && options.trailers.length > 0 ? [options.trailers.join("\n")] : []),
  ];
}
