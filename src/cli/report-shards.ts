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
  const files = shards.reduce((n, s) => n + s.load.guestFiles.length + (s.load.stack ? 1 : 0), 0);
  return {
    ...mergeValidations(shards.map((s) => s.validation)),
    stack: `${shards.map((s) => s.load.stackName).join(", ")} (the ${shards.length} shards of tenant ${tenant})`,
    asOf: days.join(", "),
    guests,
    // The tenant file is counted once, beside each shard's own stack file.
    files: files + (shards.some((s) => s.load.stack) ? 1 : 0),
  };
}
