// One validation report for every shard of a tenant, for validate and plan.
import type { LoadedStack } from "../rules/load-stack";
import { mergeValidations } from "../rules/validate-shards";
import { guestEntries } from "../rules/validate-repo";
import type { ValidationReport } from "./render-problems";

/** One report for every shard of a tenant: problems in the shared tenant file once, guests and files summed. */
export function shardsReportOf(tenant: string, shards: readonly LoadedStack[]): ValidationReport {
  const days = [...new Set(shards.map((s) => s.asOf))];
  // Counted from the entries, as validate counts one stack's, so that counting never depends on valid input.
  const guests = shards.reduce((n, s) => n + new Set(guestEntries(s.load).flatMap((e) => (e.email === undefined ? [] : [e.email.toLowerCase()]))).size, 0);
  const guestFiles = shards.reduce((n, s) => n + s.load.guestFiles.length, 0);
  const shardFiles = shards.filter((s) => s.load.shardFile ?? s.load.stack).length;
  // A shard whose tenant file is missing stands in for it (join-tenant.ts): then there is none to count.
  const tenantFile = shards.some((s) => s.load.stack && s.load.stack !== s.load.shardFile);
  return {
    ...mergeValidations(shards.map((s) => s.validation)),
    stack: `${shards.map((s) => s.load.stackName).join(", ")} (the ${shards.length} shards of tenant ${tenant})`,
    asOf: days.join(", "),
    guests,
    guestFiles,
    // The tenant file is counted once, beside each shard's own stack file.
    stackFiles: shardFiles + (tenantFile ? 1 : 0),
  };
}
