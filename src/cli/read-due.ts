// What guestops due and guestops renewals share: the due guests of a stack, with, when asked, what the
// read-only Graph identity sees of each guest (status's own reading) and of each sponsor.
import { DEFAULT_STATUS_OPTIONS } from "../graph/build-status";
import { readPeople } from "../graph/read-people";
import { readStatus } from "../graph/read-drift";
import { buildDue, type DueReport, type GuestFacts, type OnlineFacts } from "../renewals/build-due";
import { connectGraph, readingCatalog, type TenantLoad } from "./graph-session";
import type { CommandContext } from "./context";

export async function readDue(ctx: CommandContext, tenant: TenantLoad, within: number, online: false | { "graph-url"?: string; credential?: string }): Promise<DueReport | number> {
  const stack = tenant.load.stack?.value ?? {};
  const offline = buildDue(tenant.state, stack, { within });
  if (!online) return offline;
  const client = connectGraph(online, ctx, tenant);
  const keys = new Set(offline.sponsors.flatMap((s) => s.guests.map((g) => g.key)));
  const sponsors = offline.sponsors.flatMap((s) => (s.sponsor !== null ? [s.sponsor] : []));
  const read = await readingCatalog(ctx, tenant, () => Promise.all([readStatus(client, tenant.state, DEFAULT_STATUS_OPTIONS), readPeople(client, sponsors)]));
  if (typeof read === "number") return read;
  const [status, people] = read;
  const guests = new Map<string, GuestFacts>();
  for (const row of status.guests) {
    const key = row.email.toLowerCase();
    if (!keys.has(key)) continue;
    guests.set(key, { found: row.found, ...(row.lastSignIn !== undefined && { lastSignIn: row.lastSignIn }), ...(row.found && { externalUserState: row.externalUserState ?? null }) });
  }
  const facts: OnlineFacts = { guests, sponsors: people, notes: status.notes };
  return buildDue(tenant.state, stack, { within, online: facts });
}
