// The tenant policy's dynamic resources, for the settings @pulumi/azuread has no resource for. Their type
// tokens, `pulumi-nodejs:dynamic/guestops:<Type>`, are those in src/model/tenant-policy.ts. Each is given
// the program's one shim of its provider (provider-shim.ts), as GuestLifecycle is.
import * as pulumi from "@pulumi/pulumi";
import type { AuthorizationPolicyInputs } from "./authorization-policy-provider";
import type { B2BDomainListInputs } from "./b2b-domain-list-provider";
import type { CrossTenantPartnerInputs } from "./cross-tenant-partner-provider";

type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Who may invite, and the guest user role: `tenant/authorization-policy`. */
export class AuthorizationPolicy extends pulumi.dynamic.Resource {
  declare readonly restore: pulumi.Output<Record<string, string>>;
  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, args: Args<AuthorizationPolicyInputs>, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { restore: undefined, ...args }, opts, "guestops", "AuthorizationPolicy");
  }
}

/** One partner tenant's cross-tenant access configuration: `cross-tenant/<tenantId>`. */
export class CrossTenantPartner extends pulumi.dynamic.Resource {
  declare readonly appIds: pulumi.Output<string[] | undefined>;
  declare readonly restore: pulumi.Output<Record<string, unknown>>;
  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, args: Args<CrossTenantPartnerInputs>, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { appIds: undefined, restore: undefined, ...args }, opts, "guestops", "CrossTenantPartner");
  }
}

/** The B2B domain allow or deny list (a beta Graph policy): `tenant/b2b-domain-list`. */
export class B2BDomainList extends pulumi.dynamic.Resource {
  declare readonly policyId: pulumi.Output<string>;
  declare readonly restore: pulumi.Output<Record<string, unknown>>;
  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, args: Args<B2BDomainListInputs>, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { policyId: undefined, restore: undefined, ...args }, opts, "guestops", "B2BDomainList");
  }
}
