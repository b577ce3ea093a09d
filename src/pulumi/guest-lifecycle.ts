// The GuestLifecycle dynamic resource: one per guest with an account, named `lifecycle/<email>`. Its
// type token, `pulumi-nodejs:dynamic/guestops:GuestLifecycle`, is the one in src/model/resource-types.ts.
import * as pulumi from "@pulumi/pulumi";
import type { LifecycleInputs } from "./guest-lifecycle-provider";

export type GuestLifecycleArgs = { [K in keyof LifecycleInputs]: pulumi.Input<LifecycleInputs[K]> };

export class GuestLifecycle extends pulumi.dynamic.Resource {
  declare readonly userId: pulumi.Output<string>;
  declare readonly accountEnabled: pulumi.Output<boolean | undefined>;
  declare readonly sponsors: pulumi.Output<string[] | undefined>;
  declare readonly sponsorIds: pulumi.Output<string[] | undefined>;
  declare readonly deleteOnRemoval: pulumi.Output<boolean>;

  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, args: GuestLifecycleArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { sponsorIds: undefined, ...args }, opts, "guestops", "GuestLifecycle");
  }
}
