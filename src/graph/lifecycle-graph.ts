// The Graph writes of GuestLifecycle, behind a narrow interface: read a user, block or allow sign-in,
// list, add and remove sponsors, delete a user, find a sponsor by address. Each request goes through the
// shared sender (graph-send.ts): the read client's retry policy and errors, plus the retries that writes
// to a just-invited user need.
import { parseBaseUrl } from "./graph-client";
import { GraphError } from "./graph-error";
import { createSender, type SendOptions } from "./graph-send";

export interface LifecycleUser {
  id: string;
  accountEnabled: boolean;
  /** "Guest" or "Member"; the lifecycle acts on guests only. */
  userType?: string;
  /** "Invitation" for an account an invitation created; null or absent for others. */
  creationType?: string;
  createdDateTime?: string;
}

export interface LifecycleGraph {
  /** The user, or undefined when Graph says it does not exist (after the consistency window). */
  getUser(id: string): Promise<LifecycleUser | undefined>;
  setAccountEnabled(id: string, enabled: boolean): Promise<void>;
  /** Ids of the user's sponsors. */
  listSponsors(id: string): Promise<string[]>;
  addSponsor(id: string, sponsorId: string): Promise<void>;
  removeSponsor(id: string, sponsorId: string): Promise<void>;
  /** Moves the user to deleted items (restorable for 30 days); false when it was already gone. */
  deleteUser(id: string): Promise<boolean>;
  /** The id of the user whose mail or user principal name is `address`, or undefined. */
  resolveUserByMail(address: string): Promise<string | undefined>;
}

// Application permissions, named in the error when Graph answers 403.
// https://learn.microsoft.com/graph/api/user-update (accountEnabled), .../user-post-sponsors, .../user-delete
export const PERMISSIONS = {
  read: "User.Read.All",
  signIn: "User.EnableDisableAccount.All",
  sponsors: "User.ReadWrite.All",
  delete: "User.DeleteRestore.All",
} as const;

export type LifecycleGraphOptions = SendOptions;

export function createLifecycleGraph(options: LifecycleGraphOptions): LifecycleGraph {
  const root = parseBaseUrl(options.baseUrl);
  const send = createSender(options);

  const user = (id: string) => `/users/${encodeURIComponent(id)}`;

  async function listSponsors(id: string): Promise<string[]> {
    const ids: string[] = [];
    const { body } = await send({ method: "GET", path: `${user(id)}/sponsors?$select=id`, permission: PERMISSIONS.read, consistency: true });
    for (const s of valueOf(body)) if (typeof s?.id === "string") ids.push(s.id);
    return ids;
  }

  return {
    async getUser(id) {
      try {
        const { body } = await send({ method: "GET", path: `${user(id)}?$select=id,accountEnabled,userType,creationType,createdDateTime`, permission: PERMISSIONS.read, consistency: true });
        const u = body as { id?: unknown; accountEnabled?: unknown; userType?: unknown; creationType?: unknown; createdDateTime?: unknown };
        if (typeof u?.id !== "string") throw new GraphError(`GET ${user(id)}`, "Graph's answer has no user id");
        return {
          id: u.id,
          accountEnabled: u.accountEnabled !== false,
          ...(typeof u.userType === "string" && { userType: u.userType }),
          ...(typeof u.creationType === "string" && { creationType: u.creationType }),
          ...(typeof u.createdDateTime === "string" && { createdDateTime: u.createdDateTime }),
        };
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) return undefined;
        throw err;
      }
    },
    async setAccountEnabled(id, enabled) {
      await send({ method: "PATCH", path: user(id), body: { accountEnabled: enabled }, permission: PERMISSIONS.signIn, consistency: true });
    },
    listSponsors,
    async addSponsor(id, sponsorId) {
      const ref = { "@odata.id": `${root.href}/v1.0/users/${encodeURIComponent(sponsorId)}` };
      // Adding a sponsor the user already has is what was asked for, not a failure.
      const done = async () => (await listSponsors(id)).includes(sponsorId);
      await send({ method: "POST", path: `${user(id)}/sponsors/$ref`, body: ref, permission: PERMISSIONS.sponsors, consistency: true, done });
    },
    async removeSponsor(id, sponsorId) {
      // Always through /$ref: without it, a DELETE would act on the sponsor object itself.
      try {
        await send({ method: "DELETE", path: `${user(id)}/sponsors/${encodeURIComponent(sponsorId)}/$ref`, permission: PERMISSIONS.sponsors });
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) return;
        throw err;
      }
    },
    async deleteUser(id) {
      try {
        await send({ method: "DELETE", path: user(id), permission: PERMISSIONS.delete });
        return true;
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) return false;
        throw err;
      }
    },
    async resolveUserByMail(address) {
      const quoted = address.replace(/'/g, "''");
      const { body } = await send({ method: "GET", path: `/users?$filter=${encodeURIComponent(`mail eq '${quoted}'`)}&$select=id`, permission: PERMISSIONS.read });
      const found = valueOf(body).filter((u) => typeof u?.id === "string");
      return found.length === 1 ? (found[0]!.id as string) : undefined;
    },
  };
}

function valueOf(body: unknown): { id?: unknown }[] {
  const value = (body as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) ? (value.filter((v) => typeof v === "object" && v !== null) as { id?: unknown }[]) : [];
}

