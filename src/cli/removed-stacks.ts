// Stack files that a change deletes: the base has them and the head does not. Each one's Pulumi stack still
// holds the guests the base gave it, so the plan's stackNotRemoved guard must see them. A shard of a tenant
// that the head still has is its tenant plan's to judge (shardNotDropped), unless it is the stack planned.
import type { FileSource } from "../load/file-source";
import { loadRepo, readStackTenants, type LoadResult, type ParseCache } from "../load/load-repo";
import { buildDesiredState } from "../model/build-desired-state";
import { baseAsOfOf } from "../plan/plan-stacks";
import type { RemovedStack } from "../plan/plan-types";

export interface RemovedStacksInput {
  base: FileSource;
  head: FileSource;
  cache: ParseCache;
  /** The planned stack: counted even when it is a shard, since no tenant plan speaks for it here. */
  stack?: string;
  /** Its base, already loaded. */
  stackBase?: LoadResult;
  baseAsOf?: string;
  asOf?: string;
}

export async function removedStacks(input: RemovedStacksInput): Promise<RemovedStack[]> {
  const [before, after] = await Promise.all([readStackTenants(input.base, input.cache), readStackTenants(input.head, input.cache)]);
  const tenantsLeft = new Set([...after.values()].filter((t): t is string => t !== undefined));
  const removed: RemovedStack[] = [];
  for (const [name, tenant] of before) {
    if (after.has(name) || (name !== input.stack && tenant !== undefined && tenantsLeft.has(tenant))) continue;
    const load = name === input.stack && input.stackBase ? input.stackBase : await loadRepo(input.base, name, input.cache);
    const state = buildDesiredState(load, baseAsOfOf({ base: load, ...(input.baseAsOf !== undefined && { baseAsOf: input.baseAsOf }), ...(input.asOf !== undefined && { asOf: input.asOf }) }));
    removed.push({ stack: name, guests: state.guests.filter((g) => g.status !== "gone").length });
  }
  return removed;
}
