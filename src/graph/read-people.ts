// Internal people (sponsors) as the tenant holds them: there and enabled, disabled, or not found (left).
// Read-only: User.Read.All. guestops due, the renewal run and validate --online ask this.
import type { GraphClient } from "./graph-client";
import { PERMISSIONS, quoted } from "./read-tenant";

export type PersonState = "active" | "disabled" | "not-found";

const SELECT = "id,userPrincipalName,mail,accountEnabled,userType";

/**
 * Each address's state, by lower-cased address. An address is looked up as a user principal name
 * (GET /users/{upn}) and as a mail (`mail eq`), in one $batch, since a sponsor's address may be either.
 * A 404 is an answer (not found); any other failure, a refusal included, is thrown.
 */
export async function readPeople(client: GraphClient, addresses: readonly string[]): Promise<Map<string, PersonState>> {
  const unique = [...new Set(addresses.map((a) => a.toLowerCase()))].sort();
  const paths = unique.flatMap((a) => [`/users/${encodeURIComponent(a)}?$select=${SELECT}`, `/users?$filter=${encodeURIComponent(`mail eq ${quoted(a)}`)}&$select=${SELECT}`]);
  const results = await client.batch<Record<string, unknown>>(paths, { needs: { permission: PERMISSIONS.users } });
  const states = new Map<string, PersonState>();
  unique.forEach((address, i) => {
    const users: Record<string, unknown>[] = [];
    for (const r of [results[2 * i]!, results[2 * i + 1]!]) {
      if (!r.ok) {
        if (r.error.status === 404) continue;
        throw r.error;
      }
      const list = Array.isArray(r.value.value) ? (r.value.value as unknown[]) : [r.value];
      for (const u of list) if (typeof u === "object" && u !== null && typeof (u as { id?: unknown }).id === "string") users.push(u as Record<string, unknown>);
    }
    // A guest account with the address is not the internal person; an answer without accountEnabled is not "disabled".
    const people = users.filter((u) => u.userType !== "Guest");
    states.set(address, people.length === 0 ? "not-found" : people.some((u) => u.accountEnabled !== false) ? "active" : "disabled");
  });
  return states;
}
