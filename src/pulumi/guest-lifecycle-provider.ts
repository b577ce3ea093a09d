// GuestLifecycle's dynamic provider: what `pulumi up` does to a guest's account beyond the invitation.
// create and update record the declared sponsors and set accountEnabled, reading first so that a re-run
// writes nothing; diff reports real changes only, always in place; delete is the single place guestops
// deletes an account. Pulumi does not serialize this module: the state holds the shim in
// guest-lifecycle-shim.ts, which loads it in the provider host (through load-guest-lifecycle.js) with the
// tenant and cloud; credentials are read from the host's environment when a method runs.
import type * as pulumi from "@pulumi/pulumi";
import type { GraphConnection } from "../graph/graph-client";
import { graphUrlOf, type Cloud } from "../graph/graph-endpoint";
import { createLifecycleGraph, type LifecycleGraph, type LifecycleUser } from "../graph/lifecycle-graph";
import { chooseTokenSource } from "../graph/read-token";
import { createWaitBudget, maxWaitOf, type WaitBudget } from "../graph/retry-policy";
import { lifecycleDeletesAccount } from "../model/resource-types";
import { terminal } from "../output/escape";

/** Where `userId` comes from: the invitation's returned user id, or an adopted entry's objectId. */
export type AccountFrom = "invitation" | "objectId";

/** GuestLifecycle's inputs (src/model/resources-for.ts); an absent one is left alone in the tenant. */
export interface LifecycleInputs {
  userId: string;
  /** Absent in a state written before it was recorded: then no account is proven the lifecycle's. */
  accountFrom?: AccountFrom;
  accountEnabled?: boolean;
  /** Lower-cased addresses of the declared sponsors. */
  sponsors?: string[];
  deleteOnRemoval: boolean;
}

/**
 * The account as this resource saw it when it first set its sign-in: a guest that the invitation created
 * (creationType Invitation) or that an entry adopted by objectId (which a stack owner approved). Sign-in is
 * set, and the account deleted, only when this proves that `userId` is that account.
 */
export interface SeenAccount {
  userId: string;
  from: AccountFrom;
  creationType: string | null;
  createdDateTime: string | null;
}

/** What the state keeps: the inputs, the sponsors' ids as resolved at the last deploy, and the account seen. */
export interface LifecycleOutputs extends LifecycleInputs {
  sponsorIds?: string[];
  seen?: SeenAccount;
}

export interface ProviderSettings {
  tenantId: string;
  cloud: Cloud;
}

/** How the provider reaches Graph; tests pass one that points at the loopback double. */
export type Connect = (settings: ProviderSettings) => LifecycleGraph;

/**
 * Credentials and endpoint from the environment of the deploy (GUESTOPS_CREDENTIAL, AZURE_*, GUESTOPS_GRAPH_URL ...):
 * the same for the program's read before it invites anyone and for the lifecycle's writes.
 */
export function connectionFromEnvironment(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): GraphConnection {
  const baseUrl = graphUrlOf(undefined, env, settings.cloud);
  return { baseUrl, token: chooseTokenSource({ env, tenantId: settings.tenantId, cloud: settings.cloud, resource: baseUrl }), waitBudget: deployWaits(env) };
}

export function connectFromEnvironment(settings: ProviderSettings): LifecycleGraph {
  return createLifecycleGraph(connectionFromEnvironment(settings));
}

// One budget for the whole deploy: every guest's lifecycle draws on it, and so does the read before
// anyone is invited, so a throttled Graph cannot make a deploy wait the budget once per guest.
let waits: WaitBudget | undefined;
function deployWaits(env: NodeJS.ProcessEnv): WaitBudget {
  if (!waits) {
    const max = maxWaitOf(env);
    if ("error" in max) throw new LifecycleError(max.error);
    waits = createWaitBudget(max.ms);
  }
  return waits;
}

export class LifecycleError extends Error {
  override name = "LifecycleError";
}

