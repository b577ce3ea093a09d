// Options shared by commands: stack selection, the as-of date and output formats.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { isRealDate, todayUtc } from "../model/dates";
import type { FileSource } from "../load/file-source";
import { findRepositoryRoot } from "../load/find-repository-root";
import { listStacks } from "../load/load-repo";
import { UsageError } from "./errors";

export function parseAsOf(value: string | undefined, flag = "--as-of"): string {
  return parseDateOption(value, flag) ?? todayUtc();
}

/** A date option as given, or undefined when it was not given. */
export function parseDateOption(value: string | undefined, flag = "--as-of"): string | undefined {
  if (value === undefined) return undefined;
  if (!isRealDate(value)) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a date`, `use YYYY-MM-DD, for example ${flag} ${todayUtc()}`);
  return value;
}

export function parseFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--format ${JSON.stringify(value)} is not a format of this command`, `use one of: ${allowed.join(", ")}`);
  }
  return value as T;
}

/** `--stack`, else PULUMI_STACK, else the only stack file. */
export async function selectStack(source: FileSource, flag: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const stacks = await listStacks(source);
  const name = wantedStack(flag, env);
  if (name !== undefined) {
    if (!stacks.includes(name)) {
      throw new UsageError(
        `stack "${name}" has no file stacks/${name}.yaml`,
        stacks.length > 0 ? `known stacks: ${stacks.join(", ")}` : "create stacks/<name>.yaml first (see schemas/stack.schema.json)",
      );
    }
    return name;
  }
  if (stacks.length === 1) return stacks[0]!;
  if (stacks.length === 0) throw new UsageError("no stack files found in stacks/", "run guestops from the repository root, or create stacks/<name>.yaml");
  throw new UsageError(`there are ${stacks.length} stacks (${stacks.join(", ")}); choose one`, "pass --stack NAME or set PULUMI_STACK");
}

/** The stack that `--stack` or PULUMI_STACK names, whether or not its file exists; undefined when neither is set. */
export function wantedStack(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  // An empty PULUMI_STACK (say, `PULUMI_STACK=` in a CI file) means "not set".
  const wanted = flag ?? (env.PULUMI_STACK || undefined);
  if (wanted === undefined) return undefined;
  // Pulumi may qualify the name as org/project/stack; the stack file is named by its last part.
  const parts = wanted.split("/");
  // Each part is a plain name: "../prod" or "/etc/prod" is not a stack, even if its last part is.
  if (parts.length > 3 || !parts.every((p) => /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(p))) throw new UsageError(`stack name ${JSON.stringify(wanted)} is not valid`, "stack names use letters, digits, '.', '_' and '-'");
  return parts[parts.length - 1]!;
}

/** The folder holding stacks/: the working folder or the nearest above it, within its Git repository. */
export function repositoryRoot(cwd: string): string {
  const found = findRepositoryRoot(cwd);
  if (found.root !== undefined) return found.root;
  const where = found.looked.length === 1 ? found.looked[0]! : `${found.looked[0]} and the folders above it up to ${found.looked[found.looked.length - 1]}`;
  throw new UsageError(`no stacks/ folder in ${where}`, "run guestops inside a guestops repository (the folder with stacks/ and guests/, or one below it)");
}

/** A command's flags, strictly: an unknown flag or a stray argument is a usage error, not ignored. */
export function parseFlags<const T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
}

/** The same strict parser, for the commands that take words too (init DIR, catalog add group NAME). */
export function parseFlagsAndWords<const T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
}
