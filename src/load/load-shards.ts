// The shards of a tenant as the loader sees them: the stacks whose files name it, each loaded once.
import type { FileSource } from "./file-source";
import { loadRepo, readStackTenants, type LoadResult, type ParseCache } from "./load-repo";

/** The names of the stacks whose files name `tenant`, sorted. */
export async function shardNames(source: FileSource, tenant: string, cache?: ParseCache): Promise<string[]> {
  return [...(await readStackTenants(source, cache))].filter(([, t]) => t === tenant).map(([name]) => name);
}

/** Every shard of `tenant` in the source, in name order; `known` is used as it is instead of loading it again. */
export async function loadShardRepos(source: FileSource, tenant: string, cache: ParseCache = new Map(), known?: LoadResult): Promise<LoadResult[]> {
  const loads: LoadResult[] = [];
  for (const name of await shardNames(source, tenant, cache)) loads.push(name === known?.stackName ? known : await loadRepo(source, name, cache));
  return loads;
}
