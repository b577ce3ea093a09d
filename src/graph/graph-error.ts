// Failures of Microsoft Graph, each naming the request it came from. A message that a user can act on
// is decided from the HTTP status and Graph's `error.code`, never from Graph's wording, which changes.
// https://learn.microsoft.com/graph/errors: error bodies are { error: { code, message, innerError } }.

export class GraphError extends Error {
  override name = "GraphError";
  constructor(
    /** "GET /v1.0/users?$filter=…" */
    readonly request: string,
    message: string,
    readonly hint?: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(`${request}: ${message}`);
  }
}

/** The permission a request needs, when Graph refuses it; given by the caller that knows the endpoint. */
export interface RequestNeeds {
  permission?: string;
}

// Codes of 401 and 403 that mean something the platform team can fix, and how.
// https://learn.microsoft.com/graph/errors and https://learn.microsoft.com/graph/api/resources/signinactivity
const REFUSALS: Record<string, (needs: RequestNeeds) => { message: string; hint: string }> = {
  Authorization_RequestDenied: (n) => ({
    message: `Graph refused the request (Authorization_RequestDenied): the identity lacks ${n.permission ?? "a permission this request needs"}`,
    hint: `grant the application permission ${n.permission ?? "named in docs/tenant.md"} to the app registration and give admin consent (see docs/tenant.md, "Permissions")`,
  }),
  Authentication_RequestFromNonPremiumTenantOrB2CTenant: () => ({
    message: "Graph refused the request (Authentication_RequestFromNonPremiumTenantOrB2CTenant): sign-in activity needs a Microsoft Entra ID P1 licence",
    hint: "the tenant needs Entra ID P1 or P2 to read signInActivity; status works without it and says so",
  }),
  InvalidAuthenticationToken: () => ({
    message: "Graph refused the token (InvalidAuthenticationToken): it is expired, malformed, or not for Microsoft Graph",
    hint: "get a new token for the Graph of the stack's cloud (az account get-access-token --resource-type ms-graph), or unset GUESTOPS_GRAPH_TOKEN to use your Azure sign-in",
  }),
  Authorization_IdentityNotFound: () => ({
    message: "Graph does not know the identity (Authorization_IdentityNotFound): the app is not registered in this tenant",
    hint: "sign in to the stack's tenant (az login --tenant TENANT_ID), or register the app there",
  }),
};

/** The error of a failed response, from its status and parsed body (anything; it is untrusted). */
export function errorOf(request: string, status: number, body: unknown, needs: RequestNeeds = {}): GraphError {
  const code = codeOf(body);
  const refusal = code !== undefined && Object.hasOwn(REFUSALS, code) ? REFUSALS[code]!(needs) : undefined;
  if (refusal) return new GraphError(request, `${status} ${refusal.message}`, refusal.hint, status, code);
  if (status === 401) return new GraphError(request, `401 Graph refused the token${code ? ` (${code})` : ""}`, "check that the token is for Microsoft Graph and for the stack's tenant", status, code);
  if (status === 403) {
    return new GraphError(request, `403 Graph refused the request${code ? ` (${code})` : ""}: the identity lacks ${needs.permission ?? "a permission"}`, `grant ${needs.permission ?? "the permission"} and give admin consent (see docs/tenant.md, "Permissions")`, status, code);
  }
  if (status === 404) return new GraphError(request, `404 not found${code ? ` (${code})` : ""}`, undefined, status, code);
  return new GraphError(request, `Graph answered ${status}${code ? ` (${code})` : ""}`, status >= 500 ? "Graph failed on its side; try again later" : undefined, status, code);
}

function codeOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  // A code is a short identifier; anything else is not one to decide on.
  return typeof code === "string" && /^[A-Za-z0-9_.]{1,100}$/.test(code) ? code : undefined;
}
