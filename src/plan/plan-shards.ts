// The plan of a tenant split into shards: one plan per shard (each is its own Pulumi stack), guests that
// move between shards, and the guards over the whole tenant. Pure: loaded base and head shards in.
//
// A guest moving from shard A to shard B keeps its resources: the same logical names, types and inputs,
// since names come from the address, never from a file or a stack. So the move is a state operation,
// `pulumi state move --source A --dest B <urns>`, run before either stack deploys: the invitation,
// memberships and assignments leave A's state and join B's, and Pulumi's copy of A's provider is matched
// to B's own (same tenantId). Nothing is sent to Graph: no invitation is created (which would invite the
// guest again) and none is destroyed (which could delete the account). Each shard's plan is then exactly
// what its `pulumi up` does after the move: B's base holds the moved guest, A's no longer does.
import { SHARD_KEYS } from "../load/join-tenant";
import type { LoadedFile, LoadResult } from "../load/load-repo";
import type { StackFile } from "../model/stack-schema";
import { buildDesiredState } from "../model/build-desired-state";
import type { DesiredGuest, DesiredState } from "../model/desired-state";
import { resourcesFor, type ResourceType } from "../model/resources-for";
import type { LoadedStack } from "../rules/load-stack";
import { checkTenantGuards, type TenantView } from "./check-guards";
import { policyViewOf } from "./diff-policy";
import { baseAsOfOf, planStacks, type PlanStacksInput } from "./plan-stacks";
import type { Approval, Plan, Refusal, RemovalStats } from "./plan-types";

export interface ShardMove {
  guest: string;
  email: string;
  from: string;
  to: string;
  /** The guest's resources in `from`'s state, which `pulumi state move` hands to `to`. */
  resources: { type: ResourceType; name: string; urn: string }[];
}

export interface TenantPlan {
  tenant: string;
  /** Every shard's plan, or only the one asked for; each carries the tenant's refusals too. */
  plans: Plan[];
  /** Every move between shards, in the order to run them. */
  moves: ShardMove[];
  /** Over every shard of the tenant. */
  removal: RemovalStats;
  /** Every refusal: the tenant's own first, then each shown shard's. */
  refusals: Refusal[];
  /** The refusals of the guards over the whole tenant (each shown plan carries them too). */
  tenantRefusals: Refusal[];
  overridden: Refusal[];
  refused: string | null;
  /**
   * What the approval gate asks of the change: the shown shards' approvals, one entry per `for`, with the
   * guests of every shard that needs it.
   */
  approvals: Approval[];
}

export interface PlanShardsInput extends Omit<PlanStacksInput, "base" | "head" | "baseState" | "moved"> {
  tenant: string;
  /** The base's loads of the tenant's shards (the stacks that named the tenant there). */
  bases: readonly LoadResult[];
  heads: readonly LoadedStack[];
  /** Plan only this shard; the others are still read, for moves and the tenant-wide guards. */
  only?: string;
  /** The Pulumi project name (Pulumi.yaml `name`), for the URNs of moved resources. */
  project: string;
  /** The base's tenant file (tenants/<tenant>.yaml): the policy, catalog and owners a shard new in this change follows. */
  baseTenant?: LoadedFile<StackFile>;
}

