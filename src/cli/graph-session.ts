// What status, drift and import share: the stack loaded and validated through the one loader, every
// stack of the same tenant, and a Graph client for the stack's cloud with the chosen credential.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { GraphClient } from "../graph/graph-client";
import { CatalogIdsNotFound } from "../graph/read-tenant";
import { connectGraphTo } from "./connect-graph";
import { listStacks, loadRepo, type LoadResult } from "../load/load-repo";
import { locate } from "../load/parse-yaml";
import { terminal } from "../output/escape";
import { workingTree } from "../load/read-working-tree";
import { buildDesiredState } from "../model/build-desired-state";
import type { DesiredState } from "../model/desired-state";
import type { DesiredTenantPolicy } from "../model/tenant-policy";
import { loadShards, loadStack, type LoadedStack } from "../rules/load-stack";
import { EXIT } from "./errors";
import type { CommandContext } from "./context";
import { repositoryRoot, selectStack } from "./options";
import { printValidation, reportOf } from "./commands/validate";
import { shardsReportOf } from "./report-shards";
import { selectScope } from "./select-scope";

// Where the Graph client is made, apart from this file so that validate --online can use it too.
export { connectGraphTo };

export const GRAPH_FLAGS = {
  stack: { type: "string" },
  "as-of": { type: "string" },
  format: { type: "string" },
  "graph-url": { type: "string" },
  credential: { type: "string" },
} as const;

export const GRAPH_HELP = `  --graph-url URL     The Graph to read, such as http://127.0.0.1:PORT for the demo tenant.
                      Default: $GUESTOPS_GRAPH_URL, else the stack's cloud (public:
                      https://graph.microsoft.com, usgov, china). /v1.0 is appended.
  --credential KIND   default (DefaultAzureCredential: az login, managed identity, ...),
                      github (GitHub OIDC), azure-pipelines (workload identity federation)
                      or token ($GUESTOPS_GRAPH_TOKEN). Default: $GUESTOPS_CREDENTIAL, else
                      token when GUESTOPS_GRAPH_TOKEN is set, else default.`;

export interface TenantLoad {
  load: LoadResult;
  state: DesiredState;
  /** This stack and every other stack with the same tenantId. */
  states: DesiredState[];
  /** What was asked for: the stack's name, or every shard of a tenant. */
  name: string;
  /** The stacks loaded and validated: this one, or the shards, whose catalog is `load.stack`'s file. */
  loaded?: string[];
}

/**
 * The stack as of a date, or the exit code after printing its validation errors. With `shards` (drift),
 * `--tenant` or a repository of one tenant's shards covers every shard of it, each validated.
 */
export async function loadTenant(ctx: CommandContext, stackFlag: string | undefined, asOf: string | undefined, shards?: { tenant?: string }): Promise<TenantLoad | number> {
  const source = workingTree(repositoryRoot(ctx.cwd));
  const options = { ...(asOf !== undefined && { asOf }) };
  const scope = shards ? await selectScope(source, { stack: stackFlag, tenant: shards.tenant }, ctx.env) : { stack: await selectStack(source, stackFlag, ctx.env) };
  const loaded: LoadedStack[] = scope.stack !== undefined ? [await loadStack(source, scope.stack, options)] : await loadShards(source, scope.tenant!, options);
  if (loaded.some((l) => l.validation.errors.length > 0)) {
    // Reading a tenant against a broken declaration would report drift that is not there.
    const [one] = loaded;
    await printValidation("text", scope.stack !== undefined ? reportOf(one!.load, one!.validation, one!.asOf) : shardsReportOf(scope.tenant!, loaded), ctx);
    return EXIT.invalid;
  }
  const first = loaded[0]!;
  const state = first.desired;
  const states = loaded.map((l) => l.desired);
  for (const other of await listStacks(source)) {
    if (loaded.some((l) => l.load.stackName === other)) continue;
    const otherState = buildDesiredState(await loadRepo(source, other), first.asOf);
    if (otherState.tenantId === state.tenantId) states.push(otherState);
  }
  const name = scope.stack ?? `${loaded.map((l) => l.load.stackName).join(", ")} (the ${loaded.length} shards of tenant ${scope.tenant})`;
  return { load: first.load, state, states, name, loaded: loaded.map((l) => l.load.stackName) };
}

