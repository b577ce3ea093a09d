// The guestops command line: parses the command, runs it, and turns failures into exit codes.
// A stack trace is printed only with --debug.
import pc from "picocolors";
import { EXIT, UsageError } from "./errors";
import * as access from "./commands/access";
import * as audit from "./commands/audit";
import * as plan from "./commands/plan";
import * as reportCommand from "./commands/report";
import * as validate from "./commands/validate";

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Colour terminal output. */
  color: boolean;
}

interface Command {
  help: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

const commands: Record<string, Command> = { validate, plan, audit, access, report: reportCommand };

export const help = `guestops: GitOps for Microsoft Entra ID B2B guests

Usage: guestops <command> [options]

Commands:
  validate   Check stacks/ and guests/ against the schemas and policy (every PR runs this).
  plan       Show what a change does to the tenant: guests invited, changed, expired,
             removed or adopted, and the resources behind them. Offline: no credentials.
  audit      Every change of access in the branch's history, with its commit, PR,
             approvers and flags (direct push, no approval, not an owner, self-approved).
  access     Who had access to what on a date, since when, and who approved it.
  report     The auditor's one page (HTML, Markdown or JSON): current state, the period's
             grants and removals with evidence, flagged events, and the commands behind each.

Options:
  -h, --help     Show help; "guestops <command> --help" for a command's options.
  --version      Print the version.
  --debug        Print stack traces for unexpected errors.

Run it from the repository root. Examples:
  guestops validate
  guestops plan --base origin/main --format markdown
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
      ctx.stdout.write(`${(require("../../package.json") as { version: string }).version}\n`);
      return EXIT.ok;
    }
    const command = commands[name];
    if (!command) throw new UsageError(`unknown command "${name}"`, `commands: ${Object.keys(commands).join(", ")}; see guestops --help`);
    if (rest.includes("-h") || rest.includes("--help")) {
      ctx.stdout.write(command.help);
      return EXIT.ok;
    }
    return await command.run(rest, ctx);
  } catch (err) {
    return report(err, ctx, debug, name);
  }
}

function report(err: unknown, ctx: CommandContext, debug: boolean, command: string | undefined): number {
  const c = ctx.color ? pc : pc.createColors(false);
  if (err instanceof UsageError || isParseArgsError(err)) {
    const hint = err instanceof UsageError ? err.hint : `see guestops ${command ?? ""} --help`.replace("  ", " ");
    ctx.stderr.write(`${c.red("guestops: error:")} ${(err as Error).message}\n${hint ? `${c.dim("hint:")} ${hint}\n` : ""}`);
    return EXIT.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  ctx.stderr.write(`${c.red("guestops: internal error:")} ${message}\nThis is a bug in guestops, or a failure of the machine it runs on. Re-run with --debug for details.\n`);
  if (debug && err instanceof Error && err.stack) ctx.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}

function isParseArgsError(err: unknown): err is Error {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && (err as NodeJS.ErrnoException).code!.startsWith("ERR_PARSE_ARGS");
}

function defaultContext(): CommandContext {
  const env = process.env;
  const color = env.NO_COLOR === undefined && (env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== "0" : Boolean(process.stdout.isTTY));
  return { cwd: process.cwd(), env, stdout: process.stdout, stderr: process.stderr, color };
}
