// A tenant split into two shards, "eu" and "us", for shard tests: tenants/contoso.yaml holds the policy and
// catalog of plan-fixtures' stack; each shard selects its own folder of guest files.
import { stringify } from "yaml";
import { memorySource } from "../../src/load/memory-source";
import { loadShardRepos } from "../../src/load/load-shards";
import { loadTenantFile } from "../../src/load/load-repo";
import { loadShards } from "../../src/rules/load-stack";
import { planShards, type TenantPlan } from "../../src/plan/plan-shards";
import type { RemovedStack } from "../../src/plan/plan-types";
import { AS_OF, BASE_INFO, guestFileYaml, stackDoc, type GuestSpec } from "../plan/plan-fixtures";

export const TENANT_FILE = "tenants/contoso.yaml";

export function shardFile(folder: string): string {
  return `# yaml-language-server: $schema=../schemas/stack.schema.json\ntenant: contoso\nguestFiles: ["guests/${folder}/**/*.yaml"]\n`;
}

/** `guests` by shard ("eu", "us", ...), each shard's guests in guests/<shard>/fabrikam.yaml. */
export function tenantFiles(guests: Record<string, GuestSpec[]>, stack: Record<string, unknown> = stackDoc()): Record<string, string> {
  const files: Record<string, string> = { [TENANT_FILE]: stringify(stack) };
  for (const [shard, list] of Object.entries(guests)) {
    files[`stacks/${shard}.yaml`] = shardFile(shard);
    files[`guests/${shard}/fabrikam.yaml`] = guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", list);
  }
  return files;
}

/** `n` Fabrikam guests with one membership each, numbered from `from`. */
export function people(n: number, from = 0): GuestSpec[] {
  return Array.from({ length: n }, (_, i) => ({ email: `person.${String(from + i).padStart(3, "0")}@fabrikam.com`, displayName: `Person ${from + i}`, expires: "2027-06-30", groups: ["erp-project"] }));
}

export async function tenantPlan(baseFiles: Record<string, string>, headFiles: Record<string, string>, opts: { only?: string; allowMassRemoval?: boolean; allowStackRemoval?: boolean; removedStacks?: RemovedStack[] } = {}): Promise<TenantPlan> {
  const cache = new Map();
  const heads = await loadShards(memorySource(headFiles), "contoso", { asOf: AS_OF, cache });
  const errors = heads.flatMap((h) => h.validation.errors);
  if (errors.length > 0) throw new Error(`fixture head is invalid: ${errors.map((e) => `${e.file}:${e.line} ${e.message}`).join("\n")}`);
  const bases = await loadShardRepos(memorySource(baseFiles), "contoso", cache);
  const baseTenant = await loadTenantFile(memorySource(baseFiles), "contoso", cache);
  const { empty: _, ...baseInfo } = BASE_INFO;
  return planShards({ tenant: "contoso", bases, heads, baseInfo, baseAsOf: AS_OF, asOf: AS_OF, project: "guestops", ...(baseTenant && { baseTenant }), ...opts });
}
