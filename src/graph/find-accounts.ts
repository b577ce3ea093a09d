// Which accounts of the tenant an address already belongs to, for the deploy's check before it invites
// anyone. Thin I/O edge over the read client (its retries, paging and $batch): three default queries per
// address, none of them an advanced query, so the answer is not the eventually consistent index's.
// https://learn.microsoft.com/graph/aad-advanced-queries: `eq` on mail, `any(... eq ...)` on otherMails
// and `startsWith` on userPrincipalName all work by default.
import type { GraphClient } from "./graph-client";
import { PERMISSIONS, quoted, type TenantUser } from "./read-tenant";

/** An account an address belongs to, and which of its properties holds the address. */
export interface AccountMatch {
  user: TenantUser;
  by: "mail" | "otherMails" | "userPrincipalName";
}

const FIELDS = "id,mail,otherMails,userPrincipalName,userType,creationType,createdDateTime,externalUserState";

/**
 * The accounts that hold each address (lower case in, keys lower case out): as mail, as another mail, or
 * in a guest's `#EXT#` user principal name (`ana_fabrikam.com#EXT#@…`). An address with no account is
 * absent from the map. Any refusal or failure throws: the caller must not take "unreadable" for "none".
 */
export async function findAccounts(client: GraphClient, addresses: readonly string[]): Promise<Map<string, AccountMatch[]>> {
  const queries = addresses.flatMap((address) => queriesFor(address).map((q) => ({ address, ...q })));
  const paths = queries.map((q) => `/users?$filter=${encodeURIComponent(q.filter)}&$select=${FIELDS}&$top=999`);
  const results = await client.batch<{ value?: unknown; "@odata.nextLink"?: unknown }>(paths, { needs: { permission: PERMISSIONS.users } });
  const found = new Map<string, AccountMatch[]>();
  for (let i = 0; i < queries.length; i++) {
    const { address, by } = queries[i]!;
    const result = results[i]!;
    if (!result.ok) throw result.error;
    let users = usersOf(result.value.value);
    // One page is enough to know an account exists; an empty page that still links on is read whole.
    if (users.length === 0 && result.value["@odata.nextLink"] !== undefined) {
      for await (const page of client.pages<TenantUser>(paths[i]!, { needs: { permission: PERMISSIONS.users } })) users = [...users, ...usersOf(page)];
    }
    if (users.length === 0) continue;
    const matches = found.get(address) ?? [];
    for (const user of users) if (!matches.some((m) => m.user.id === user.id)) matches.push({ user, by });
    found.set(address, matches);
  }
  return found;
}

function queriesFor(address: string): { by: AccountMatch["by"]; filter: string }[] {
  const queries: { by: AccountMatch["by"]; filter: string }[] = [
    { by: "mail", filter: `mail eq ${quoted(address)}` },
    { by: "otherMails", filter: `otherMails/any(m:m eq ${quoted(address)})` },
  ];
  // The invitation names a guest after the address, its last "@" made "_", then #EXT#@ and the tenant's domain.
  const at = address.lastIndexOf("@");
  if (at > 0) queries.push({ by: "userPrincipalName", filter: `startswith(userPrincipalName,${quoted(`${address.slice(0, at)}_${address.slice(at + 1)}#EXT#@`)})` });
  return queries;
}

function usersOf(value: unknown): TenantUser[] {
  if (!Array.isArray(value)) return [];
  return value.filter((u): u is TenantUser => typeof u === "object" && u !== null && typeof (u as { id?: unknown }).id === "string");
}
