// Policy rules are small named functions in a list. Each gets a context and reports through it;
// the function's name becomes the `rule` of every problem it reports.
import type { LoadedFile, LoadResult } from "../load/load-repo";
import { locate } from "../load/parse-yaml";
import type { Guest, GuestFile } from "../model/guests-schema";
import type { PeopleFile } from "../model/people-schema";
import type { Problem, Severity } from "../model/problem";
import type { PulumiProjectFile } from "../model/pulumi-project-schema";
import type { PulumiStackFile } from "../model/pulumi-stack-schema";
import type { StackFile } from "../model/stack-schema";

export type Path = readonly (string | number)[];

/** One guest entry, as written; schema problems may remain, so rules check the types they use. */
export interface GuestEntry {
  file: LoadedFile<GuestFile>;
  index: number;
  guest: Partial<Guest>;
  /** The address, when it is a string. */
  email?: string;
  /** Lower-case domain, when the address has exactly one `@`. */
  domain?: string;
  path: Path;
}

/** What the base (the deployed revision) declares, when a plan knows it: to tell new entries from old. */
export interface BaseIndex {
  /** Lower-case addresses the base declares. */
  emails: ReadonlySet<string>;
  /** `placeKey` of each base entry: an entry left as it was, in the file where it was. */
  placed: ReadonlySet<string>;
}

/** An entry's file, address and content: equal for an entry a change left alone. */
export function placeKey(file: string, email: string, guest: unknown): string {
  return `${file}\0${email.toLowerCase()}\0${JSON.stringify(guest)}`;
}

export interface RuleContext {
  /** The stack with schema defaults filled in; parts may be invalid when the stack has errors. */
  stack: Partial<StackFile>;
  stackFile?: LoadedFile<StackFile>;
  /** A shard's own stack file as written (stackFile is then its tenant file). */
  shardFile?: LoadedFile<StackFile>;
  /** Pulumi.<stack>.yaml, when it exists. */
  pulumiFile?: LoadedFile<PulumiStackFile>;
  /** Pulumi.yaml, when it exists. */
  projectFile?: LoadedFile<PulumiProjectFile>;
  files: LoadedFile<GuestFile>[];
  /** people.yaml, when the repository has one. */
  people?: LoadedFile<PeopleFile>;
  entries: GuestEntry[];
  /** The date expiry is judged against, YYYY-MM-DD. */
  asOf: string;
  /** The base's entries, when validating a change against it (plan); undefined in validate. */
  base?: BaseIndex;
  error(file: LoadedFile<unknown>, path: Path, message: string, opts?: { key?: boolean }): void;
  warn(file: LoadedFile<unknown>, path: Path, message: string, opts?: { key?: boolean }): void;
}

export type Rule = (ctx: RuleContext) => void;

/**
 * With `warnings` false, rules' warnings are dropped unpositioned: a caller that only decides validity
 * saves the positioning.
 */
export function runRules(rules: readonly Rule[], load: LoadResult, entries: GuestEntry[], asOf: string, base?: BaseIndex, warnings = true): Problem[] {
  const problems: Problem[] = [];
  for (const rule of rules) {
    const report = (severity: Severity) => (file: LoadedFile<unknown>, path: Path, message: string, opts?: { key?: boolean }) => {
      problems.push({ severity, file: file.path, ...locate(file.parsed, path, opts?.key), message, rule: rule.name });
    };
    rule(ruleContext(load, entries, asOf, { error: report("error"), warn: warnings ? report("warning") : () => undefined }, base));
  }
  return problems;
}

/** What a rule sees of a loaded repository, with where it reports. */
export function ruleContext(load: LoadResult, entries: GuestEntry[], asOf: string, report: Pick<RuleContext, "error" | "warn">, base?: BaseIndex): RuleContext {
  return {
    stack: (load.stack?.value ?? {}) as Partial<StackFile>,
    stackFile: load.stack,
    ...(load.shardFile && { shardFile: load.shardFile }),
    pulumiFile: load.pulumi,
    projectFile: load.project,
    files: load.guestFiles,
    people: load.people,
    entries,
    asOf,
    ...(base && { base }),
    ...report,
  };
}
