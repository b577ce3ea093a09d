// The I/O of status and drift: reads the catalog's grants, streams the guests through a collector, and
// looks up the declared guests the guest listing did not show (adopted members, say) through $batch.
import type { DesiredState } from "../model/desired-state";
import { buildStatus, type StatusOptions, type StatusReport } from "./build-status";
import { createDriftCollector, type Drift } from "./build-drift";
import type { GraphClient } from "./graph-client";
import { buildDeclaredIndex, matchUser, type DeclaredIndex, type MatchedBy } from "./match-guests";
import { lookupUsers, readGrants, readGuests, type TenantGrants, type TenantUser } from "./read-tenant";

export async function readDrift(client: GraphClient, states: readonly DesiredState[], allGuests: boolean): Promise<Drift & { grants: TenantGrants; index: DeclaredIndex }> {
  const index = buildDeclaredIndex(states);
  const grants = await readGrants(client, index.groups.map((g) => g.id), index.apps.map((a) => a.id));
  const collector = createDriftCollector(index, grants, allGuests);
  const seen = new Set<string>();
  await readGuests(client, false, (user) => {
    const match = matchUser(index, user);
    if (match) seen.add(match.key);
    collector.add(user);
  });
  for (const user of await lookupMissing(client, index, seen, false)) if (!isGuest(user)) collector.add(user);
  return { ...collector.finish(), grants, index };
}

export async function readStatus(client: GraphClient, state: DesiredState, options: StatusOptions): Promise<StatusReport> {
  const index = buildDeclaredIndex([state]);
  const grants = await readGrants(client, index.groups.map((g) => g.id), index.apps.map((a) => a.id));
  const users = new Map<string, { user: TenantUser; by: MatchedBy }>();
  const take = (user: TenantUser): void => {
    const match = matchUser(index, user);
    // The first account matched stands; an objectId match beats an address match.
    if (match && (!users.has(match.key) || match.by === "objectId")) users.set(match.key, { user, by: match.by });
  };
  const read = await readGuests(client, true, take);
  for (const user of await lookupMissing(client, index, new Set(users.keys()), read.signInNote === undefined)) take(user);
  return buildStatus(state, index, grants, users, read.signInNote === undefined, options, read.signInNote ? [read.signInNote] : []);
}

/** Declared guests the guest listing did not show, looked up by objectId and by mail. */
async function lookupMissing(client: GraphClient, index: DeclaredIndex, seen: ReadonlySet<string>, signIns: boolean): Promise<TenantUser[]> {
  const missing = [...index.byKey.values()].filter((d) => !seen.has(d.guest.key) && d.guest.status !== "gone");
  if (missing.length === 0) return [];
  const ids = missing.flatMap((d) => (d.guest.objectId ? [d.guest.objectId] : []));
  const mails = missing.flatMap((d) => (d.guest.objectId ? [] : [d.guest.email]));
  return lookupUsers(client, ids, mails, signIns);
}

function isGuest(user: TenantUser): boolean {
  return user.userType === "Guest";
}
