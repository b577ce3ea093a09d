// The example with guardrails declared (tenantPolicy in the stack, tenantIds and crossTenant in the
// partner files), and the demo tenant holding them as a deploy would have left them: the fixture of
// drift, status, import and the plan's preflight.
import type { DoubleTenant } from "../graph-double/tenant";
import { FABRIKAM_TENANT, seedExampleGuardrails } from "../graph-double/seed-example";
import { exampleFiles, startDemo, type Demo } from "./demo-repo";
import type { DoubleOptions } from "../graph-double/graph-double";

export { BREAKGLASS_ID, FABRIKAM_TENANT, NORTHWIND_TENANT } from "../graph-double/seed-example";
export const TAILSPIN_TENANT = "5b6c7d8e-9f01-4a2b-8c3d-4e5f60718293";

export const TENANT_POLICY = `# The tenant's guardrails (docs/guardrails.md).
tenantPolicy:
  invitations:
    allowInvitesFrom: adminsAndGuestInviters  # guests arrive through this repository
  guestAccess: restricted
  conditionalAccess:
    guestMfa: reportOnly                      # on, once the sign-in logs look right
    excludeAccounts: [breakglass@contoso.com]
  domainList: off

`;

/** The example's files with the guardrails declared. */
export function guardrailFiles(): Record<string, string> {
  const files = exampleFiles();
  const stack = files["stacks/prod.yaml"]!;
  const at = stack.indexOf("# Groups guests may join");
  files["stacks/prod.yaml"] = `${stack.slice(0, at)}${TENANT_POLICY}${stack.slice(at)}`;
  files["guests/fabrikam.yaml"] = files["guests/fabrikam.yaml"]!.replace("domains: [fabrikam.com]\n", `domains: [fabrikam.com]\ntenantIds: [${FABRIKAM_TENANT}]\ncrossTenant: { trustMfa: true, trustCompliantDevice: false }\n`);
  return files;
}

/** The tenant as a deploy of guardrailFiles() leaves it: the demo tenant's own guardrails. */
export function deployGuardrails(tenant: DoubleTenant): void {
  seedExampleGuardrails(tenant);
}

export async function startGuardrailDemo(options: DoubleOptions & { git?: boolean; files?: Record<string, string>; deployed?: boolean } = {}): Promise<Demo> {
  const demo = await startDemo({ ...options, files: { ...guardrailFiles(), ...options.files } });
  if (options.deployed !== false) deployGuardrails(demo.double.tenant);
  return demo;
}
