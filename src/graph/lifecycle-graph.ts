// The Graph writes of GuestLifecycle, behind a narrow interface: read a user, block or allow sign-in,
// list, add and remove sponsors, delete a user, find a sponsor by address. Plain fetch with the read
// client's retry policy and errors, plus what writes to a just-invited user need: Graph may not see the
// user (404 Request_ResourceNotFound) or accept a reference to it (400 "Not a valid reference update",
// code Request_BadRequest) for a while, so those are retried with backoff for a bounded time.
import { terminal } from "../output/escape";
import { parseBaseUrl, type GraphConnection } from "./graph-client";
import { errorOf, GraphError } from "./graph-error";
import { createWaitBudget, isRetryable, MAX_ATTEMPTS, overBudget, parseRetryAfter, retryDelay } from "./retry-policy";

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

export interface LifecycleGraphOptions extends GraphConnection {
  /** How long a just-invited user's 404 or "Not a valid reference update" is retried: replication takes minutes. */
  consistencyBudgetMs?: number;
  /** Attempts on throttling and server errors before giving up. */
  maxAttempts?: number;
}

export const CONSISTENCY_BUDGET_MS = 5 * 60_000;

interface Send {
  method: "GET" | "PATCH" | "POST" | "DELETE";
  path: string;
  body?: unknown;
  permission: string;
  /** The request touches a user that may have just been invited. */
  consistency?: boolean;
  /** Asked before retrying a 400: whether what the request wants is already so (a sponsor already added). */
  done?: () => Promise<boolean>;
}

export function createLifecycleGraph(options: LifecycleGraphOptions): LifecycleGraph {
  const root = parseBaseUrl(options.baseUrl);
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const budget = options.consistencyBudgetMs ?? CONSISTENCY_BUDGET_MS;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  // Throttling and server errors draw on the same budget as the read client's; replication has its own.
  const waits = options.waitBudget ?? createWaitBudget();

  async function wait(name: string, ms: number, asked: boolean): Promise<void> {
    if (!waits.take(ms)) {
      const { message, hint } = overBudget(ms, waits, asked);
      throw new GraphError(name, message, hint);
    }
    await sleep(ms);
  }

  async function send({ method, path, body, permission, consistency, done }: Send): Promise<{ status: number; body: unknown }> {
    const url = `${root.href}/v1.0${path}`;
    const name = `${method} ${terminal(`/v1.0${path}`)}`;
    const started = now();
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers: { Authorization: `Bearer ${await options.token.token()}`, Accept: "application/json", ...(body !== undefined && { "Content-Type": "application/json" }) },
          ...(body !== undefined && { body: JSON.stringify(body) }),
          redirect: "error",
        });
      } catch (err) {
        if (err instanceof GraphError) throw err;
        if (attempt < maxAttempts) {
          await wait(name, retryDelay(attempt, undefined, random), false);
          continue;
        }
        throw new GraphError(name, `could not reach Graph: ${terminal((err as Error).message)}`, "check the network, and GUESTOPS_GRAPH_URL if set");
      }
      const text = await response.text();
      const parsed = parse(text);
      if (response.ok) return { status: response.status, body: parsed };
      const code = codeOf(parsed);
      // Decided on the status and error.code, never on Graph's wording. 401 and 403 are never retried.
      const unseen = consistency && ((response.status === 404 && code === "Request_ResourceNotFound") || (response.status === 400 && code === "Request_BadRequest"));
      if (unseen && response.status === 400 && done && (await done())) return { status: 204, body: undefined };
      if (unseen && now() - started < budget) {
        await sleep(Math.min(retryDelay(Math.min(attempt, 6), undefined, random) + 1000, budget));
        continue;
      }
      if (isRetryable(response.status) && attempt < maxAttempts) {
        const after = parseRetryAfter(response.headers.get("retry-after"), now());
        await wait(name, retryDelay(attempt, after, random), after !== undefined);
        continue;
      }
      // Every other failure names the request and, on 403, the permission it needs.
      throw errorOf(name, response.status, parsed, { permission });
    }
  }

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

function parse(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function valueOf(body: unknown): { id?: unknown }[] {
  const value = (body as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) ? (value.filter((v) => typeof v === "object" && v !== null) as { id?: unknown }[]) : [];
}

function codeOf(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === "string" ? code : undefined;
}
