// GuestLifecycle's provider as Pulumi stores it: the shared provider shim (provider-shim.ts), loading
// lifecycleProvider (guest-lifecycle-provider.ts) in the provider host with the tenant and cloud.
import type * as pulumi from "@pulumi/pulumi";
import type { LifecycleInputs, LifecycleOutputs, ProviderSettings } from "./guest-lifecycle-provider";
import { providerShim } from "./provider-shim";

export function lifecycleShim(settings: ProviderSettings): pulumi.dynamic.ResourceProvider<LifecycleInputs, LifecycleOutputs> {
  return providerShim("lifecycleProvider", settings);
}
