// The plan of a sharded tenant: every shard of it (or one, narrowed), against the base's shards of the same
// tenant, with the moves between shards and the tenant-wide guards. Thin edge over planShards.
import { printFormatted } from "./print-formatted";
import { parse as parseYaml } from "yaml";
import type { GitRevisionSource } from "../git/read-git-revision";
import type { FileSource } from "../load/file-source";
import { loadPeople, loadRepo, loadTenantFile, type LoadedFile, type LoadResult, type ParseCache } from "../load/load-repo";
import { tenantPathOf } from "../load/join-tenant";
import { shardNames } from "../load/load-shards";
import { planShards, type TenantPlan } from "../plan/plan-shards";
import { renderShardsGithub, renderShardsJson, renderShardsMarkdown, renderShardsText } from "../plan/render-shards";
import { loadShards } from "../rules/load-stack";
import { mergeValidations } from "../rules/validate-shards";
import type { PeopleFile } from "../model/people-schema";
import { reportOf } from "./commands/validate";
import type { CommandContext } from "./context";
import type { ValidationReport } from "./render-problems";
import { removedStacks } from "./removed-stacks";
import { shardsReportOf } from "./report-shards";

export interface TenantRun {
  headSource: FileSource;
  base: GitRevisionSource;
  cache: ParseCache;
  asOf?: string;
  baseAsOf?: string;
  allowMassRemoval: boolean;
  allowStackRemoval: boolean;
}

export type ComputedTenantPlan = { invalid: ValidationReport } | { plan: TenantPlan; people?: LoadedFile<PeopleFile> };

/**
 * Every shard of the tenant (or one, narrowed), against the base's shards of the same tenant: the plan
 * `guestops plan` prints and the approval gate checks. With the base's people.yaml, which maps the
 * gate's reviewers to addresses.
 */
export async function computeTenantPlan(scope: { tenant: string; stack?: string }, run: TenantRun): Promise<ComputedTenantPlan> {
  const { cache } = run;
  // The base first, so validation reports what this change adds rather than what it inherits, judged over
  // the whole tenant: a guest moved from one shard to another is not new.
  const bases = await baseShards(run.base, scope.tenant, await shardNames(run.headSource, scope.tenant, cache), cache);
  const heads = await loadShards(run.headSource, scope.tenant, { ...(run.asOf !== undefined && { asOf: run.asOf }), cache, base: tenantBase(scope.tenant, bases) });
  // A sibling's errors would make its guests look removed, or moved: every shard must be valid.
  if (heads.some((h) => h.validation.errors.length > 0)) {
    const mine = heads.find((h) => h.load.stackName === scope.stack) ?? heads[0]!;
    const report = scope.stack === undefined ? shardsReportOf(scope.tenant, heads) : { ...reportOf(mine.load, mergeValidations(heads.map((h) => h.validation)), mine.asOf), stack: `${scope.stack} (a shard of tenant ${scope.tenant}, checked with its siblings)` };
    return { invalid: { ...report, command: "plan" } };
  }
  const { ref, commit, short, date, subject } = run.base.revision;
  // Owners come from the base only: a shard new in this change follows the tenant file the base has.
  const baseTenant = await loadTenantFile(run.base, scope.tenant, cache);
  const plan = planShards({
    tenant: scope.tenant,
    bases,
    heads,
    ...(scope.stack !== undefined && { only: scope.stack }),
    project: await projectName(run.headSource),
    baseInfo: { label: run.base.label, ref, commit, short, date, subject },
    ...(run.baseAsOf !== undefined && { baseAsOf: run.baseAsOf }),
    ...(run.asOf !== undefined && { asOf: run.asOf }),
    allowMassRemoval: run.allowMassRemoval,
    ...(baseTenant && { baseTenant }),
    allowStackRemoval: run.allowStackRemoval,
    removedStacks: await removedStacks({ base: run.base, head: run.headSource, cache, ...(run.baseAsOf !== undefined && { baseAsOf: run.baseAsOf }), ...(run.asOf !== undefined && { asOf: run.asOf }) }),
  });
  const people = await loadPeople(run.base, cache);
  return { plan, ...(people && { people }) };
}

/**
 * The base's shards: the stacks that named the tenant there, and each head shard by name even if it was
 * a whole stack then, so that splitting one stack into shards plans as moves out of it.
 */
async function baseShards(source: FileSource, tenant: string, headNames: readonly string[], cache: ParseCache): Promise<LoadResult[]> {
  const names = [...new Set([...(await shardNames(source, tenant, cache)), ...headNames])].sort();
  const loads: LoadResult[] = [];
  for (const name of names) {
    const load = await loadRepo(source, name, cache);
    if (load.stack) loads.push(load);
  }
  return loads;
}

/** The base's guests over every shard, as the base that validation compares with: only its guest files are read. */
function tenantBase(tenant: string, bases: readonly LoadResult[]): LoadResult {
  return { stackName: tenant, stackPath: tenantPathOf(tenant), pulumiPath: "", guestFiles: bases.flatMap((b) => b.guestFiles), guestPatterns: [], unselected: [], problems: [] };
}

/** Pulumi.yaml's project name, which every URN carries. */
async function projectName(source: FileSource): Promise<string> {
  const [read] = await source.read([{ path: "Pulumi.yaml" }]);
  let name: unknown;
  try {
    name = read?.bytes ? (parseYaml(Buffer.from(read.bytes).toString("utf8")) as { name?: unknown } | null)?.name : undefined;
  } catch {
    name = undefined;
  }
  // Pulumi's own rule for project names; anything else is not a project this repository deploys.
  return typeof name === "string" && /^[A-Za-z0-9_.-]{1,100}$/.test(name) ? name : "guestops";
}

export async function printTenantPlan(format: "text" | "markdown" | "json" | "github", plan: TenantPlan, ctx: CommandContext): Promise<void> {
  await printFormatted(format, "plan", {
    json: () => renderShardsJson(plan),
    markdown: () => renderShardsMarkdown(plan),
    text: (color) => renderShardsText(plan, color),
    github: () => renderShardsGithub(plan),
  }, ctx);
}
