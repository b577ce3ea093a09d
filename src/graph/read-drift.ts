// The I/O of status and drift: reads the catalog's grants, streams the guests through a collector, and
// looks up the declared guests the guest listing did not show (adopted members, say) through $batch.
import type { DesiredState } from "../model/desired-state";
import { buildStatus, type StatusOptions, type StatusReport } from "./build-status";
import { createDriftCollector, type Drift, type DriftCollector } from "./build-drift";
import type { GraphClient } from "./graph-client";
import { buildDeclaredIndex, matchUser, type DeclaredIndex, type MatchedBy } from "./match-guests";
import { lookupUsers, readGrants, readGuests, type TenantGrants, type TenantUser } from "./read-tenant";

/**
 * Guest pages that may wait for the catalog's grants: the guest listing and the grants are read at once,
 * and the first pages of guests are held until the grants are in. Bounded, so memory does not follow
 * the size of the tenant; past it, the listing waits.
 */
export const MAX_WAITING_PAGES = 20;

export async function readDrift(client: GraphClient, states: readonly DesiredState[], allGuests: boolean, maxWaitingPages = MAX_WAITING_PAGES): Promise<Drift & { grants: TenantGrants; index: DeclaredIndex }> {
  const index = buildDeclaredIndex(states);
  let grants: TenantGrants | undefined;
  const reading = readGrants(client, index.groups.map((g) => g.id), index.apps.map((a) => a.id)).then((g) => (grants = g));
  reading.catch(() => undefined);
  const waiting: TenantUser[][] = [];
  const seen = new Set<string>();
  let collector: DriftCollector | undefined;
  const take = (users: readonly TenantUser[]): void => {
    collector ??= createDriftCollector(index, grants!, allGuests);
    for (const user of users) {
      const key = collector.add(user);
      if (key !== undefined) seen.add(key);
    }
  };
  await Promise.all([
    reading,
    readGuests(client, false, async (page) => {
      waiting.push(page);
      if (!grants && waiting.length < maxWaitingPages) return;
      await reading;
      for (const held of waiting.splice(0)) take(held);
    }),
  ]);
  for (const held of waiting.splice(0)) take(held);
  // The guest listing is the whole truth about guests; only adopted accounts, which may have been turned
  // into members, are looked up again by objectId. (By mail would cost a request per missing guest.)
  take((await lookupMissing(client, index, seen, false, false)).filter((u) => !isGuest(u)));
  return { ...(collector ?? createDriftCollector(index, grants!, allGuests)).finish(), grants: grants!, index };
}

export async function readStatus(client: GraphClient, state: DesiredState, options: StatusOptions): Promise<StatusReport> {
  const index = buildDeclaredIndex([state]);
  const users = new Map<string, { user: TenantUser; by: MatchedBy }>();
  const take = (user: TenantUser): void => {
    const match = matchUser(index, user);
    // The first account matched stands; an objectId match beats an address match.
    if (match && (!users.has(match.key) || match.by === "objectId")) users.set(match.key, { user, by: match.by });
  };
  // Only declared guests are kept, so the grants and the guest listing can be read at once.
  const [grants, read] = await Promise.all([readGrants(client, index.groups.map((g) => g.id), index.apps.map((a) => a.id)), readGuests(client, true, (page) => page.forEach(take))]);
  for (const user of await lookupMissing(client, index, new Set(users.keys()), read.signInNote === undefined, true)) take(user);
  return buildStatus(state, index, grants, users, read.signInNote === undefined, options, read.signInNote ? [read.signInNote] : []);
}

/** Declared guests the guest listing did not show, looked up by objectId and by mail. */
async function lookupMissing(client: GraphClient, index: DeclaredIndex, seen: ReadonlySet<string>, signIns: boolean, byMail: boolean): Promise<TenantUser[]> {
  const missing = [...index.byKey.values()].filter((d) => !seen.has(d.guest.key) && d.guest.status !== "gone");
  if (missing.length === 0) return [];
  const ids = missing.flatMap((d) => (d.guest.objectId ? [d.guest.objectId] : []));
  const mails = byMail ? missing.flatMap((d) => (d.guest.objectId ? [] : [d.guest.email])) : [];
  return lookupUsers(client, ids, mails, signIns);
}

function isGuest(user: TenantUser): boolean {
  return user.userType === "Guest";
}
