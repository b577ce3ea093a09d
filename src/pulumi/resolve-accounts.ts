// The break-glass accounts the guests' Conditional Access policy excludes, from their addresses (the
// stack file's tenantPolicy.conditionalAccess.excludeAccounts, so that the plan stays offline) to their
// object ids, at deploy time, through the stack's own azuread provider. An address that names no user
// stops the policy: a Conditional Access policy whose exclusion misses the break-glass account could lock
// it out with every admin, so the policy is never written without every one of them.
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { terminal } from "../output/escape";

/** Each address's object id, in order: by user principal name first, else by mail. */
export function resolveAccounts(addresses: readonly string[], provider: pulumi.ProviderResource | undefined): pulumi.Output<string[]> {
  return pulumi.output(Promise.all(addresses.map((address) => resolveAccount(address, provider))));
}

/** One address's object id; a RunError naming the address when no user has it. */
export async function resolveAccount(address: string, provider: pulumi.ProviderResource | undefined): Promise<string> {
  const opts: pulumi.InvokeOptions = provider ? { provider } : {};
  const reasons: string[] = [];
  // Break-glass accounts are usually cloud-only, with a user principal name and often no mail.
  for (const args of [{ userPrincipalName: address }, { mail: address }] as const) {
    try {
      const user = await azuread.getUser(args, opts);
      if (typeof user.objectId === "string" && user.objectId !== "") return user.objectId;
      reasons.push(`${Object.keys(args)[0]}: no object id`);
    } catch (err) {
      const why = terminal(String((err as Error)?.message ?? err)).split("\n")[0]!.slice(0, 200);
      reasons.push(`${Object.keys(args)[0]}: ${why || "not found"}`);
    }
  }
  throw new pulumi.RunError(
    `tenantPolicy.conditionalAccess.excludeAccounts: ${JSON.stringify(terminal(address))} is not a user of the tenant (no user has that user principal name or mail; ${reasons.join("; ")}). ` +
      "guestops never deploys the guests' Conditional Access policy without every break-glass account excluded, so it was not written. " +
      "Correct the address in the stack file, or create the account first; the identity needs User.Read.All to look accounts up",
  );
}
