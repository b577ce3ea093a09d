// Rules that span the shards of one tenant. Each shard is its own Pulumi stack; two stacks that declare
// one address would each manage an invitation and memberships of the same account, and a guest file read
// by two shards would do that for every guest in it. Pure: the shards' loads in, each shard's problems out.
import type { LoadResult } from "../load/load-repo";
import { locate } from "../load/parse-yaml";
import type { Problem } from "../model/problem";
import { deploysGuests, deploysOf, deploysTenantPolicy } from "../model/tenant-policy";
import { quote } from "../model/words";
import type { GuestEntry } from "./rule";
import { guestEntries } from "./validate-repo";

export interface ShardCheck {
  /** Problems by stack name; the same problem may belong to two shards (it names both places). */
  problems: Map<string, Problem[]>;
  /** Each load with its `unselected` files narrowed to those no sibling selects. */
  loads: LoadResult[];
}

type ShardRule = (shards: readonly LoadResult[], report: (stack: string, problem: Problem) => void) => void;

// A guest file belongs to exactly one shard: otherwise each of its guests is declared by two stacks.
export const fileInOneShard: ShardRule = (shards, report) => {
  const readers = new Map<string, LoadResult[]>();
  for (const s of guestShards(shards)) for (const f of s.guestFiles) readers.set(f.path, [...(readers.get(f.path) ?? []), s]);
  for (const [path, list] of readers) {
    if (list.length < 2) continue;
    const names = list.map((s) => `"${s.stackName}" (${s.stackPath})`).join(" and ");
    const message = `${path} is selected by shards ${names} of tenant "${list[0]!.tenant}"; a guest file belongs to exactly one shard: narrow the guestFiles of all but one of them`;
    for (const s of list) report(s.stackName, { severity: "error", file: path, line: 1, column: 1, message, rule: "fileInOneShard" });
  }
};

/** A rule that one value of each entry (its address, its objectId) belongs to one shard only. */
function inOneShard(rule: string, field: "email" | "objectId", words: (value: string, shard: string, where: string) => string): ShardRule {
  return (shards, report) => {
    const readers = new Map<string, number>();
    for (const s of guestShards(shards)) for (const f of s.guestFiles) readers.set(f.path, (readers.get(f.path) ?? 0) + 1);
    const shared = new Set([...readers].filter(([, n]) => n > 1).map(([path]) => path));
    const first = new Map<string, { shard: LoadResult; entry: GuestEntry; value: string }[]>();
    for (const shard of guestShards(shards)) {
      const seen = new Set<string>();
      for (const entry of guestEntries(shard)) {
        const value = field === "email" ? entry.email : typeof entry.guest.objectId === "string" ? entry.guest.objectId : undefined;
        // A file in two shards is reported once, as a file; its entries would only echo it.
        if (value === undefined || shared.has(entry.file.path)) continue;
        const key = value.toLowerCase();
        if (seen.has(key)) continue; // a duplicate within one shard is that shard's own rules' to report
        seen.add(key);
        const list = first.get(key);
        if (list) list.push({ shard, entry, value });
        else first.set(key, [{ shard, entry, value }]);
      }
    }
    for (const list of first.values()) {
      if (list.length < 2) continue;
      for (const here of list) {
        const other = list.find((o) => o.shard !== here.shard)!;
        const where = `${other.entry.file.path}:${place(other.entry, field)}`;
        report(here.shard.stackName, { severity: "error", file: here.entry.file.path, ...locate(here.entry.file.parsed, [...here.entry.path, field]), message: words(here.value, other.shard.stackName, where), rule });
      }
    }
  };
}

// An address belongs to one shard only: two stacks managing one account would fight over it, and the one
// that drops it would remove access the other grants.
export const addressInOneShard = inOneShard(
  "addressInOneShard",
  "email",
  (email, shard, where) => `email ${quote(email)} is also declared in shard "${shard}" at ${where}; an address belongs to one shard only (each shard is its own Pulumi stack): keep one entry, in the shard that should manage the guest`,
);

// An adopted account belongs to one shard only: otherwise one shard could block or delete the account
// another still grants access to.
export const objectIdInOneShard = inOneShard(
  "objectIdInOneShard",
  "objectId",
  (id, shard, where) => `objectId ${id} is also adopted in shard "${shard}" at ${where}; one account belongs to one entry in one shard: keep one of them`,
);

/** The shards that deploy guests: a stack of tenant policy alone reads partner files, and deploys none of their guests. */
function guestShards(shards: readonly LoadResult[]): LoadResult[] {
  return shards.filter((s) => deploysGuests(s.stack?.value));
}