export function planShards(input: PlanShardsInput): TenantPlan {
  const { bases, heads } = input;
  const baseStates = new Map<string, DesiredState>();
  for (const b of bases) if (b.stack) baseStates.set(b.stackName, buildDesiredState(b, baseAsOfOf({ ...input, base: b })));
  const headShard = new Map<string, string>();
  for (const h of heads) for (const g of h.desired.guests) if (!headShard.has(g.key)) headShard.set(g.key, h.load.stackName);

  // A guest with resources in one shard's base, declared in another shard's head, moves.
  const moves: ShardMove[] = [];
  const movedIn = new Map<string, { guest: DesiredGuest; state: DesiredState; from: string }[]>();
  const movedOut = new Set<string>();
  for (const [from, state] of baseStates) {
    for (const guest of state.guests) {
      const to = headShard.get(guest.key);
      if (guest.status === "gone" || to === undefined || to === from) continue;
      movedOut.add(guest.key);
      movedIn.set(to, [...(movedIn.get(to) ?? []), { guest, state, from }]);
      const resources = resourcesFor({ ...state, guests: [guest] })
        .filter((r) => r.guest === guest.key)
        .map((r) => ({ type: r.type, name: r.name, urn: `urn:pulumi:${from}::${input.project}::${r.type}::${r.name}` }));
      moves.push({ guest: guest.key, email: guest.email, from, to, resources });
    }
  }

  // Partner domains are the tenant's: each shard's policy diff sees what its siblings hold.
  const domainsOf = (load: LoadResult) => policyViewOf(load).partners.flatMap((p) => p.domains);
  const siblingsOf = (name: string) => ({
    base: bases.filter((b) => b.stackName !== name).flatMap(domainsOf),
    head: heads.filter((h) => h.load.stackName !== name).flatMap((h) => domainsOf(h.load)),
  });

  const plans = heads.map((head) => {
    const name = head.load.stackName;
    const known = bases.find((b) => b.stackName === name);
    // people.yaml and Pulumi.yaml are the repository's: a shard new in this change still has the base's.
    const base = known ?? emptyLoad(head.load, bases[0]);
    // A new shard was never deployed, but it joins a tenant whose policy and owners the base already has:
    // those owners approve it, and its policy changes are only what the change writes (the shard's file).
    const basePolicy = known === undefined && input.baseTenant ? policyViewOf({ ...base, stack: tenantAsShard(input.baseTenant) }) : undefined;
    const own = baseStates.get(name);
    const arriving = movedIn.get(name) ?? [];
    const staying = own?.guests.filter((g) => !movedOut.has(g.key)) ?? [];
    // A shard's base after the moves: what its Pulumi state holds when its deploy starts.
    const template = own ?? arriving[0]?.state;
    const changed = arriving.length > 0 || (own !== undefined && staying.length !== own.guests.length);
    const baseState = changed && template ? { ...template, stack: name, guests: [...staying, ...arriving.map((x) => x.guest)].sort((x, y) => (x.key < y.key ? -1 : 1)) } : undefined;
    const { removedStacks: _judgedOnce, ...each } = input;
    return planStacks({
      ...each,
      base,
      head,
      ...(baseState && { baseState }),
      ...(basePolicy && { basePolicy }),
      siblingDomains: siblingsOf(name),
      ...(arriving.length > 0 && { moved: new Map(arriving.map((a) => [a.guest.key, a.from])) }),
    });
  });

  const dropped = [...baseStates]
    .filter(([name]) => !heads.some((h) => h.load.stackName === name))
    .map(([shard, state]) => ({ shard, guests: state.guests.filter((g) => g.status !== "gone" && !movedOut.has(g.key)).length }));
  const removal = sumRemoval(plans.map((p) => p.guards.removal), dropped);
  const view: TenantView = { tenant: input.tenant, shards: new Set([...heads.map((h) => h.load.stackName), ...baseStates.keys()]).size, removal, dropped, ...(input.removedStacks && { removedStacks: input.removedStacks }) };
  const tenantGuards = checkTenantGuards(view, { allowMassRemoval: input.allowMassRemoval === true, allowStackRemoval: input.allowStackRemoval === true });

  const shown = input.only === undefined ? plans : plans.filter((p) => p.stack === input.only);
  const judged = shown.map((p) => withTenantGuards(p, tenantGuards));
  const refusals = [...tenantGuards.refusals, ...judged.flatMap((p) => p.guards.refusals.filter((r) => !tenantGuards.refusals.includes(r)))];
  return {
    tenant: input.tenant,
    plans: judged,
    moves: input.only === undefined ? moves : moves.filter((m) => m.from === input.only || m.to === input.only),
    removal,
    refusals,
    tenantRefusals: tenantGuards.refusals,
    overridden: [...tenantGuards.overridden, ...judged.flatMap((p) => p.guards.overridden.filter((r) => !tenantGuards.overridden.includes(r)))],
    refused: refusals.length > 0 ? refusals.map((r) => r.message).join("; ") : null,
    approvals: mergeApprovals(judged.map((p) => p.approvals)),
  };
}

