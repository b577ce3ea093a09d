// CrossTenantPartner's dynamic provider: one partner organisation's configuration on v1.0
// policies/crossTenantAccessPolicy/partners/{tenantId}: inbound trust of its MFA and compliant devices,
// and, when the stack limits it, B2B collaboration inbound to the catalog's apps. A configuration that
// does not exist is created (POST); one that does is changed (PATCH), after its value is kept in state.
// Delete removes only a configuration this resource created, and gives one that existed its value back.
// The tenant's default (`.../crossTenantAccessPolicy/default`) is never read or written: every path is
// built from a partner's tenant id (tenant-settings-graph.ts).
import type * as pulumi from "@pulumi/pulumi";
import type { B2BSetting, InboundTrust, PartnerSettings, TenantSettingsGraph } from "../graph/tenant-settings-graph";
import { terminal } from "../output/escape";
import type { ProviderSettings } from "./guest-lifecycle-provider";
import { connectPolicyFromEnvironment, sameSet, sameValue, TenantPolicyError, withHints, type ConnectPolicy } from "./tenant-policy-connect";

/** As resourcesFor builds them (src/model/tenant-policy.ts). */
export interface CrossTenantPartnerInputs {
  /** The partner's tenant id, lower case; the resource's id. */
  tenantId: string;
  /** The partner file's `partner`, for people only. */
  partner: string;
  inboundTrust: { isMfaAccepted: boolean; isCompliantDeviceAccepted: boolean };
  /**
   * The object ids of the catalog apps' service principals that the partner's guests may use; absent
   * when B2B collaboration inbound is not limited (the configuration's own value is kept, or given back).
   */
  b2bCollaborationInbound?: { applications: string[] };
}

/** What the tenant had before the first write: no configuration, or the parts guestops manages. */
export type PartnerRestore = { existed: false } | ({ existed: true } & PartnerSettings);

export interface CrossTenantPartnerOutputs extends CrossTenantPartnerInputs {
  /** The apps' appIds, as resolved at the last deploy: what the configuration names. */
  appIds?: string[];
  restore: PartnerRestore;
  /** Set by a refresh that found the tenant's apps other than these: the next deploy writes them again. */
  drifted?: boolean;
}

/** Every partner's guests, when only apps are limited: users and groups of the partner are not. */
const ALL_USERS: NonNullable<B2BSetting["usersAndGroups"]> = { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] };

export function crossTenantPartnerProvider(
  settings: ProviderSettings,
  connect: ConnectPolicy = connectPolicyFromEnvironment,
): pulumi.dynamic.ResourceProvider<CrossTenantPartnerInputs, CrossTenantPartnerOutputs> {
  return withHints({
    async diff(_id, olds, news) {
      // Another tenant is another configuration: replaced, so the old one is restored or removed.
      const replaces = olds.tenantId?.toLowerCase() === news.tenantId.toLowerCase() ? [] : ["tenantId"];
      const trust = (i: Partial<CrossTenantPartnerInputs>) => [i.inboundTrust?.isMfaAccepted === true, i.inboundTrust?.isCompliantDeviceAccepted === true].join();
      const changes =
        replaces.length > 0 || olds.drifted === true || olds.partner !== news.partner || trust(olds) !== trust(news) || !sameSet(olds.b2bCollaborationInbound?.applications, news.b2bCollaborationInbound?.applications);
      return { changes, replaces, deleteBeforeReplace: false };
    },
    async create(inputs) {
      const outs = await applyPartner(connect(settings), inputs);
      return { id: inputs.tenantId.toLowerCase(), outs };
    },
    async update(_id, olds, news) {
      return { outs: await applyPartner(connect(settings), news, olds.restore) };
    },
    async read(id, props) {
      if (!props) return { id };
      const current = await connect(settings).getPartner(props.tenantId);
      const trust = current?.inboundTrust;
      const apps = current?.b2bCollaborationInbound?.applications;
      const outs: CrossTenantPartnerOutputs = { ...props, inboundTrust: { isMfaAccepted: trust?.isMfaAccepted ?? false, isCompliantDeviceAccepted: trust?.isCompliantDeviceAccepted ?? false } };
      // The apps as the tenant has them now; another list is drift, which the next deploy writes over.
      if (props.b2bCollaborationInbound !== undefined) {
        const appIds = apps?.accessType === "allowed" ? apps.targets.filter((t) => t.targetType === "application").map((t) => t.target).sort() : [];
        if (!current || !sameSet(appIds, props.appIds)) Object.assign(outs, { appIds, drifted: true });
      }
      return { id, props: outs };
    },
    async delete(_id, props) {
      const graph = connect(settings);
      const restore = props.restore;
      if (!restore || restore.existed === false) {
        // The configuration is this resource's own: removing it leaves the partner on the default.
        await graph.deletePartner(props.tenantId);
        return;
      }
      const current = await graph.getPartner(props.tenantId);
      // Removed by hand since: a later decision this resource does not overrule by creating it again.
      if (!current) return;
      const back = { inboundTrust: restore.inboundTrust ?? null, b2bCollaborationInbound: restore.b2bCollaborationInbound ?? null };
      if (!sameValue(current, back)) await graph.updatePartner(props.tenantId, back);
    },
  });
}

