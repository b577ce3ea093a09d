// What the tenant policy's dynamic providers share: how they reach Graph (the deploy's credential and
// wait budget, as GuestLifecycle's provider does), their error, and how they compare lists.
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
