// The one path from files to a desired state: load, validate, then build, for every command and the
// program. The date expiry is judged on is decided here too, so that validate, plan and the program
// judge the same day from the same files.
import type { FileSource } from "../load/file-source";
import { loadRepo, type LoadResult, type ParseCache } from "../load/load-repo";
import { loadShardRepos } from "../load/load-shards";
import { buildDesiredState } from "../model/build-desired-state";
import { isRealDate, todayUtc } from "../model/dates";
import type { DesiredState } from "../model/desired-state";
import { byPosition, type Problem } from "../model/problem";
import { validateRepo, type Validation } from "./validate-repo";
import { checkShards } from "./validate-shards";

export const CONFIG_AS_OF = "guestops:asOf";

export interface LoadedStack {
  load: LoadResult;
  validation: Validation;
  desired: DesiredState;
  /** The day expiry was judged on. */
  asOf: string;
  /** Where that day came from: Pulumi.<stack>.yaml's guestops:asOf wins, as it does in the program. */
  asOfFrom: "config" | "option" | "today";
  /** Set when an --as-of option was overruled by the stack's guestops:asOf. */
  overruled?: string;
}

export interface LoadStackOptions {
  /** An --as-of the user gave. */
  asOf?: string;
  cache?: ParseCache;
  /** The revision a plan compares with, for rules that judge what a change adds. */
  base?: LoadResult;
}

/** One stack. A shard is judged with its siblings, so the rules that span a tenant's shards hold in every command. */
export async function loadStack(source: FileSource, stack: string, options: LoadStackOptions = {}): Promise<LoadedStack> {
  const cache = options.cache ?? new Map();
  const load = await loadRepo(source, stack, cache);
  if (load.tenant === undefined) return judgeStack(load, options);
  // The siblings are read for the rules across shards only: just this shard is judged and built.
  const check = checkShards(await loadShardRepos(source, load.tenant, cache, load));
  const mine = check.loads.find((l) => l.stackName === stack) ?? load;
  return judgeStack(mine, options, check.problems.get(stack));
}

/** Every shard of a tenant, loaded once each and judged together. */
export async function loadShards(source: FileSource, tenant: string, options: LoadStackOptions = {}, known?: LoadResult): Promise<LoadedStack[]> {
  const check = checkShards(await loadShardRepos(source, tenant, options.cache ?? new Map(), known));
  return check.loads.map((load) => judgeStack(load, options, check.problems.get(load.stackName)));
}

/** The pure half of loadStack: a loaded repository, judged on its day; `extra` are problems found across shards. */
export function judgeStack(load: LoadResult, options: Omit<LoadStackOptions, "cache"> = {}, extra: readonly Problem[] = []): LoadedStack {
  const configured = configuredAsOf(load);
  const asOfFrom = configured !== undefined ? "config" : options.asOf !== undefined ? "option" : "today";
  const asOf = configured ?? options.asOf ?? todayUtc();
  const validation = withProblems(validateRepo(load, asOf, options.base ? { base: options.base } : {}), extra);
  const desired = buildDesiredState(load, asOf);
  const overruled = configured !== undefined && options.asOf !== undefined && options.asOf !== configured ? options.asOf : undefined;
  return { load, validation, desired, asOf, asOfFrom, ...(overruled && { overruled }) };
}

/** `guestops:asOf` from Pulumi.<stack>.yaml when it is a real date; a malformed one is a validation error. */
export function configuredAsOf(load: LoadResult): string | undefined {
  const value = load.pulumi?.value?.config?.[CONFIG_AS_OF];
  return isRealDate(value) ? value : undefined;
}

function withProblems(v: Validation, extra: readonly Problem[]): Validation {
  if (extra.length === 0) return v;
  return {
    errors: [...v.errors, ...extra.filter((p) => p.severity === "error")].sort(byPosition),
    warnings: [...v.warnings, ...extra.filter((p) => p.severity === "warning")].sort(byPosition),
  };
}
