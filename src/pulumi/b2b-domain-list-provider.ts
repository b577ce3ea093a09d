// B2BDomainList's dynamic provider: the tenant's B2B domain allow or deny list, the
// InvitationsAllowedAndBlockedDomainsPolicy inside the organization default B2B management policy
// (Graph beta policies/b2bManagementPolicies; beta, so subject to change). Only that part of the
// policy's definition is written; the rest (AutoRedeemPolicy, PreviewPolicy ...) is kept as the tenant
// has it. The list as it was before the first write is kept in state, and delete puts it back. A policy
// this resource had to create is deleted again only while it holds nothing but the list.
import type * as pulumi from "@pulumi/pulumi";
import type { DomainsPolicy } from "../graph/parse-policy-answers";
import type { B2BPolicy, TenantSettingsGraph } from "../graph/tenant-settings-graph";
import type { ProviderSettings } from "./guest-lifecycle-provider";
import { connectPolicyFromEnvironment, sameSet, sameValue, TenantPolicyError, withHints, type ConnectPolicy } from "./tenant-policy-connect";

export interface B2BDomainListInputs {
  /** allow: invitations only to these domains; deny: to any domain but these. */
  mode: "allow" | "deny";
  /** Lower-case domain names, sorted. */
  domains: string[];
}

export interface B2BDomainListOutputs extends B2BDomainListInputs {
  /** The policy written to. */
  policyId: string;
  restore: {
    /** The tenant had no B2B management policy: this resource created `policyId`. */
    created: boolean;
    domainsPolicy: DomainsPolicy;
  };
}

const KEY = "InvitationsAllowedAndBlockedDomainsPolicy";
export const B2B_DOMAIN_LIST_ID = "b2bDomainList";

export function b2bDomainListProvider(settings: ProviderSettings, connect: ConnectPolicy = connectPolicyFromEnvironment): pulumi.dynamic.ResourceProvider<B2BDomainListInputs, B2BDomainListOutputs> {
  return withHints({
    async diff(_id, olds, news) {
      return { changes: olds.mode !== news.mode || !sameSet(olds.domains, news.domains), replaces: [], deleteBeforeReplace: false };
    },
    async create(inputs) {
      return { id: B2B_DOMAIN_LIST_ID, outs: await applyDomainList(connect(settings), inputs) };
    },
    async update(_id, olds, news) {
      return { outs: await applyDomainList(connect(settings), news, olds) };
    },
    async read(id, props) {
      if (!props) return { id };
      const policy = await connect(settings).getB2BPolicy();
      const list = policy ? listOf(policy) : null;
      // No list in the tenant any more reads as an empty one of the same mode: a change to deploy again.
      const outs: B2BDomainListOutputs = { ...props, ...(list?.AllowedDomains ? { mode: "allow", domains: list.AllowedDomains } : list?.BlockedDomains ? { mode: "deny", domains: list.BlockedDomains } : { domains: [] }) };
      return { id, props: outs };
    },
    async delete(_id, props) {
      const graph = connect(settings);
      const policy = await graph.getB2BPolicy();
      if (!policy) return;
      const restore = props.restore ?? { created: false, domainsPolicy: null };
      const body = policy.definition.B2BManagementPolicy as Record<string, unknown>;
      const others = Object.keys(body).filter((k) => k !== KEY && k !== "Version");
      if (restore.created && policy.id === props.policyId && others.length === 0) {
        await graph.deleteB2BPolicy(policy.id);
        return;
      }
      if (!sameValue(listOf(policy), restore.domainsPolicy)) await graph.updateB2BPolicy(policy.id, withList(policy.definition, restore.domainsPolicy));
    },
  });
}

/**
 * Brings the list to the inputs, writing only when it differs. `olds` is the state of the last deploy:
 * without it, this is the first write, and the list as the tenant has it is what delete restores.
 */
export async function applyDomainList(graph: TenantSettingsGraph, inputs: B2BDomainListInputs, olds?: B2BDomainListOutputs): Promise<B2BDomainListOutputs> {
  // An empty allow list blocks every invitation, tenant-wide, from the moment it is written.
  if (inputs.mode === "allow" && inputs.domains.length === 0) {
    throw new TenantPolicyError("the B2B domain allow list would be empty, which blocks every invitation in the tenant; add the partners' domains (partner files' domains), or set tenantPolicy.domainList to off");
  }
  const wanted: DomainsPolicy = inputs.mode === "allow" ? { AllowedDomains: [...inputs.domains] } : { BlockedDomains: [...inputs.domains] };
  const policy = await graph.getB2BPolicy();
  if (!policy) {
    const policyId = await graph.createB2BPolicy({ B2BManagementPolicy: { [KEY]: wanted } });
    // A policy that vanished since the last deploy was not the tenant's: the state's restore still holds.
    return { ...inputs, policyId, restore: olds?.restore ?? { created: true, domainsPolicy: null } };
  }
  const current = listOf(policy);
  const restore = olds?.restore ?? { created: false, domainsPolicy: current };
  if (!sameList(current, wanted)) await graph.updateB2BPolicy(policy.id, withList(policy.definition, wanted));
  return { ...inputs, policyId: policy.id, restore };
}

function listOf(policy: B2BPolicy): DomainsPolicy {
  // Checked when read (parse-policy-answers.ts), with every entry a domain: an answer with any other is refused.
  return policy.domains;
}

function sameList(a: DomainsPolicy, b: DomainsPolicy): boolean {
  if (a === null || b === null) return a === b;
  return sameSet(a.AllowedDomains, b.AllowedDomains) && sameSet(a.BlockedDomains, b.BlockedDomains);
}

/** The definition with only the list changed (null removes it), every other setting as it is. */
function withList(definition: Record<string, unknown>, list: DomainsPolicy): Record<string, unknown> {
  const body = { ...(definition.B2BManagementPolicy as Record<string, unknown>) };
  if (list === null) delete body[KEY];
  else body[KEY] = list;
  return { ...definition, B2BManagementPolicy: body };
}
