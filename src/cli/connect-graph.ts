// A Graph client for a stack's tenant and cloud, with the chosen credential: what status, drift, import,
// due and validate --online read through. Apart from graph-session.ts, which imports validate's printer.
import { createGraphClient, parseBaseUrl, type GraphClient } from "../graph/graph-client";
import { cloudOf, graphUrlOf, GRAPH_ROOTS } from "../graph/graph-endpoint";
import { GraphError } from "../graph/graph-error";
import { chooseTokenSource, tenantOfToken, type TokenSource } from "../graph/read-token";
import { createWaitBudget, maxWaitOf } from "../graph/retry-policy";
import type { CommandContext } from "./context";
import { UsageError } from "./errors";

/** A Graph client for a stack's tenant and cloud, as the stack file names them, whether or not the rest of it validates. */
export function connectGraphTo(values: { "graph-url"?: string; credential?: string }, ctx: CommandContext, target: { tenantId: string; cloud: unknown; stackName: string }): GraphClient {
  const cloud = cloudOf(target.cloud);
  const baseUrl = graphUrlOf(values["graph-url"], ctx.env, cloud);
  try {
    parseBaseUrl(baseUrl);
  } catch (err) {
    if (err instanceof GraphError) throw new UsageError(`${values["graph-url"] !== undefined ? "--graph-url" : "GUESTOPS_GRAPH_URL"}: ${err.message.replace(/^Graph URL: /, "")}`, err.hint);
    throw err;
  }
  let source: TokenSource;
  try {
    source = chooseTokenSource({ ...(values.credential !== undefined && { kind: values.credential }), env: ctx.env, tenantId: target.tenantId, cloud, resource: GRAPH_ROOTS[cloud] });
  } catch (err) {
    // A wrong --credential, or one whose variables are not set, is the caller's to fix: a usage error.
    if (err instanceof GraphError) throw new UsageError(err.message, err.hint);
    throw err;
  }
  const maxWait = maxWaitOf(ctx.env);
  if ("error" in maxWait) throw new UsageError(maxWait.error);
  return createGraphClient({ baseUrl, token: checkedTenant(source, target.tenantId, target.stackName), waitBudget: createWaitBudget(maxWait.ms), ...(ctx.sleep && { sleep: ctx.sleep }) });
}

/** Refuses a token issued for another tenant before any request is answered with that tenant's data. */
function checkedTenant(source: TokenSource, tenantId: string, stack: string): TokenSource {
  return {
    async token() {
      const token = await source.token();
      const tid = tenantOfToken(token);
      if (tid !== undefined && tid !== tenantId) {
        throw new GraphError("token", `the token is for tenant ${tid}, but stack ${stack} is tenant ${tenantId}`, `sign in to the stack's tenant (az login --tenant ${tenantId}), or set AZURE_TENANT_ID=${tenantId}`);
      }
      return token;
    },
  };
}
