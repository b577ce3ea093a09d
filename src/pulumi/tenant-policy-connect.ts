// What the tenant policy's dynamic providers share: how they reach Graph (the deploy's credential and
// wait budget, as GuestLifecycle's provider does), their error and its hint, and how they compare lists.
import type * as pulumi from "@pulumi/pulumi";
import { GraphError } from "../graph/graph-error";
import { createTenantSettingsGraph, type TenantSettingsGraph } from "../graph/tenant-settings-graph";
import { connectionFromEnvironment, type ProviderSettings } from "./guest-lifecycle-provider";

/** How a tenant policy provider reaches Graph; tests pass one that points at the loopback double. */
export type ConnectPolicy = (settings: ProviderSettings) => TenantSettingsGraph;

export function connectPolicyFromEnvironment(settings: ProviderSettings): TenantSettingsGraph {
  return createTenantSettingsGraph(connectionFromEnvironment(settings));
}

export class TenantPolicyError extends Error {
  override name = "TenantPolicyError";
}

/** Two lists of names equal as sets, without case (domains, app ids). */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const norm = (l: readonly string[]) => [...new Set(l.map((s) => s.toLowerCase()))].sort().join(",");
  return norm(a) === norm(b);
}

/** Two Graph values equal, whatever the order of their keys (the state may keep them in another). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v ?? null)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The provider with Graph's hint added to each failure's message: Pulumi shows a provider's error message
 * alone, and the hint is what says that nothing was written, or which permission to grant.
 */
export function withHints<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>): pulumi.dynamic.ResourceProvider<I, O> {
  const explain = (err: unknown): unknown => (err instanceof GraphError && err.hint ? new TenantPolicyError(`${err.message}; ${err.hint}`) : err);
  const wrap =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method(...args);
      } catch (err) {
        throw explain(err);
      }
    };
  return {
    create: wrap(provider.create),
    ...(provider.diff && { diff: wrap(provider.diff) }),
    ...(provider.update && { update: wrap(provider.update) }),
    ...(provider.read && { read: wrap(provider.read) }),
    ...(provider.delete && { delete: wrap(provider.delete) }),
  };
}