/**
 * Each shard's approvals as one list, one entry per `for`. Every shard reads the same base catalog, so
 * their `anyOf` agree; were they ever to differ, only an address that satisfies every shard counts.
 */
export function mergeApprovals(lists: readonly (readonly Approval[])[]): Approval[] {
  const byFor = new Map<string, Approval>();
  for (const list of lists) {
    for (const a of list) {
      const seen = byFor.get(a.for);
      if (!seen) {
        byFor.set(a.for, { ...a, anyOf: [...a.anyOf], ...(a.fallback && { fallback: [...a.fallback] }), ...(a.guests && { guests: [...a.guests] }) });
        continue;
      }
      const common = (mine: readonly string[], theirs: readonly string[]) => {
        const other = new Set(theirs.map((x) => x.toLowerCase()));
        return mine.filter((x) => other.has(x.toLowerCase()));
      };
      seen.anyOf = common(seen.anyOf, a.anyOf);
      if (seen.fallback || a.fallback) seen.fallback = common(seen.fallback ?? [], a.fallback ?? []);
      if (a.guests) seen.guests = [...new Set([...(seen.guests ?? []), ...a.guests])].sort();
    }
  }
  return [...byFor.values()].sort((a, b) => (a.for < b.for ? -1 : a.for > b.for ? 1 : 0));
}

/** Each shard's removal counts summed; a dropped shard's guests count as managed and removed. */
function sumRemoval(stats: readonly RemovalStats[], dropped: readonly { guests: number }[]): RemovalStats {
  const removed = stats.reduce((n, s) => n + s.guests.removed, 0) + dropped.reduce((n, d) => n + d.guests, 0);
  const managed = stats.reduce((n, s) => n + s.guests.managed, 0) + dropped.reduce((n, d) => n + d.guests, 0);
  const deleted = stats.reduce((n, s) => n + s.grants.deleted, 0);
  const total = stats.reduce((n, s) => n + s.grants.total, 0);
  return {
    limit: stats.length > 0 ? Math.min(...stats.map((s) => s.limit)) : 0.25,
    guests: { removed, managed, share: managed > 0 ? removed / managed : 0 },
    grants: { deleted, total, share: total > 0 ? deleted / total : 0 },
  };
}

function withTenantGuards(plan: Plan, tenant: { refusals: Refusal[]; overridden: Refusal[] }): Plan {
  if (tenant.refusals.length === 0 && tenant.overridden.length === 0) return plan;
  const refusals = [...plan.guards.refusals, ...tenant.refusals];
  return {
    ...plan,
    guards: { ...plan.guards, refusals, overridden: [...plan.guards.overridden, ...tenant.overridden] },
    refused: refusals.length > 0 ? refusals.map((r) => r.message).join("; ") : null,
  };
}

/** The tenant file as a shard that sets nothing of its own: the keys a shard writes are the new shard's change. */
function tenantAsShard(file: LoadedFile<StackFile>): LoadedFile<StackFile> {
  if (!file.value) return file;
  const value = Object.fromEntries(Object.entries(file.value).filter(([key]) => !SHARD_KEYS.includes(key))) as StackFile;
  return { ...file, value };
}

/** A shard the base does not have yet. */
function emptyLoad(head: LoadResult, sibling: LoadResult | undefined): LoadResult {
  const shared = { ...(sibling?.people && { people: sibling.people }), ...(sibling?.project && { project: sibling.project }) };
  return { stackName: head.stackName, stackPath: head.stackPath, pulumiPath: head.pulumiPath, guestFiles: [], ...shared, guestPatterns: [], unselected: [], problems: [] };
}
