// The guestops command line: parses the command, runs it, and turns failures into exit codes.
// A stack trace is printed only with --debug.
import pc from "picocolors";
import { GitError } from "../git/run-git";
import { GraphError } from "../graph/graph-error";
import { terminal } from "../output/escape";
import packageJson from "../../package.json";
import { EXIT, UsageError } from "./errors";
import * as access from "./commands/access";
import * as add from "./commands/add";
import * as approvals from "./commands/approvals";
import * as audit from "./commands/audit";
import * as catalog from "./commands/catalog";
import * as codeowners from "./commands/codeowners";
import * as drift from "./commands/drift";
import * as due from "./commands/due";
import * as forms from "./commands/forms";
import * as adopt from "./commands/import";
import * as init from "./commands/init";
import * as plan from "./commands/plan";
import * as recordDeploy from "./commands/record-deploy";
import * as remove from "./commands/remove";
import * as renew from "./commands/renew";
import * as renewals from "./commands/renewals";
import * as request from "./commands/request";
import * as reportCommand from "./commands/report";
import * as review from "./commands/review";
import * as status from "./commands/status";
import * as validate from "./commands/validate";
import type { CommandContext } from "./context";

export type { CommandContext };

/** A parseArgs options table. */
export type OptionsTable = Readonly<Record<string, { readonly type: "string" | "boolean"; readonly multiple?: boolean; readonly short?: string }>>;

export interface Command {
  help: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
  /** The command's parseArgs options: which flags take a value (so "--as-of -h" is a value, not help), and the table tests parse the pipelines' command lines with. */
  options: OptionsTable;
  /** The values --format takes, for commands that have it. */
  formats?: readonly string[];
  /** Subcommands' options, such as `approvals record`. */
  subcommands?: Readonly<Record<string, OptionsTable>>;
}

export const commands: Record<string, Command> = { validate, plan, approvals, audit, access, report: reportCommand, status, drift, due, renewals, import: adopt, "record-deploy": recordDeploy, codeowners, init, catalog, add, renew, review, remove, request, forms };

export const help = `guestops: GitOps for Microsoft Entra ID B2B guests

Usage: guestops <command> [options]

Commands:
  init       Start a tenant repository: stack file, people.yaml, a first partner file,
             Pulumi settings, package.json pinning guestops, workflows. --upgrade
             refreshes the workflows after a version bump.
  validate   Check stacks/ and guests/ against the schemas and policy (every PR runs this).
  add        Add a guest: an entry in the partner file of its domain (a new partner
             file with --partner), validated and planned before it is written. On a
             terminal it asks for what is missing, from the catalog and the policy.
  renew      Give guests a later expires within the policy, and date their review;
             "renew --drop" undoes a branch's renewal of a guest.
  review     Record an access review of guests (reviewed).
  remove     Remove guests' entries (access removed; the account kept by default).
             Editing commands change only the entry's own lines; --dry-run shows
             the diff, --branch NAME commits it with its justification.
  plan       Show what a change does to the tenant: guests invited, changed, expired,
             removed or adopted, and the resources behind them. Offline: no credentials.
  audit      Every change of access in the branch's history, with its commit, PR,
             approvers and flags (direct push, no approval, not an owner, self-approved).
  access     Who had access to what on a date, since when, and who approved it.
  report     The auditor's one page (HTML, Markdown or JSON): current state, the period's
             grants and removals with evidence, flagged events, and the commands behind each.
  status     Each declared guest as the tenant holds it: invitation, sign-in, access.
  drift      Where the tenant and Git disagree (exit 4), for scheduled alerts.
  due        The guests whose access ends or whose review falls due soon, by sponsor;
             --online adds last sign-ins and names owners for sponsors who have left.
  renewals   The scheduled renewal run: per sponsor, a branch renewing their due guests
             and the pull request body that asks them (the workflow opens or updates it).
  import     Adopt guests who exist in the tenant but not in Git: YAML entries and a
             pulumi import file. status, drift and import read Microsoft Graph only.
  approvals  The approval gate: does every group, app and policy change have its
             owner's approval? "approvals record" writes them to Git at merge.
  record-deploy
             Record a deployment as a Git tag that is never moved; plan's default base.
  catalog    "catalog add group NAME" and "catalog add app NAME": look a group's objectId
             or an app's service principal and role ids up in the tenant by display
             name, and add the catalog entry to the stack file.
  request    Turn an issue filed with the guest access form into the edit add, renew or
             remove makes, or into a comment that says what to fix (the request workflow).
  forms      Write the guest access issue form's choices (groups, apps and roles, the
             last day's limits) from the catalog; --check fails when they disagree.
  codeowners Generate CODEOWNERS: stack files, people.yaml, Pulumi settings and the
             pipelines under the stack owners.

Options:
  -h, --help     Show help; "guestops <command> --help" for a command's options.
  --version      Print the version.
  --debug        Print stack traces for unexpected errors.

Run it anywhere in the repository: it finds the folder that holds stacks/ upward. Examples:
  guestops validate
  guestops add zoe.martin@fabrikam.com --name "Zoé Martin (Fabrikam)" --expires 2027-03-31 \\
    --justification "CHG-1200 ERP reporting" --group erp-project --dry-run
  guestops plan --base origin/main --format markdown
  guestops drift --format json
`;

