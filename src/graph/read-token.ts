// Where the bearer token comes from. Thin I/O edge over @azure/identity: DefaultAzureCredential unless
// told otherwise; GitHub OIDC and Azure Pipelines federation for CI without stored secrets; or a static
// token from GUESTOPS_GRAPH_TOKEN (az account get-access-token output, and the test double).
import type { AccessToken, TokenCredential } from "@azure/identity";
import { terminal } from "../output/escape";
import { GraphError } from "./graph-error";
import type { Cloud } from "./graph-endpoint";

export interface TokenSource {
  token(): Promise<string>;
}

export const CREDENTIALS = ["default", "github", "azure-pipelines", "token"] as const;
export type CredentialKind = (typeof CREDENTIALS)[number];

/** A token is fetched again this long before it expires, so that a long read never sends a stale one. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** A credential's tokens, cached until near expiry and then fetched again. */
export function cachedTokens(credential: Pick<TokenCredential, "getToken">, scope: string, now: () => number = Date.now): TokenSource {
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  return {
    async token() {
      if (current && current.expiresOnTimestamp - REFRESH_MARGIN_MS > now()) return current.token;
      // Concurrent requests share one refresh.
      pending ??= credential
        .getToken(scope)
        .then(
          (t) => {
            if (!t) throw new GraphError("token", "the credential returned no token", "sign in again (az login), or check the federated credential");
            return t;
          },
          (err: unknown) => {
            // Not signed in, no managed identity, a federation that is not set up: the user's to fix.
            const first = (err instanceof Error ? err.message : String(err)).split("\n")[0]!.slice(0, 300);
            throw new GraphError("token", `could not get a token for ${scope}: ${terminal(first)}`, "sign in with az login --tenant TENANT_ID, set GUESTOPS_GRAPH_TOKEN, or choose another --credential (see docs/tenant.md)");
          },
        )
        .finally(() => (pending = undefined));
      current = await pending;
      return current.token;
    },
  };
}

export function staticToken(value: string): TokenSource {
  const token = value.trim().replace(/^Bearer\s+/i, "");
  return { token: async () => token };
}

type Identity = typeof import("@azure/identity");

const AUTHORITY: Record<Cloud, (hosts: Identity["AzureAuthorityHosts"]) => string> = {
  public: (h) => h.AzurePublicCloud,
  usgov: (h) => h.AzureGovernment,
  china: (h) => h.AzureChina,
};

/**
 * A credential made when the first token is asked for: @azure/identity, with MSAL under it, is most of
 * the CLI's code, and loading it at start-up would slow every command that never reads Graph.
 */
function lazyCredential(cloud: Cloud, make: (identity: Identity, authorityHost: string) => TokenCredential): Pick<TokenCredential, "getToken"> {
  let credential: Promise<TokenCredential> | undefined;
  return {
    getToken: async (scope) => {
      // The package's ESM and CommonJS builds declare the same classes twice; either is the one API.
      credential ??= (import("@azure/identity") as unknown as Promise<Identity>).then((identity) => make(identity, AUTHORITY[cloud](identity.AzureAuthorityHosts)));
      return (await credential).getToken(scope);
    },
  };
}

export interface TokenChoice {
  kind?: string;
  env: NodeJS.ProcessEnv;
  tenantId: string;
  cloud: Cloud;
  /** The Graph resource, such as https://graph.microsoft.com; the scope is its /.default. */
  resource: string;
}

/** The token source a command uses: --credential, else GUESTOPS_CREDENTIAL, else a static token if one is set, else default. */
export function chooseTokenSource({ kind, env, tenantId, cloud, resource }: TokenChoice): TokenSource {
  const wanted = kind ?? (env.GUESTOPS_CREDENTIAL || undefined) ?? (env.GUESTOPS_GRAPH_TOKEN ? "token" : "default");
  if (!(CREDENTIALS as readonly string[]).includes(wanted)) {
    throw new GraphError("--credential", `${JSON.stringify(wanted)} is not a credential kind`, `use one of: ${CREDENTIALS.join(", ")}`);
  }
  const scope = `${resource}/.default`;
  const clientId = env.AZURE_CLIENT_ID ?? "";
  const tenant = env.AZURE_TENANT_ID || tenantId;
  switch (wanted as CredentialKind) {
    case "token":
      if (!env.GUESTOPS_GRAPH_TOKEN) throw new GraphError("--credential token", "GUESTOPS_GRAPH_TOKEN is not set", "export GUESTOPS_GRAPH_TOKEN=$(az account get-access-token --resource-type ms-graph --query accessToken -o tsv)");
      return staticToken(env.GUESTOPS_GRAPH_TOKEN);
    case "github": {
      // GitHub's OIDC token, exchanged for an Entra token through the app's federated credential.
      const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
      const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      if (!url || !bearer || !clientId) throw new GraphError("--credential github", "ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN or AZURE_CLIENT_ID is not set", "give the job `permissions: id-token: write` and set AZURE_CLIENT_ID to the app's client id");
      const getAssertion = async (): Promise<string> => {
        const response = await fetch(`${url}&audience=api://AzureADTokenExchange`, { headers: { Authorization: `bearer ${bearer}` } });
        const body = (await response.json().catch(() => ({}))) as { value?: unknown };
        if (!response.ok || typeof body.value !== "string") throw new GraphError("GitHub OIDC", `the ID token request answered ${response.status}`, "check the job's `permissions: id-token: write`");
        return body.value;
      };
      return cachedTokens(lazyCredential(cloud, (id, authorityHost) => new id.ClientAssertionCredential(tenant, clientId, getAssertion, { authorityHost })), scope);
    }
    case "azure-pipelines": {
      const connection = env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID;
      const systemToken = env.SYSTEM_ACCESSTOKEN;
      // The credential also reads SYSTEM_OIDCREQUESTURI, which only a pipeline job sets.
      if (!connection || !systemToken || !clientId || !env.SYSTEM_OIDCREQUESTURI) {
        throw new GraphError("--credential azure-pipelines", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, SYSTEM_ACCESSTOKEN, SYSTEM_OIDCREQUESTURI or AZURE_CLIENT_ID is not set", "run in an Azure Pipelines job; map $(System.AccessToken) to SYSTEM_ACCESSTOKEN and set the service connection and client ids");
      }
      return cachedTokens(lazyCredential(cloud, (id, authorityHost) => new id.AzurePipelinesCredential(tenant, clientId, connection, systemToken, { authorityHost })), scope);
    }
    default:
      return cachedTokens(lazyCredential(cloud, (id, authorityHost) => new id.DefaultAzureCredential({ tenantId: tenant, authorityHost })), scope);
  }
}

/** The tenant a JWT was issued for (its `tid` claim), read without verifying it; undefined for other tokens. */
export function tenantOfToken(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { tid?: unknown };
    return typeof claims.tid === "string" ? claims.tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