// One tenant file's guardrails have one deployer: two stacks would each write, and each restore on
// delete, the same tenant settings; none would leave them looking deployed when they are not.
export const tenantPolicyInOneStack: ShardRule = (shards, report) => {
  const tenantFile = shards.find((s) => s.stack && s.stack !== s.shardFile)?.stack;
  if (!tenantFile || typeof tenantFile.value?.tenantPolicy !== "object" || tenantFile.value.tenantPolicy === null) return;
  const deployers = shards.filter((s) => deploysTenantPolicy(s.shardFile?.value));
  if (deployers.length === 1) return;
  if (deployers.length === 0) {
    const message = `tenantPolicy in ${tenantFile.path} is deployed by no stack: every shard of tenant "${shards[0]!.tenant}" deploys only guests. Set "deploys: both" in one shard, or add a stack of its own (stacks/<name>.yaml with "tenant: ${shards[0]!.tenant}", "deploys: tenantPolicy" and guestFiles reading every partner file; docs/guardrails.md)`;
    for (const s of shards) report(s.stackName, { severity: "error", file: tenantFile.path, ...locate(tenantFile.parsed, ["tenantPolicy"], true), message, rule: "tenantPolicyInOneStack" });
    return;
  }
  const names = deployers.map((s) => `"${s.stackName}"`).join(", ");
  for (const s of deployers) {
    const file = s.shardFile!;
    report(s.stackName, {
      severity: "error",
      file: file.path,
      ...locate(file.parsed, ["deploys"]),
      message: `deploys: ${deploysOf(file.value)}, but shards ${names} all deploy ${tenantFile.path}'s tenantPolicy; exactly one stack deploys it: set "deploys: guests" in all but one`,
      rule: "tenantPolicyInOneStack",
    });
  }
};

// The stack that deploys the guardrails builds the domain list and the partner configurations from the
// partner files it reads: one it misses would lose its partner's trust, or block its guests' domain.
export const tenantPolicyReadsEveryPartner: ShardRule = (shards, report) => {
  const deployers = shards.filter((s) => deploysTenantPolicy(s.shardFile?.value));
  if (deployers.length !== 1) return;
  const deployer = deployers[0]!;
  if (typeof deployer.stack?.value?.tenantPolicy !== "object") return;
  const read = new Set(deployer.guestFiles.map((f) => f.path));
  for (const s of shards) {
    if (s === deployer) continue;
    for (const f of s.guestFiles) {
      if (read.has(f.path)) continue;
      read.add(f.path);
      const message = `${f.path} (shard "${s.stackName}") is not read by "${deployer.stackName}", the stack that deploys the tenant's tenantPolicy, so its tenantIds, crossTenant and domains would be left out of the guardrails; widen the guestFiles of ${deployer.stackPath} to read every partner file`;
      report(deployer.stackName, { severity: "error", file: deployer.shardFile?.path ?? deployer.stackPath, ...locate(deployer.shardFile!.parsed, ["guestFiles"]), message, rule: "tenantPolicyReadsEveryPartner" });
    }
  }
};

export const shardRules: readonly ShardRule[] = [fileInOneShard, addressInOneShard, objectIdInOneShard, tenantPolicyInOneStack, tenantPolicyReadsEveryPartner];

export function checkShards(shards: readonly LoadResult[]): ShardCheck {
  const problems = new Map<string, Problem[]>(shards.map((s) => [s.stackName, []]));
  for (const rule of shardRules) rule(shards, (stack, p) => problems.get(stack)!.push(p));
  // A file a sibling selects is read, by that sibling: it is not "unselected" for the tenant.
  // A file no shard reads is reported once, by the first shard that sees it.
  const selected = new Set(shards.flatMap((s) => s.guestFiles.map((f) => f.path)));
  const told = new Set<string>();
  const loads = shards.map((s) => {
    const unselected = s.unselected.filter((p) => !selected.has(p) && !told.has(p));
    for (const p of unselected) told.add(p);
    return unselected.length === s.unselected.length ? s : { ...s, unselected };
  });
  return { problems, loads };
}

function place(e: GuestEntry, field: "email" | "objectId" = "email"): string {
  const { line, column } = locate(e.file.parsed, [...e.path, field]);
  return `${line}:${column}`;
}

/** The validations of several shards as one: a problem in the shared tenant file, or one naming two shards, once. */
export function mergeValidations(validations: readonly { errors: Problem[]; warnings: Problem[] }[]): { errors: Problem[]; warnings: Problem[] } {
  const seen = new Set<string>();
  const once = (p: Problem) => {
    const id = `${p.file}\0${p.line}\0${p.column}\0${p.rule}\0${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  const sorted = (list: Problem[]) => list.filter(once).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { errors: sorted(validations.flatMap((v) => v.errors)), warnings: sorted(validations.flatMap((v) => v.warnings)) };
}