export async function main(argv: string[], ctx: CommandContext = defaultContext()): Promise<number> {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  try {
    if (name === undefined || name === "-h" || name === "--help" || name === "help") {
      ctx.stdout.write(help);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === "--version") {
      ctx.stdout.write(`${packageJson.version}\n`);
      return EXIT.ok;
    }
    const command = commands[name];
    if (!command) throw new UsageError(`unknown command "${name}"`, `commands: ${Object.keys(commands).join(", ")}; see guestops --help`);
    if (wantsHelp(rest, command.options ?? {})) {
      ctx.stdout.write(command.help);
      return EXIT.ok;
    }
    return await command.run(rest, ctx);
  } catch (err) {
    return report(err, ctx, debug, name);
  }
}

/** Whether -h or --help is asked for as an option, not given as the value of one (--as-of -h). */
export function wantsHelp(args: readonly string[], options: NonNullable<Command["options"]>): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return false;
    if (arg === "-h" || arg === "--help") return true;
    const name = /^--([^=]+)$/.exec(arg)?.[1];
    if (name !== undefined && options[name]?.type === "string") i++;
  }
  return false;
}

/** node:util's parse errors span several lines; the one a user needs is about the flag and its value. */
function parseErrorMessage(err: Error): string {
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(err.message);
  const flag = ambiguous?.[1];
  if (flag) return `${flag} needs a value, but the next argument starts with "-"; give it a value (for example ${flag} VALUE), or write ${flag}=-VALUE if the value really starts with a dash`;
  return err.message.split("\n")[0]!;
}

function report(err: unknown, ctx: CommandContext, debug: boolean, command: string | undefined): number {
  const c = ctx.color ? pc : pc.createColors(false);
  // A Git failure the user can fix (not a repository, a missing object) is theirs to fix, like a usage error.
  if (err instanceof UsageError || err instanceof GitError || isParseArgsError(err)) {
    const hint = err instanceof UsageError || err instanceof GitError ? err.hint : `see guestops ${command ?? ""} --help`.replace("  ", " ");
    const message = err instanceof UsageError || err instanceof GitError ? err.message : parseErrorMessage(err as Error);
    ctx.stderr.write(`${c.red("guestops: error:")} ${terminal(message)}\n${hint ? `${c.dim("hint:")} ${terminal(hint)}\n` : ""}`);
    return EXIT.usage;
  }
  if (err instanceof GraphError) {
    // Graph's own wording never reaches here: the message is built from the status and error code.
    ctx.stderr.write(`${c.red("guestops: error:")} ${err.message}\n${err.hint ? `${c.dim("hint:")} ${err.hint}\n` : ""}`);
    if (debug && err.stack) ctx.stderr.write(`${err.stack}\n`);
    return EXIT.graph;
  }
  const message = err instanceof Error ? err.message : String(err);
  ctx.stderr.write(`${c.red("guestops: internal error:")} ${terminal(message)}\nThis is a bug in guestops, or a failure of the machine it runs on. Re-run with --debug for details.\n`);
  if (debug && err instanceof Error && err.stack) ctx.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}

function isParseArgsError(err: unknown): err is Error {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && (err as NodeJS.ErrnoException).code!.startsWith("ERR_PARSE_ARGS");
}

function defaultContext(): CommandContext {
  const env = process.env;
  const color = env.NO_COLOR === undefined && (env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== "0" : Boolean(process.stdout.isTTY));
  return { cwd: process.cwd(), env, stdout: closable(process.stdout), stderr: closable(process.stderr), color };
}

/**
 * A stream that goes quiet once its reader has gone: `guestops plan | head` closes the pipe early, and
 * the EPIPE that follows is no error of the command's, which still finishes and returns its exit code.
 */
export function closable(stream: NodeJS.WritableStream): CommandContext["stdout"] {
  let closed = false;
  stream.on("error", (err: NodeJS.ErrnoException) => {
    closed = true;
    if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") return;
    // A full disk or a broken terminal: the output is lost, which is the machine's failure, not a bug to
    // show a stack trace for. Say so on stderr (when that is not the stream that failed) and exit 70.
    process.exitCode = EXIT.internal;
    if (stream !== process.stderr) process.stderr.write(`guestops: could not write the output (${err.code ?? err.message}); check the disk or the pipe it goes to\n`);
  });
  return {
    write(text: string) {
      if (closed) return false;
      try {
        return stream.write(text);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EPIPE") throw err;
        closed = true;
        return false;
      }
    },
  };
}
