// The tenant policy's dynamic providers, as the provider shim (provider-shim.ts) loads them in the Pulumi
// provider host: by export name, from the entry GuestLifecycle uses too (load-guest-lifecycle.js).
export { authorizationPolicyProvider } from "./authorization-policy-provider";
export { b2bDomainListProvider } from "./b2b-domain-list-provider";
export { crossTenantPartnerProvider } from "./cross-tenant-partner-provider";