/**
 * The guardrails a stack of the tenant declares and deploys, and the file whose tenantPolicy declares
 * them (the stack file, or the tenant file the shards share); undefined when none does.
 */
export function declaredGuardrails(tenant: TenantLoad): { policy: DesiredTenantPolicy; file: string } | undefined {
  const state = [tenant.state, ...tenant.states].find((s) => s.tenantPolicy !== undefined);
  if (!state) return undefined;
  const here = tenant.load.stack?.value?.tenantPolicy !== undefined && tenant.load.stack.path;
  return { policy: state.tenantPolicy!, file: here || `stacks/${state.stack}.yaml` };
}

export function connectGraph(values: { "graph-url"?: string; credential?: string }, ctx: CommandContext, tenant: TenantLoad): GraphClient {
  return connectGraphTo(values, ctx, { tenantId: tenant.state.tenantId, cloud: tenant.load.stack?.value?.cloud, stackName: tenant.load.stackName });
}

/** The Pulumi project name, for URNs in the import file. */
export async function pulumiProject(cwd: string): Promise<string> {
  try {
    const text = await readFile(join(cwd, "Pulumi.yaml"), "utf8");
    return /^name:\s*([A-Za-z0-9_.-]+)\s*$/m.exec(text)?.[1] ?? "guestops";
  } catch {
    return "guestops";
  }
}

/**
 * Runs a Graph read of the catalog's groups and apps; when Graph does not know some of their ids, prints
 * each as a finding at its catalog entry's file:line with the command that looks the right id up, and
 * returns exit 1: the declaration is wrong, as with validation errors, and nothing else is reported.
 */
export async function readingCatalog<T>(ctx: CommandContext, tenant: TenantLoad, read: () => Promise<T>): Promise<T | number> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof CatalogIdsNotFound)) throw err;
    for (const line of catalogFindings(tenant, err.missing)) ctx.stderr.write(`${line}\n`);
    return EXIT.invalid;
  }
}

export function catalogFindings(tenant: TenantLoad, missing: CatalogIdsNotFound["missing"]): string[] {
  const lines: string[] = [];
  const file = tenant.load.stack;
  for (const { kind, id } of missing) {
    const section = kind === "group" ? "groups" : "apps";
    const idField = kind === "group" ? "objectId" : "servicePrincipalId";
    // Every stack of the tenant is read at once; the entry may be this stack's or another's.
    const holders = tenant.states.flatMap((state) => Object.entries(state.catalog[section]).filter(([, e]) => e.id.toLowerCase() === id.toLowerCase()).map(([key, e]) => ({ state, key, entry: e })));
    if (holders.length === 0) holders.push({ state: tenant.state, key: "?", entry: { id, displayName: "?", owners: [] } });
    // Shards share their tenant file's catalog: one finding per entry of that file, at its line.
    const loaded = new Set(tenant.loaded ?? [tenant.load.stackName]);
    const reported = new Set<string>();
    for (const { state, key, entry } of holders) {
      const here = file && loaded.has(state.stack) ? file : undefined;
      if (here && reported.has(key)) continue;
      if (here) reported.add(key);
      const at = here ? locate(here.parsed, [section, key, idField]) : undefined;
      const where = here && at ? `${here.path}:${at.line}:${at.column}` : `stack ${state.stack}`;
      const owners = entry.owners.length > 0 ? entry.owners.map((o) => ` --owner ${o}`).join("") : " --owner EMAIL";
      lines.push(terminal(`${where} catalog ${kind} ${key} ${idField} ${id} does not exist in the tenant: look it up with guestops catalog add ${kind} ${JSON.stringify(entry.displayName)}${owners} (delete this entry first, or pass --key NEW-KEY)`));
    }
  }
  return lines;
}
