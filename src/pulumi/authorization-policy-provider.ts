// AuthorizationPolicy's dynamic provider: who may invite (allowInvitesFrom) and the guest user role
// (guestUserRoleId) on v1.0 policies/authorizationPolicy, a singleton every tenant has. It reads the
// tenant's value before its first write of a setting and keeps it in state (`restore`); a setting the
// stack stops managing, and every setting on delete, gets that value back. Nothing is ever deleted.
import type * as pulumi from "@pulumi/pulumi";
import type { AuthorizationSettings, TenantSettingsGraph } from "../graph/tenant-settings-graph";
import type { AllowInvitesFrom } from "../model/tenant-policy";
import type { ProviderSettings } from "./guest-lifecycle-provider";
import { connectPolicyFromEnvironment, withHints, type ConnectPolicy } from "./tenant-policy-connect";

/** An absent setting is not managed: the tenant's value is left as it is. */
export interface AuthorizationPolicyInputs {
  allowInvitesFrom?: AllowInvitesFrom;
  guestUserRoleId?: string;
}

export interface AuthorizationPolicyOutputs extends AuthorizationPolicyInputs {
  /** Each managed setting's value as the tenant had it before guestops first wrote it. */
  restore: Partial<AuthorizationSettings>;
}

const SETTINGS = ["allowInvitesFrom", "guestUserRoleId"] as const;

/** The one id: a tenant has one authorization policy. */
export const AUTHORIZATION_POLICY_ID = "authorizationPolicy";

export function authorizationPolicyProvider(
  settings: ProviderSettings,
  connect: ConnectPolicy = connectPolicyFromEnvironment,
): pulumi.dynamic.ResourceProvider<AuthorizationPolicyInputs, AuthorizationPolicyOutputs> {
  return withHints({
    async diff(_id, olds, news) {
      const changes = SETTINGS.some((s) => olds[s] !== news[s]);
      return { changes, replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs) {
      return { id: AUTHORIZATION_POLICY_ID, outs: await applyAuthorization(connect(settings), inputs, {}) };
    },
    async update(_id, olds, news) {
      return { outs: await applyAuthorization(connect(settings), news, olds.restore ?? {}) };
    },
    async read(id, props) {
      // For refresh and drift: what the tenant has now, for the settings this stack manages.
      const current = await connect(settings).getAuthorizationPolicy();
      const outs: AuthorizationPolicyOutputs = { restore: props?.restore ?? {} };
      for (const s of SETTINGS) if (props?.[s] !== undefined) Object.assign(outs, { [s]: current[s] });
      return { id, props: outs };
    },
    async delete(_id, props) {
      const restore = props.restore ?? {};
      const graph = connect(settings);
      const current = await graph.getAuthorizationPolicy();
      const patch: Partial<AuthorizationSettings> = {};
      for (const s of SETTINGS) if (restore[s] !== undefined && current[s] !== restore[s]) Object.assign(patch, { [s]: restore[s] });
      if (Object.keys(patch).length > 0) await graph.updateAuthorizationPolicy(patch);
    },
  });
}

/**
 * Brings the tenant to the inputs, writing only what differs, in one PATCH. A setting newly managed has
 * its current value recorded first; one no longer managed gets its recorded value back.
 */
export async function applyAuthorization(graph: TenantSettingsGraph, inputs: AuthorizationPolicyInputs, restore: Partial<AuthorizationSettings>): Promise<AuthorizationPolicyOutputs> {
  const current = await graph.getAuthorizationPolicy();
  const kept: Partial<AuthorizationSettings> = {};
  const patch: Partial<AuthorizationSettings> = {};
  for (const s of SETTINGS) {
    const wanted = inputs[s];
    if (wanted !== undefined) {
      Object.assign(kept, { [s]: restore[s] ?? current[s] });
      if (current[s] !== wanted) Object.assign(patch, { [s]: wanted });
    } else if (restore[s] !== undefined && current[s] !== restore[s]) {
      Object.assign(patch, { [s]: restore[s] });
    }
  }
  if (Object.keys(patch).length > 0) await graph.updateAuthorizationPolicy(patch);
  return { ...inputs, restore: kept };
}
