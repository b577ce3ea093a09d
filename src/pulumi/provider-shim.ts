// What Pulumi stores as the provider of each of guestops' dynamic resources (GuestLifecycle and the
// tenant policy's). Pulumi serializes a dynamic provider's code, with every local module it reaches,
// into the state of every dynamic resource, twice (the `__provider` input and output): the whole
// lifecycle provider with its Graph client was 68 KB, 1.4 GB of state at 10,000 guests. This shim is
// what gets serialized instead, about 2 KB: the tenant, the cloud, the name of the provider's factory,
// and methods that load the real provider from the repository when the engine calls them.
//
// The one assumption, documented in docs/lifecycle.md: the Pulumi provider host runs in the project's
// folder or a folder below it (the folder of `main`), as it does, since it finds @pulumi/pulumi's host
// script from there (pulumi/pulumi#2274). The shim looks for PROVIDERS_ENTRY in that folder and in each
// folder above it: at the top of guestops' own repository (a fork), or in node_modules/guestops/ of a
// tenant repository that installs guestops as a package.
//
// Nothing here may import a module at run time (type imports are erased): a module these functions used
// would be serialized by value (local code) or as a require (a package). They use only `require`, `process` and their arguments, which
// Pulumi leaves to the host process, so credentials are read from its environment at deploy time.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderSettings } from "./guest-lifecycle-provider";

/**
 * The entry the shim loads, relative to the package's folder; a plain .js file that registers tsx. Its
 * path is in every stored GuestLifecycle's state: keep it.
 */
export const PROVIDERS_ENTRY = "src/pulumi/load-guest-lifecycle.js";
/** Where a tenant repository has the package, relative to its root. */
export const INSTALLED_PACKAGE = "node_modules/guestops";

/** The factories the entry exports, one per dynamic resource type. */
export type ProviderFactory = "lifecycleProvider" | "authorizationPolicyProvider" | "crossTenantPartnerProvider" | "b2bDomainListProvider";

type Provider = pulumi.dynamic.ResourceProvider;

export function providerShim(factory: ProviderFactory, settings: ProviderSettings): Provider {
  // Strings, not the settings object: the serialized text holds these values and nothing else.
  const tenantId = settings.tenantId;
  const cloud = settings.cloud;
  const make = factory;
  /* eslint-disable @typescript-eslint/no-require-imports -- an import would be serialized with the shim */
  const real = (): Provider => {
    // The walk runs in the provider host, from its working directory; see the assumption above.
    const { existsSync } = require("node:fs") as typeof import("node:fs");
    const { dirname, join } = require("node:path") as typeof import("node:path");
    const start = process.cwd();
    for (let dir = start; ; dir = dirname(dir)) {
      // The package's own folder first (a fork, or inside node_modules/guestops), then the installed one.
      for (const entry of [join(dir, PROVIDERS_ENTRY), join(dir, INSTALLED_PACKAGE, PROVIDERS_ENTRY)]) {
        if (!existsSync(entry)) continue;
        const loaded = require(entry) as Record<ProviderFactory, (s: ProviderSettings) => Provider>;
        return loaded[make]({ tenantId, cloud });
      }
      if (dirname(dir) === dir) {
        throw new Error(
          `guestops' provider (${make}) could not find ${PROVIDERS_ENTRY} or ${INSTALLED_PACKAGE}/${PROVIDERS_ENTRY} in ${start} or any folder above it; ` +
            "run pulumi in the tenant repository (the folder of Pulumi.yaml) after npm ci, see docs/lifecycle.md",
        );
      }
    }
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    diff: (id, olds, news) => real().diff!(id, olds, news),
    create: (inputs) => real().create(inputs),
    update: (id, olds, news) => real().update!(id, olds, news),
    delete: (id, props) => real().delete!(id, props),
    // GuestLifecycle's provider has no read: refresh keeps its state as Pulumi does without one, and
    // never needs to load the provider. The tenant policy's read the tenant, for refresh and drift.
    ...(make !== "lifecycleProvider" && { read: (id: string, props?: unknown) => real().read!(id, props) }),
  };
}
