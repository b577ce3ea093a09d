// guestops import --guardrails: writes the tenant's current guardrails into YAML, the tenantPolicy of
// the stack (or tenant) file and the partner files' tenantIds and crossTenant, so that a team starts
// from what the tenant holds instead of overwriting it. Reads Graph only. Nothing is written unless
// the repository validates as written, through the same loader and rules as guestops validate.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildGuardrailImport, type GuardrailImport } from "../graph/build-guardrail-import";
import { readTenantDomains, readTenantPolicy } from "../graph/read-tenant-policy";
import { renderFileDiff } from "../graph/render-file-diff";
import { loadRepo } from "../load/load-repo";
import { overlaySource } from "../load/overlay-source";
import { workingTree } from "../load/read-working-tree";
import { json, terminal } from "../output/escape";
import { validateRepo } from "../rules/validate-repo";
import type { CommandContext } from "./context";
import { EXIT } from "./errors";
import { connectGraph, type TenantLoad } from "./graph-session";
import { renderText } from "./render-problems";
import { reportOf } from "./commands/validate";

export async function importGuardrails(ctx: CommandContext, root: string, tenant: TenantLoad, values: { "graph-url"?: string; credential?: string; "dry-run"?: boolean }, format: "text" | "json", asOf: string): Promise<number> {
  const { load } = tenant;
  const stack = load.stack;
  if (!stack || stack.parsed.text === undefined) {
    ctx.stderr.write(`guestops import: ${terminal(load.stackPath)} could not be read as text, so nothing was written\n`);
    return EXIT.invalid;
  }
  const client = connectGraph(values, ctx, tenant);
  // Graph is read in full before anything is built: a failure part-way leaves no partial YAML.
  const guardrails = await readTenantPolicy(client);
  const partnerFiles = load.guestFiles.map((f) => ({ path: f.path, ...(f.parsed.text !== undefined && { text: f.parsed.text }), ...(f.value !== undefined && { value: f.value }) }));
  const named = new Set(partnerFiles.flatMap((f) => (Array.isArray(f.value?.tenantIds) ? f.value.tenantIds : []).map((t) => String(t).toLowerCase())));
  const lookups = await readTenantDomains(client, guardrails.partners.map((p) => p.tenantId).filter((id) => !named.has(id)));
  const result = buildGuardrailImport({
    policyFile: { path: stack.path, text: stack.parsed.text },
    ...(tenant.state.tenantPolicy && { declared: tenant.state.tenantPolicy }),
    partnerFiles,
    tenant: guardrails,
    tenantDomains: lookups.domains,
  });
  const notes = [...guardrails.notes, ...lookups.notes];

  const source = overlaySource(workingTree(root), new Map(result.files.map((f) => [f.path, f.after])));
  const after = await loadRepo(source, load.stackName);
  const validation = validateRepo(after, asOf);
  const written = new Set(result.files.map((f) => f.path));
  const errors = validation.errors.filter((p) => written.has(p.file));
  if (errors.length > 0) {
    ctx.stderr.write("guestops import: the tenant's guardrails written into YAML would not be valid, so nothing was written:\n");
    ctx.stderr.write(renderText(reportOf(after, { errors, warnings: [] }, asOf), false));
    return EXIT.invalid;
  }
  const dryRun = values["dry-run"] === true;
  if (format === "json") ctx.stdout.write(`${json({ dryRun, files: result.files.map((f) => f.path), set: result.set, skipped: result.skipped, notes })}\n`);
  else ctx.stdout.write(renderSummary(result, notes, dryRun));
  if (dryRun) return EXIT.ok;
  for (const f of result.files) await writeFile(join(root, f.path), f.after);
  return EXIT.ok;
}

function renderSummary(result: GuardrailImport, notes: readonly string[], dryRun: boolean): string {
  const out: string[] = [];
  for (const n of notes) out.push(`note: ${terminal(n)}`);
  for (const f of result.files) out.push(renderFileDiff(f));
  for (const s of result.skipped) out.push(`not imported: ${terminal(s.setting)}: ${terminal(s.reason)}`);
  if (result.set.length === 0) out.push("Nothing to import: the files already say what the tenant holds.");
  else {
    out.push(`${dryRun ? "Would write" : "Wrote"} ${result.set.length} guardrail setting(s) in ${result.files.map((f) => terminal(f.path)).join(", ")}.`);
    out.push("Next: run guestops plan: each value written is a policy change that makes Git say what the tenant already holds, for a stack owner to approve. Then open a pull request (docs/guardrails.md).");
  }
  return `${out.join("\n")}\n`;
}