export function lifecycleProvider(settings: ProviderSettings, connect: Connect = connectFromEnvironment): pulumi.dynamic.ResourceProvider<LifecycleInputs, LifecycleOutputs> {
  return {
    async diff(_id, olds, news) {
      const changed = changedInputs(olds, news);
      // A state that does not yet show the account seen is updated once, in place, to record it.
      const unseen = news.accountEnabled !== undefined && !proves(olds.seen, news);
      // Every input updates in place: a replacement would run delete, the one path that deletes accounts.
      return { changes: changed.length > 0 || unseen, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs) {
      const outs = await applyLifecycle(connect(settings), inputs);
      return { id: inputs.userId, outs };
    },
    async update(_id, olds, news) {
      return { outs: await applyLifecycle(connect(settings), news, olds.seen) };
    },
    async delete(_id, props) {
      // Only under onRemoval: delete, and only an account whose sign-in this resource blocked: it
      // expired, and the program dropped it once the grace period was over. Otherwise the account stays.
      if (!lifecycleDeletesAccount(props)) return;
      // Nor an account the state does not show this resource saw invited or adopted: it stays, blocked.
      if (!proves(props.seen, props)) return;
      const graph = connect(settings);
      const user = await graph.getUser(props.userId);
      // Someone enabled it again by hand since: that is a decision this resource does not overrule.
      if (!user || user.accountEnabled) return;
      refuseMember(user);
      await graph.deleteUser(props.userId);
    },
  };
}

/**
 * An adopted objectId cannot be checked offline: one that names a member (an employee) would have the
 * lifecycle block or delete them. Their sign-in and account are never the lifecycle's to touch. Fails
 * closed: an answer without a userType (absent or null) does not show a guest, so it is refused too.
 */
function refuseMember(user: { id: string; userType?: string }): void {
  if (user.userType === "Guest") return;
  const what = user.userType === undefined ? "has no userType in Graph's answer, so it is not known to be a guest" : `is a ${terminal(user.userType)}, not a guest`;
  throw new LifecycleError(`user ${terminal(user.id)} ${what}; guestops blocks or deletes only guests. Check the objectId in the guest's entry: it must be the guest user's own id`);
}

/** The inputs whose value differs; sponsors compare as sets of addresses. */
export function changedInputs(olds: Partial<LifecycleOutputs>, news: LifecycleInputs): string[] {
  const changed: string[] = [];
  if (olds.userId !== news.userId) changed.push("userId");
  if (olds.accountFrom !== news.accountFrom) changed.push("accountFrom");
  if (olds.accountEnabled !== news.accountEnabled) changed.push("accountEnabled");
  if (olds.deleteOnRemoval !== news.deleteOnRemoval) changed.push("deleteOnRemoval");
  const set = (v: string[] | undefined) => (v === undefined ? undefined : [...new Set(v.map((s) => s.toLowerCase()))].sort().join(","));
  if (set(olds.sponsors) !== set(news.sponsors)) changed.push("sponsors");
  return changed;
}

/**
 * Brings the account to the inputs, writing only what differs, so a re-run is a no-op. `seen` is what the
 * state recorded before; when it does not prove `userId`, the account is seen (read) again.
 */
export async function applyLifecycle(graph: LifecycleGraph, inputs: LifecycleInputs, seen?: SeenAccount): Promise<LifecycleOutputs> {
  const outs: LifecycleOutputs = { ...inputs };
  let user: LifecycleUser | undefined;
  if (inputs.accountEnabled !== undefined) {
    user = await graph.getUser(inputs.userId);
    if (!user) throw new LifecycleError(`user ${inputs.userId} does not exist in the tenant (Graph answers 404 after retrying); if the account was deleted, restore it (docs/lifecycle.md) or remove objectId from the guest's entry`);
    const proof = proves(seen, inputs) ? seen : seenOf(user, inputs);
    if (proof) outs.seen = proof;
    // Refused before anything is written: sign-in is set only on a guest this resource saw invited or adopted.
    if (user.accountEnabled !== inputs.accountEnabled) {
      refuseMember(user);
      if (!proof) throw unproven(user);
    }
  }
  if (inputs.sponsors !== undefined) outs.sponsorIds = await setSponsors(graph, inputs.userId, inputs.sponsors);
  if (user && inputs.accountEnabled !== undefined && user.accountEnabled !== inputs.accountEnabled) await graph.setAccountEnabled(inputs.userId, inputs.accountEnabled);
  return outs;
}

/** Whether what the state saw is this resource's account, from the source the inputs name. */
function proves(seen: SeenAccount | undefined, inputs: Pick<LifecycleInputs, "userId" | "accountFrom">): seen is SeenAccount {
  return seen !== undefined && seen.userId === inputs.userId && seen.from === inputs.accountFrom;
}

/**
 * The account is this resource's when a stack owner adopted it by objectId, or when the invitation created
 * it (creationType Invitation): an invitation to an address that already had another kind of account
 * returns that account, which is not the stack's to manage.
 */
function seenOf(user: LifecycleUser, inputs: LifecycleInputs): SeenAccount | undefined {
  if (user.userType !== "Guest") return undefined;
  if (inputs.accountFrom !== "objectId" && !(inputs.accountFrom === "invitation" && user.creationType === "Invitation")) return undefined;
  return { userId: inputs.userId, from: inputs.accountFrom, creationType: user.creationType ?? null, createdDateTime: user.createdDateTime ?? null };
}

function unproven(user: LifecycleUser): LifecycleError {
  const kind = user.creationType === undefined ? "no creationType" : `creationType ${terminal(user.creationType)}`;
  return new LifecycleError(
    `user ${terminal(user.id)} was not seen invited or adopted by this stack (the account has ${kind}, not one an invitation created); guestops sets sign-in only on such accounts. ` +
      "If the stack should manage it, adopt it: set objectId in the guest's entry to the account's id (adopting needs a stack owner's approval)",
  );
}

/** Adds the declared sponsors the user lacks and removes the others; returns the declared sponsors' ids. */
async function setSponsors(graph: LifecycleGraph, userId: string, addresses: readonly string[]): Promise<string[]> {
  const wanted: string[] = [];
  for (const address of addresses) {
    const id = await graph.resolveUserByMail(address);
    if (!id) throw new LifecycleError(`sponsor ${JSON.stringify(address)} is not a user of the tenant (no user has that mail address); correct the sponsor in the guest's entry, or create that user first`);
    if (!wanted.includes(id)) wanted.push(id);
  }
  const current = await graph.listSponsors(userId);
  for (const id of wanted) if (!current.includes(id)) await graph.addSponsor(userId, id);
  for (const id of current) if (!wanted.includes(id)) await graph.removeSponsor(userId, id);
  return wanted;
}
