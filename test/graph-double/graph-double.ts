// A Microsoft Graph test double: a real HTTP server on 127.0.0.1 (a random port) serving the v1.0
// endpoints guestops reads, with absolute nextLinks, $batch, and failures on demand: 429 with
// Retry-After, 404 just after a create, 403 for a missing permission or licence, and raw bodies.
// The tenant's guardrails (policies, cross-tenant access, the beta domain list, Conditional Access) are
// served by tenant-policies.ts.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DoubleTenant, DoubleUser } from "./tenant";
import { freshTenantPolicies, POLICY_PERMISSIONS, servePolicies, type PolicyContext } from "./tenant-policies";

export const ALL_PERMISSIONS = ["User.Read.All", "AuditLog.Read.All", "GroupMember.Read.All", "Application.Read.All", "User.ReadWrite.All", ...Object.values(POLICY_PERMISSIONS)];

export interface Fault {
  method?: string;
  /** Matched against the decoded path and query below /v1.0, such as "/users?$filter=…"; beta paths start with /beta. */
  path: RegExp;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** A body sent as it is, such as HTML or cut-short JSON. */
  raw?: string;
  contentType?: string;
  /** Changes a successful answer instead of replacing it (a nextLink to elsewhere, say). */
  transform?: (body: Record<string, unknown>, double: GraphDouble) => Record<string, unknown>;
  /** How many matching requests it hits; default 1. */
  times?: number;
}

export interface DoubleOptions {
  permissions?: readonly string[];
  /** Without P1, selecting signInActivity answers 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant. */
  premium?: boolean;
  /** Page size when $top is not given. */
  defaultPage?: number;
  port?: number;
  /** Reads by id of a just-created partner configuration, domain list or Conditional Access policy that answer 404. */
  policyMisses?: number;
}

