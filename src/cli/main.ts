// The guestops command line: parses the command, runs it, and turns failures into exit codes.
// A stack trace is printed only with --debug.
import pc from "picocolors";
import { GraphError } from "../graph/graph-error";
import { EXIT, UsageError } from "./errors";
import * as drift from "./commands/drift";
import * as adopt from "./commands/import";
import * as plan from "./commands/plan";
import * as status from "./commands/status";
import * as validate from "./commands/validate";

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Colour terminal output. */
  color: boolean;
  /** How Graph retries wait; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

interface Command {
  help: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

const commands: Record<string, Command> = { validate, plan, status, drift, import: adopt };

export const help = `guestops: GitOps for Microsoft Entra ID B2B guests

Usage: guestops <command> [options]

Commands:
  validate   Check stacks/ and guests/ against the schemas and policy (every PR runs this).
  plan       Show what a change does to the tenant: guests invited, changed, expired,
             removed or adopted, and the resources behind them. Offline: no credentials.
  status     Each declared guest as the tenant holds it: invitation, sign-in, access.
  drift      Where the tenant and Git disagree (exit 4), for scheduled alerts.
  import     Adopt guests who exist in the tenant but not in Git: YAML entries and a
             pulumi import file. status, drift and import read Microsoft Graph only.

Options:
  -h, --help     Show help; "guestops <command> --help" for a command's options.
  --version      Print the version.
  --debug        Print stack traces for unexpected errors.

Run it from the repository root. Examples:
  guestops validate
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
  if (err instanceof GraphError) {
    // Graph's own wording never reaches here: the message is built from the status and error code.
    ctx.stderr.write(`${c.red("guestops: error:")} ${err.message}\n${err.hint ? `${c.dim("hint:")} ${err.hint}\n` : ""}`);
    if (debug && err.stack) ctx.stderr.write(`${err.stack}\n`);
    return EXIT.graph;
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
