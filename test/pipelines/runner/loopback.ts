// The services a runner reaches over the network, on 127.0.0.1: GitHub's OIDC token endpoint (the
// ACTIONS_ID_TOKEN_REQUEST_URL of a job with `id-token: write`), Azure DevOps' OIDC endpoint and REST
// API (pull request reviewers and threads), and Entra ID's token endpoint, which exchanges a federated
// token for an access token only when an app's federated credential names the token's subject. Tokens
// it did not issue, or issued for another subject, are refused as Entra refuses them (AADSTS70021).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** An app registration: the subjects its federated credentials trust, and the token Graph accepts from it. */
export interface Identity {
  clientId: string;
  tenantId: string;
  subjects: string[];
  graphToken: string;
}

export interface Loopback {
  /** 127.0.0.1:PORT */
  address: string;
  /** A GitHub job's ID token request URL and bearer, for the claims of that job. */
  githubOidc(subject: string): { url: string; token: string };
  /** An Azure Pipelines job's System.AccessToken and OIDC URI, with the service connections it may use. */
  azureOidc(connections: Record<string, string>): { uri: string; token: string };
  /** The federated exchange, as azure/login and the AzureCLI task do it. Throws Entra's refusal. */
  exchange(clientId: string, tenantId: string, assertion: string, scope: string): string;
  /** Answers for Azure DevOps REST paths below /ado/ (GET, or "POST <path>" for a query), and what was POSTed or PATCHed. */
  ado: { answers: Map<string, unknown>; writes: { method: string; path: string; body: string }[] };
  /** Refuse every token exchange (an identity whose federation was deleted, say). */
  refuse: boolean;
  close(): Promise<void>;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

export async function startLoopback(identities: Identity[]): Promise<Loopback> {
  const issued = new Map<string, { sub: string; aud: string }>();
  const githubRequests = new Map<string, string>();
  const azureJobs = new Map<string, Record<string, string>>();
  const mint = (sub: string, aud: string): string => {
    const jwt = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub, aud, iss: "loopback", jti: randomBytes(6).toString("hex") })}.loopback`;
    issued.set(jwt, { sub, aud });
    return jwt;
  };
  const loopback: Loopback = {
    address: "",
    githubOidc(subject) {
      const token = randomBytes(12).toString("hex");
      githubRequests.set(token, subject);
      return { url: `http://${loopback.address}/github/idtoken?run=1`, token };
    },
    azureOidc(connections) {
      const token = randomBytes(12).toString("hex");
      azureJobs.set(token, connections);
      return { uri: `https://vstoken.dev.azure.com/contoso/guest-access/_apis/distributedtask/hubs/build/plans/1/jobs/1/oidctoken`, token };
    },
    exchange(clientId, tenantId, assertion, scope) {
      const claims = issued.get(assertion);
      const identity = identities.find((i) => i.clientId === clientId);
      if (loopback.refuse) throw new Error("AADSTS700016: application not found in the directory");
      if (!identity || identity.tenantId !== tenantId) throw new Error(`AADSTS700016: application with identifier '${clientId}' was not found in the directory '${tenantId}'`);
      if (!claims || claims.aud !== "api://AzureADTokenExchange") throw new Error("AADSTS50027: JWT token is invalid or malformed");
      if (!identity.subjects.includes(claims.sub)) throw new Error(`AADSTS70021: No matching federated identity record found for presented assertion subject '${claims.sub}'`);
      return scope.startsWith("https://graph.microsoft.com") ? identity.graphToken : `arm.${clientId}`;
    },
    ado: { answers: new Map(), writes: [] },
    refuse: false,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      try {
        route(req, body, send);
      } catch (err) {
        send(500, { error: String(err) });
      }
    });
  });

  function route(req: IncomingMessage, body: string, send: (status: number, value: unknown) => void): void {
    const url = new URL(req.url ?? "/", "http://loopback");
    const auth = (req.headers.authorization ?? "").replace(/^bearer\s+/i, "");
    if (url.pathname === "/github/idtoken") {
      const subject = githubRequests.get(auth);
      if (!subject) return send(401, { message: "Bad credentials" });
      return send(200, { value: mint(subject, url.searchParams.get("audience") ?? "") });
    }
    if (url.pathname.startsWith("/internet/vstoken.dev.azure.com/")) {
      const connections = azureJobs.get(auth);
      const name = connections?.[url.searchParams.get("serviceConnectionId") ?? ""];
      if (!connections) return send(401, { message: "TF400813: the user is not authorized" });
      if (!name) return send(400, { message: "the service connection does not exist or is not authorized for this pipeline" });
      return send(200, { oidcToken: mint(`sc://contoso/guest-access/${name}`, "api://AzureADTokenExchange") });
    }
    const token = /^\/internet\/login\.microsoftonline\.com\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && req.method === "POST") {
      const form = new URLSearchParams(body);
      try {
        const access = loopback.exchange(form.get("client_id") ?? "", token[1]!, form.get("client_assertion") ?? "", form.get("scope") ?? "");
        return send(200, { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: access });
      } catch (err) {
        return send(400, { error: "invalid_client", error_description: (err as Error).message, error_codes: [70021] });
      }
    }
    if (url.pathname.startsWith("/ado/")) {
      if (!auth) return send(401, { message: "no access token" });
      const path = url.pathname.slice("/ado".length);
      if (req.method !== "GET") {
        loopback.ado.writes.push({ method: req.method ?? "", path, body });
        // A query answered by a POST (pullrequestquery): its answer is kept under "POST <path>".
        const answer = loopback.ado.answers.get(`${req.method} ${path}`);
        return send(200, answer ?? { id: loopback.ado.writes.length });
      }
      return loopback.ado.answers.has(path) ? send(200, loopback.ado.answers.get(path)) : send(404, { message: `no answer for ${path}` });
    }
    send(404, { error: `the loopback stand-in serves no ${req.method} ${url.pathname}` });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  loopback.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return loopback;
}
