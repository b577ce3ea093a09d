// Which stacks a command covers: one stack, every shard of a tenant, or one shard of it (--stack narrows).
import type { FileSource } from "../load/file-source";
import { readStackTenants, type ParseCache } from "../load/load-repo";
import { UsageError } from "./errors";
import { selectStack } from "./options";

export interface Scope {
  /** Set when the stacks are shards of a tenant (tenants/<tenant>.yaml). */
  tenant?: string;
  /** The one stack asked for; undefined when every shard of the tenant is covered. */
  stack?: string;
}

/**
 * `--tenant` covers every shard of a tenant; `--stack` (or PULUMI_STACK) one stack, a shard's siblings
 * still read for the rules that span them. With neither: the only stack, or the only tenant whose shards
 * are every stack there is.
 */
export async function selectScope(source: FileSource, flags: { stack?: string; tenant?: string }, env: NodeJS.ProcessEnv, cache?: ParseCache): Promise<Scope> {
  if (flags.stack !== undefined && flags.tenant !== undefined) throw new UsageError("--stack and --tenant exclude each other", "--tenant NAME covers every shard of the tenant; --stack NAME one of them");
  const tenants = await readStackTenants(source, cache);
  if (flags.tenant !== undefined) {
    const known = [...new Set([...tenants.values()].filter((t): t is string => t !== undefined))].sort();
    if (!known.includes(flags.tenant)) {
      throw new UsageError(`no stack in stacks/ is a shard of tenant ${JSON.stringify(flags.tenant)}`, known.length > 0 ? `tenants with shards: ${known.join(", ")}` : "a shard's stack file names its tenant with tenant: <name> (see docs/shards.md)");
    }
    return { tenant: flags.tenant };
  }
  const units = new Set([...tenants].map(([name, tenant]) => (tenant === undefined ? `stack:${name}` : `tenant:${tenant}`)));
  const only = units.size === 1 ? [...units][0]! : undefined;
  const wanted = flags.stack ?? (env.PULUMI_STACK || undefined);
  if (wanted === undefined && only?.startsWith("tenant:") && tenants.size > 1) return { tenant: only.slice("tenant:".length) };
  if (wanted === undefined && units.size > 1 && [...units].some((u) => u.startsWith("tenant:"))) {
    const list = [...units].map((u) => u.replace(/^stack:/, "").replace(/^tenant:(.*)$/, "tenant $1")).sort();
    throw new UsageError(`there are ${units.size} stacks and tenants (${list.join(", ")}); choose one`, "pass --stack NAME, --tenant NAME (every shard of a tenant) or set PULUMI_STACK");
  }
  const stack = await selectStack(source, flags.stack, env);
  const tenant = tenants.get(stack);
  return { stack, ...(tenant !== undefined && { tenant }) };
}