/**
 * Brings the partner's configuration to the inputs: reads it first, records it when this is the first
 * write (`restore` absent), and writes only what differs, so a re-run writes nothing.
 */
export async function applyPartner(graph: TenantSettingsGraph, inputs: CrossTenantPartnerInputs, restore?: PartnerRestore): Promise<CrossTenantPartnerOutputs> {
  const current = await graph.getPartner(inputs.tenantId);
  const kept: PartnerRestore = restore ?? (current ? { existed: true, ...current } : { existed: false });
  const appIds = inputs.b2bCollaborationInbound === undefined ? undefined : await appIdsOf(graph, inputs);
  const wanted: PartnerSettings = {
    inboundTrust: trustOf(inputs, current?.inboundTrust ?? null),
    b2bCollaborationInbound: appIds !== undefined ? inboundOf(appIds, current?.b2bCollaborationInbound ?? null) : kept.existed ? (kept.b2bCollaborationInbound ?? null) : null,
  };
  // No longer limited and not limited before guestops: what the configuration had, or the default.
  const inbound = appIds === undefined && !current ? {} : { b2bCollaborationInbound: wanted.b2bCollaborationInbound };
  if (!current) await graph.createPartner(inputs.tenantId, { inboundTrust: wanted.inboundTrust, ...inbound });
  else {
    const patch: Partial<PartnerSettings> = {};
    if (!sameValue(current.inboundTrust, wanted.inboundTrust)) patch.inboundTrust = wanted.inboundTrust;
    if (!sameValue(current.b2bCollaborationInbound, wanted.b2bCollaborationInbound)) patch.b2bCollaborationInbound = wanted.b2bCollaborationInbound;
    if (Object.keys(patch).length > 0) await graph.updatePartner(inputs.tenantId, patch);
  }
  return { ...inputs, ...(appIds !== undefined && { appIds }), restore: kept };
}

function trustOf(inputs: CrossTenantPartnerInputs, current: InboundTrust | null): InboundTrust {
  // Hybrid-joined devices are not the stack's to decide: kept as the configuration has them.
  return {
    isMfaAccepted: inputs.inboundTrust.isMfaAccepted,
    isCompliantDeviceAccepted: inputs.inboundTrust.isCompliantDeviceAccepted,
    isHybridAzureADJoinedDeviceAccepted: current ? current.isHybridAzureADJoinedDeviceAccepted : false,
  };
}

function inboundOf(appIds: readonly string[], current: B2BSetting | null): B2BSetting {
  return {
    usersAndGroups: current?.usersAndGroups ?? ALL_USERS,
    applications: { accessType: "allowed", targets: [...appIds].sort().map((target) => ({ target, targetType: "application" })) },
  };
}

async function appIdsOf(graph: TenantSettingsGraph, inputs: CrossTenantPartnerInputs): Promise<string[]> {
  const apps = inputs.b2bCollaborationInbound?.applications ?? [];
  // An allow list of no app would lock the partner's every guest out of every app.
  if (apps.length === 0) {
    throw new TenantPolicyError(
      `partner ${terminal(inputs.partner)} (tenant ${terminal(inputs.tenantId)}): B2B collaboration inbound limited to the catalog's apps, but the catalog has none; that would block every guest of the partner. Add the apps to the catalog, or stop limiting inbound`,
    );
  }
  const ids: string[] = [];
  for (const app of apps) {
    const appId = await graph.appIdOf(app);
    if (!ids.includes(appId)) ids.push(appId);
  }
  return ids.sort();
}
