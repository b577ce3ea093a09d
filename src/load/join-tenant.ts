// A shard's stack file joined with its tenant file. A tenant too large for one Pulumi stack is split into
// shards (stacks/<shard>.yaml), each naming the shared tenants/<name>.yaml, which holds the tenant id,
// internal domains, owners, invitation defaults, policy and catalog once. Pure: loaded files in, the
// stack as rules and the desired state see it, and positioned problems, out.
import { isMap, isScalar, parseDocument } from "yaml";
import type { Problem } from "../model/problem";
import type { StackFile } from "../model/stack-schema";
import { locate, type ParsedYaml } from "./parse-yaml";

export const TENANTS_DIR = "tenants";
/** Keys a shard may set; everything else is the tenant's, written once in the tenant file. */
export const SHARD_KEYS: readonly string[] = ["tenant", "guestFiles", "deploys"];
const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The subset of a loaded file this needs (LoadedFile fits). */
export interface StackLike {
  path: string;
  blobId: string;
  parsed: ParsedYaml;
  value?: StackFile;
  problems: Problem[];
}

export function tenantPathOf(name: string): string {
  return `${TENANTS_DIR}/${name}.yaml`;
}

/** The tenant a stack file names, when the name is one the schema allows (so it names no path outside tenants/). */
export function tenantNameOf(stack: { value?: Partial<StackFile> } | undefined): string | undefined {
  const name = stack?.value?.tenant;
  return typeof name === "string" && TENANT_NAME.test(name) ? name : undefined;
}

export interface JoinedTenant<F extends StackLike> {
  /** The tenant file with the shard's guestFiles and tenant name: rules then place catalog problems in the tenant file. */
  stack?: F;
  problems: Problem[];
}

export function joinTenant<F extends StackLike>(shard: F, name: string, tenant: F | undefined): JoinedTenant<F> {
  const problems: Problem[] = [];
  const at = (file: StackLike, path: (string | number)[], message: string, rule: string, key = false) =>
    problems.push({ severity: "error", file: file.path, ...locate(file.parsed, path, key), message, rule });
  const tenantPath = tenantPathOf(name);

  // One source of truth: a policy or catalog in a shard would differ from its siblings' without anyone noticing.
  for (const key of writtenKeys(shard.parsed)) {
    if (!SHARD_KEYS.includes(key)) {
      at(shard, [key], `"${key}" belongs in the tenant file ${tenantPath}, which every shard of tenant "${name}" shares; a shard sets only tenant, guestFiles and deploys: move it there or remove it`, "shardKeys", true);
    }
  }
  if (!tenant) {
    at(shard, ["tenant"], `tenant "${name}" has no file ${tenantPath}; create it with the tenant's tenantId, internalDomains, owners, policy, groups and apps (schemas/stack.schema.json), or fix the name`, "tenantFile");
    // The shard itself stands in, so that nothing reports the stack file as missing too.
    return { stack: shard, problems };
  }
  const written = writtenKeys(tenant.parsed);
  if (written.includes("tenant")) at(tenant, ["tenant"], `a tenant file cannot name another tenant; remove "tenant" from ${tenant.path}`, "tenantFile", true);
  // Each shard selects its own files; a list here would be ignored, and look as if it applied.
  if (written.includes("guestFiles")) at(tenant, ["guestFiles"], `guestFiles belongs in each shard's stack file, not in the tenant file; remove it from ${tenant.path}`, "tenantFile", true);
  // Which stack deploys the guardrails is each shard's own choice; in the tenant file it would speak for all of them.
  if (written.includes("deploys")) at(tenant, ["deploys"], `deploys belongs in a shard's stack file, not in the tenant file: set "deploys: tenantPolicy" (or both) in the one stack that deploys ${tenant.path}'s tenantPolicy, and remove it from ${tenant.path}`, "tenantFile", true);

  const value = tenant.value && ({ ...tenant.value, tenant: name, ...(shard.value?.guestFiles !== undefined && { guestFiles: shard.value.guestFiles }), ...(shard.value?.deploys !== undefined && { deploys: shard.value.deploys }) } as StackFile);
  return { stack: { ...tenant, ...(value && { value }) }, problems };
}

/** The top-level keys as written, before schema defaults filled any in. */
function writtenKeys(parsed: ParsedYaml): string[] {
  if (parsed.text === undefined || parsed.value === undefined) return [];
  const doc = parseDocument(parsed.text, { uniqueKeys: false, logLevel: "silent" });
  if (!isMap(doc.contents)) return [];
  return doc.contents.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
}