export interface GraphDouble {
  url: string;
  token: string;
  tenant: DoubleTenant;
  /** HTTP requests served, $batch counted once. */
  requests: number;
  /** Paths requested, sub-requests of a $batch included, for tests to assert on. */
  log: string[];
  inject(fault: Fault): void;
  /** Adds a user that answers 404 to the next `misses` reads, as a just-created user does. */
  create(user: DoubleUser, misses?: number): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function startGraphDouble(tenant: DoubleTenant, options: DoubleOptions = {}): Promise<GraphDouble> {
  const permissions = new Set(options.permissions ?? ALL_PERMISSIONS);
  const premium = options.premium ?? true;
  const faults: (Fault & { left: number })[] = [];
  const notYet = new Map<string, number>();
  const usersById = new Map(tenant.users.map((u) => [u.id, u]));
  const token = fakeJwt(tenant.tenantId);
  const policies = (tenant.policies ??= freshTenantPolicies());
  let created = 0;
  let base = "";

  const double: GraphDouble = {
    url: "",
    token,
    tenant,
    requests: 0,
    log: [],
    inject: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    create(user, misses = 2) {
      tenant.users.push(user);
      usersById.set(user.id, user);
      notYet.set(user.id, misses);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function route(method: string, target: string, body: unknown): Answer {
    const shown = readable(target);
    double.log.push(`${method} ${shown}`);
    const fault = faults.find((f) => f.left > 0 && (f.method ?? method) === method && f.path.test(shown));
    if (fault && !fault.transform) {
      fault.left--;
      return { status: fault.status ?? 500, ...(fault.raw !== undefined ? { raw: fault.raw } : { body: fault.body ?? graphError("UnknownError", "injected failure") }), ...(fault.contentType && { contentType: fault.contentType }), ...(fault.headers && { headers: fault.headers }) };
    }
    const answer = serve(method, target, body);
    if (fault?.transform && answer.status < 300 && answer.body) {
      fault.left--;
      answer.body = fault.transform(answer.body as Record<string, unknown>, double);
    }
    return answer;
  }

  function serve(method: string, target: string, body: unknown): Answer {
    const url = new URL(target, "http://double");
    const path = url.pathname.replace(/\/+$/, "");
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    const policy = servePolicies(policyContext, method, path, q, body);
    if (policy) return policy;
    if (path.startsWith("/beta/")) return { status: 400, body: graphError("BadRequest", `Resource not found for the segment '${path.split("/")[2] ?? ""}'.`) };
    if (method === "GET" && path === "/users") return listUsers(q, path);
    if ((m = /^\/users\/([^/]+)$/.exec(path))) return oneUser(method, decodeURIComponent(m[1]!), q, body);
    if ((m = /^\/users\/([^/]+)\/sponsors(?:\/\$ref)?$/.exec(path))) return sponsors(method, decodeURIComponent(m[1]!), body);
    if (method === "DELETE" && (m = /^\/users\/([^/]+)\/sponsors\/([^/]+)\/\$ref$/.exec(path))) return removeSponsor(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
    // https://learn.microsoft.com/graph/api/group-list and serviceprincipal-list: $filter=displayName eq '...',
    // which Graph compares case-insensitively.
    if (method === "GET" && path === "/groups") {
      if (!permissions.has("GroupMember.Read.All")) return denied();
      const name = displayNameFilter(q.get("$filter"));
      if (name === undefined) return { status: 400, body: graphError("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.") };
      return page(tenant.groups.filter((g) => g.displayName.toLowerCase() === name.toLowerCase()), q, path, "groups", (g) => pick({ id: g.id, displayName: g.displayName, securityEnabled: true, mailEnabled: false }, q.get("$select")));
    }
    if (method === "GET" && path === "/servicePrincipals") {
      if (!permissions.has("Application.Read.All")) return denied();
      const name = displayNameFilter(q.get("$filter"));
      if (name === undefined) return { status: 400, body: graphError("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.") };
      return page(tenant.servicePrincipals.filter((sp) => sp.displayName.toLowerCase() === name.toLowerCase()), q, path, "servicePrincipals", (sp) => pick({ id: sp.id, appId: sp.appId ?? sp.id, displayName: sp.displayName, appRoles: sp.appRoles ?? [] }, q.get("$select")));
    }
    if (method === "GET" && (m = /^\/groups\/([^/]+)\/members$/.exec(path))) {
      if (!permissions.has("GroupMember.Read.All")) return denied();
      const group = tenant.groups.find((g) => g.id === m![1]);
      if (!group) return notFound(m[1]!);
      return page(group.members, q, path, "directoryObjects", (id) => {
        const u = usersById.get(id);
        return u ? { "@odata.type": "#microsoft.graph.user", ...project(u, q.get("$select")) } : undefined;
      });
    }
    // https://learn.microsoft.com/graph/api/serviceprincipal-get: a partner's inbound apps are named by appId.
    if (method === "GET" && (m = /^\/servicePrincipals\/([^/]+)$/.exec(path))) {
      if (!permissions.has("Application.Read.All")) return denied();
      const sp = tenant.servicePrincipals.find((s) => s.id === decodeURIComponent(m![1]!));
      if (!sp) return notFound(m[1]!);
      return { status: 200, body: pick({ id: sp.id, appId: sp.appId ?? sp.id, displayName: sp.displayName }, q.get("$select")) };
    }
    if (method === "GET" && (m = /^\/servicePrincipals\/([^/]+)\/appRoleAssignedTo$/.exec(path))) {
      if (!permissions.has("Application.Read.All")) return denied();
      const sp = tenant.servicePrincipals.find((s) => s.id === m![1]);
      if (!sp) return notFound(m[1]!);
      return page(sp.assignments, q, path, "appRoleAssignments", (a) => pick({ ...a, deletedDateTime: null, resourceId: sp.id, resourceDisplayName: sp.displayName }, q.get("$select")));
    }
    return { status: 400, body: graphError("BadRequest", `Resource not found for the segment '${path.split("/")[1] ?? ""}'.`) };
  }

  function listUsers(q: URLSearchParams, path: string): Answer {
    if (!permissions.has("User.Read.All")) return denied();
    const select = q.get("$select");
    const signIns = select?.split(",").includes("signInActivity") ?? false;
    if (signIns && !permissions.has("AuditLog.Read.All")) return denied();
    if (signIns && !premium) return { status: 403, body: graphError("Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license") };
    const top = Number(q.get("$top") ?? options.defaultPage ?? 100);
    // https://learn.microsoft.com/graph/api/user-list: $top 1-999, at most 500 with signInActivity.
    if (!Number.isInteger(top) || top < 1 || top > (signIns ? 500 : 999)) return { status: 400, body: graphError("Request_UnsupportedQuery", `Invalid page size specified: '${top}'.`) };
    const filter = parseFilter(q.get("$filter"));
    if (!filter) return { status: 400, body: graphError("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.") };
    return page(filter === ALL ? tenant.users.filter(visible) : tenant.users.filter((u) => filter(u) && visible(u)), q, path, "users", (u) => project(u, select));
  }

  function visible(user: DoubleUser): boolean {
    return !notYet.has(user.id);
  }

  function oneUser(method: string, id: string, q: URLSearchParams, body: unknown): Answer {
    // https://learn.microsoft.com/graph/api/user-get: /users/{id | userPrincipalName}, the name without case.
    const user = usersById.get(id) ?? (id.includes("@") ? tenant.users.find((u) => u.userPrincipalName.toLowerCase() === id.toLowerCase()) : undefined);
    const misses = notYet.get(id);
    if (misses !== undefined) {
      if (misses <= 1) notYet.delete(id);
      else notYet.set(id, misses - 1);
      return notFound(id);
    }
    if (!user) return notFound(id);
    if (method === "GET") return permissions.has("User.Read.All") ? { status: 200, body: project(user, q.get("$select")) } : denied();
    if (!permissions.has("User.ReadWrite.All")) return denied();
    if (method === "PATCH") {
      for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (k === "accountEnabled" || k === "displayName") (user as unknown as Record<string, unknown>)[k] = v;
      return { status: 204 };
    }
    if (method === "DELETE") {
      // Deleted users move to deleted items; they no longer list.
      tenant.users.splice(tenant.users.indexOf(user), 1);
      usersById.delete(id);
      return { status: 204 };
    }
    return { status: 405, body: graphError("Request_BadRequest", "Method not allowed") };
  }

  function sponsors(method: string, id: string, body: unknown): Answer {
    const user = usersById.get(id);
    if (!user) return notFound(id);
    if (method === "GET") return { status: 200, body: { value: user.sponsors.map((s) => usersById.get(s)).filter(Boolean).map((s) => ({ "@odata.type": "#microsoft.graph.user", ...project(s!, "id,displayName,mail") })) } };
    if (!permissions.has("User.ReadWrite.All")) return denied();
    const ref = (body as { "@odata.id"?: unknown } | undefined)?.["@odata.id"];
    const sponsorId = typeof ref === "string" ? /\/users\/([^/]+)$/.exec(ref)?.[1] : undefined;
    if (method !== "POST" || !sponsorId || !usersById.has(sponsorId)) return { status: 400, body: graphError("Request_BadRequest", "Invalid object identifier.") };
    if (!user.sponsors.includes(sponsorId)) user.sponsors.push(sponsorId);
    return { status: 204 };
  }

  function removeSponsor(id: string, sponsorId: string): Answer {
    const user = usersById.get(id);
    if (!user || !user.sponsors.includes(sponsorId)) return notFound(sponsorId);
    if (!permissions.has("User.ReadWrite.All")) return denied();
    user.sponsors = user.sponsors.filter((s) => s !== sponsorId);
    return { status: 204 };
  }

  const policyContext: PolicyContext = {
    policies,
    has: (p) => permissions.has(p),
    page: (rows, q, path, entity) => page(rows, q, path, entity, (r) => structuredClone(r)),
    error: (status, code, message) => ({ status, body: graphError(code, message) }),
    hidden(id) {
      const misses = notYet.get(id);
      if (misses === undefined) return false;
      if (misses <= 1) notYet.delete(id);
      else notYet.set(id, misses - 1);
      return true;
    },
    created(id) {
      if (options.policyMisses) notYet.set(id, options.policyMisses);
    },
    get base() {
      return base;
    },
    newId: () => fakePolicyId(++created),
    now: () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  };

  /** One page of `rows`, shaped by `shape` only for the rows on it (a page of 50,000 stays cheap). */
  function page<R>(rows: readonly R[], q: URLSearchParams, path: string, entity: string, shape: (row: R) => unknown): Answer {
    const top = Math.min(Number(q.get("$top") ?? options.defaultPage ?? 100) || 100, 999);
    const skip = Number(Buffer.from(q.get("$skiptoken") ?? "", "base64url").toString() || 0);
    const value = rows.slice(skip, skip + top).map(shape).filter((v) => v !== undefined);
    // Beta paths carry their version; v1.0 paths are below it.
    const root = path.startsWith("/beta/") ? base : `${base}/v1.0`;
    const body: Record<string, unknown> = { "@odata.context": `${path.startsWith("/beta/") ? `${base}/beta` : root}/$metadata#${entity}`, value };
    if (skip + top < rows.length) {
      const next = new URLSearchParams(q);
      next.set("$skiptoken", Buffer.from(String(skip + top)).toString("base64url"));
      body["@odata.nextLink"] = `${root}${path}?${next.toString().replace(/\+/g, "%20")}`;
    }
    return { status: 200, body };
  }

  function batch(body: unknown): Answer {
    const requests = (body as { requests?: unknown })?.requests;
    // https://learn.microsoft.com/graph/json-batching: at most 20 requests in one batch.
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > 20) return { status: 400, body: graphError("BadRequest", "Invalid batch payload format.") };
    const responses = requests.map((r: { id?: string; method?: string; url?: string; body?: unknown }) => {
      const target = (r.url ?? "").startsWith("/") ? r.url! : `/${r.url ?? ""}`;
      const a = route(r.method ?? "GET", decodeTarget(target), r.body);
      return { id: r.id, status: a.status, headers: { "Content-Type": "application/json", ...a.headers }, body: a.raw ?? a.body ?? null };
    });
    return { status: 200, body: { responses } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    double.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let answer: Answer;
    if (req.headers.authorization !== `Bearer ${token}`) {
      answer = { status: 401, body: graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience.") };
    } else if (!req.url?.startsWith("/v1.0/") && !req.url?.startsWith("/beta/")) {
      answer = { status: 404, body: graphError("BadRequest", "Invalid version.") };
    } else {
      const target = decodeTarget(req.url.startsWith("/beta/") ? req.url : req.url.slice("/v1.0".length));
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      answer = req.method === "POST" && target === "/$batch" ? (double.log.push("POST /$batch"), batch(parsed)) : route(req.method ?? "GET", target, parsed);
    }
    const payload = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
    res.writeHead(answer.status, { ...(payload && { "Content-Type": answer.contentType ?? "application/json;odata.metadata=minimal" }), "request-id": "00000000-0000-4000-8000-000000000001", ...answer.headers });
    res.end(payload);
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  double.url = base;
  return double;
}

function readable(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

/** Keeps the query's parameters percent-encoded as Graph sees them, but the path readable for matching. */
function decodeTarget(target: string): string {
  const [path, query] = target.split("?", 2) as [string, string | undefined];
  return query === undefined ? path : `${path}?${new URLSearchParams(query).toString().replace(/\+/g, "%20")}`;
}

/** The name in displayName eq 'NAME' ('' escapes a quote), the one filter the catalog lookup sends. */
function displayNameFilter(filter: string | null): string | undefined {
  const m = filter === null ? null : /^displayName eq '((?:[^']|'')*)'$/.exec(filter);
  return m ? m[1]!.replace(/''/g, "'") : undefined;
}

// $filter forms guestops sends: userType eq 'X', mail eq 'x', otherMails/any(m:m eq 'x'),
// startswith(userPrincipalName,'x'), id in ('a','b'). Graph compares these strings without case.
const ALL = (): boolean => true;

function parseFilter(filter: string | null): ((u: DoubleUser) => boolean) | undefined {
  if (filter === null) return ALL;
  let m: RegExpExecArray | null;
  const literal = (s: string) => s.replace(/''/g, "'").toLowerCase();
  if ((m = /^userType eq '([^']*)'$/.exec(filter))) return (u) => u.userType === m![1];
  if ((m = /^mail eq '((?:[^']|'')*)'$/.exec(filter))) {
    const mail = literal(m[1]!);
    return (u) => u.mail?.toLowerCase() === mail;
  }
  if ((m = /^otherMails\/any\((\w+):\1 eq '((?:[^']|'')*)'\)$/.exec(filter))) {
    const mail = literal(m[2]!);
    return (u) => (u.otherMails ?? []).some((o) => o.toLowerCase() === mail);
  }
  if ((m = /^startswith\(userPrincipalName,'((?:[^']|'')*)'\)$/i.exec(filter))) {
    const prefix = literal(m[1]!);
    return (u) => u.userPrincipalName.toLowerCase().startsWith(prefix);
  }
  if ((m = /^id in \(((?:'[^']*'\s*,?\s*)*)\)$/.exec(filter))) {
    const ids = new Set([...m[1]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!.toLowerCase()));
    return (u) => ids.has(u.id.toLowerCase());
  }
  return undefined;
}

const DEFAULT_USER_FIELDS = ["id", "displayName", "mail", "userPrincipalName", "businessPhones", "givenName", "surname", "jobTitle", "mobilePhone", "officeLocation", "preferredLanguage"];

// https://learn.microsoft.com/graph/api/resources/user: externalUserState and signInActivity only on $select.
function project(user: DoubleUser, select: string | null): Record<string, unknown> {
  const fields = select ? select.split(",") : DEFAULT_USER_FIELDS;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f !== "sponsors") out[f] = f in user ? (user as unknown as Record<string, unknown>)[f] : null;
  return out;
}

function pick(row: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (!select) return row;
  return Object.fromEntries(select.split(",").map((f) => [f, row[f] ?? null]));
}

function graphError(code: string, message: string): unknown {
  return { error: { code, message, innerError: { date: "2026-12-01T00:00:00", "request-id": "00000000-0000-4000-8000-000000000001", "client-request-id": "00000000-0000-4000-8000-000000000002" } } };
}

function denied(): Answer {
  return { status: 403, body: graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.") };
}

function notFound(id: string): Answer {
  return { status: 404, body: graphError("Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`) };
}

/** A deterministic id for a policy the double creates. */
function fakePolicyId(n: number): string {
  return `c0a1c1e5-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** An unsigned token shaped like Entra's, so that guestops can read its tenant (`tid`). */
export function fakeJwt(tenantId: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ typ: "JWT", alg: "none" })}.${part({ tid: tenantId, aud: "https://graph.microsoft.com", roles: ["User.Read.All"] })}.double`;
}
