// guestops import: adopt guests who exist in the tenant but not in Git. Writes their YAML entries (with
// objectId, so nobody is invited again) and a `pulumi import` file for the access they already hold.
// Reads Graph only. Nothing is written unless every file is valid as written, but for the placeholders
// that a person must replace (importConfirmed), and read by the stack as written.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import picomatch from "picomatch";
import { buildAdoption, type Adoption } from "../../graph/build-adoption";
import { buildImportFile, checkImportFile, checkWrittenFiles, duplicateAssignments, type PulumiImportFile, type SeenAssignment } from "../../graph/build-import-file";
import { GraphError } from "../../graph/graph-error";
import { readDrift } from "../../graph/read-drift";
import { renderFileDiff } from "../../graph/render-file-diff";
import { loadRepo } from "../../load/load-repo";
import { overlaySource } from "../../load/overlay-source";
import { workingTree } from "../../load/read-working-tree";
import { buildDesiredState } from "../../model/build-desired-state";
import { terminal, json } from "../../output/escape";
import { importConfirmed } from "../../rules/adoption-rules";
import { validateRepo } from "../../rules/validate-repo";
import { EXIT, UsageError } from "../errors";
import { connectGraph, readingCatalog, GRAPH_FLAGS, GRAPH_HELP, loadTenant, pulumiProject } from "../graph-session";
import type { CommandContext } from "../context";
import { parseAsOf, parseFormat, repositoryRoot, parseFlags } from "../options";
import { importGuardrails } from "../import-guardrails";
import { renderText } from "../render-problems";
import { reportOf } from "./validate";

export const IMPORT_FORMATS = ["text", "json"] as const;

export const help = `Usage: guestops import [--stack NAME] [--dry-run] [--import-file FILE] [--as-of DATE]
                       [--format text|json] [--graph-url URL] [--credential KIND]
       guestops import --guardrails [--stack NAME] [--dry-run] [--as-of DATE] [--format text|json]

Adopts the guests that guestops drift reports as undeclared (those with access in the
catalog's groups or apps), without inviting anyone again:
  - writes an entry for each into the partner file for its domain (a new file when
    there is none), with its objectId, its catalog groups and app roles, the owning
    group's first owner as sponsor, an expiry at most ${90} days ahead (or the policy's
    tighter limit), and a placeholder justification starting "CONFIRM:" (a new partner
    file's name too). Each placeholder is a validation error (importConfirmed) until a
    person checks the sponsor and expiry and writes the real reason, so an unconfirmed
    adoption cannot merge. Existing files keep their comments and formatting: entries
    are added after the last guest.
  - writes a pulumi import file for the memberships and assignments they already
    have, named as the Pulumi program names them, so that the first pulumi up adopts
    them instead of failing with "already exists".
Nothing is written unless the result passes guestops validate but for those placeholders,
and the stack's guestFiles select every file written. Reads Graph only; an app role
assignment id that Graph returns twice is refused (exit 5).

With --guardrails, writes the tenant's current guardrails into YAML instead (docs/guardrails.md):
  - the tenantPolicy of the stack file (the tenant file when sharded): allowInvitesFrom,
    guestAccess, the guest MFA Conditional Access policy's state and its excluded
    accounts (by address), and the domain list's mode;
  - for each partner configuration in the tenant: tenantIds (found by the partner
    tenant's domain) and crossTenant { trustMfa, trustCompliantDevice } in its partner file.
  Only values are set; every other byte, comments included, stays. What cannot be written
  safely is listed as "not imported", with why.
  Permissions: Policy.Read.All, User.Read.All (Policy.Read.B2BManagementPolicy for the
  domain list, CrossTenantInformation.ReadBasic.All for partner tenants' domains).

Options:
  --guardrails          Import the tenant's guardrails, not guests.
  --stack NAME          Stack to adopt into. Defaults to $PULUMI_STACK, or the only stack.
  --dry-run             Print the diff and the import file; write nothing.
  --import-file FILE    Where to write the pulumi import file. Default: pulumi-import.json.
  --as-of DATE          The day adoption is dated and expiry counted from. Default: today.
  --format FORMAT       text (default: the diff and a summary) or json.
${GRAPH_HELP}
  -h, --help            Show this help.

Permissions: User.Read.All, GroupMember.Read.All, Application.Read.All.

Then: review the diff, confirm each entry (guestops validate lists every placeholder
left), open a pull request (adoptions need a stack owner's approval), and on merge run
  pulumi import --file pulumi-import.json --protect=false --generate-code=false
before the first pulumi up (docs/tenant.md walks through it).

Exit codes: 0 done (or nothing to adopt), 1 validation errors (nothing written),
2 usage error, 5 Graph refused or failed (nothing written), 70 internal error.

Examples:
  guestops import --dry-run
  guestops import --import-file pulumi-import.json
  guestops import --guardrails --dry-run
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, IMPORT_FORMATS, "text");
  const asOf = parseAsOf(values["as-of"]);
  const importPath = resolve(ctx.cwd, values["import-file"] ?? "pulumi-import.json");
  if (values["import-file"] !== undefined && !values["import-file"].endsWith(".json")) throw new UsageError(`--import-file ${terminal(JSON.stringify(values["import-file"]))} does not end in .json`, "pulumi import reads a JSON file, such as pulumi-import.json");
  const root = repositoryRoot(ctx.cwd);
  const tenant = await loadTenant(ctx, values.stack, asOf);
  if (typeof tenant === "number") return tenant;
  if (values.guardrails === true) return importGuardrails(ctx, root, tenant, values, format, asOf);
  const { load } = tenant;
  // Graph is read in full before anything is built: a failure part-way leaves no partial YAML.
  const drift = await readingCatalog(ctx, tenant, () => readDrift(connectGraph(values, ctx, tenant), tenant.states, false));
  if (typeof drift === "number") return drift;
  const adoption = buildAdoption({
    asOf,
    stack: load.stack?.value ?? {},
    guestFiles: load.guestFiles.map((f) => ({ path: f.path, ...(f.parsed.text !== undefined && { text: f.parsed.text }), ...(f.value !== undefined && { value: f.value }) })),
    newFileDir: newFileDir(load.guestPatterns[0] ?? "guests/*.yaml"),
    undeclared: drift.undeclaredGuests,
  });

  const duplicates = duplicateAssignments(drift.grants, drift.index.apps);
  if (duplicates.length > 0) throw duplicateError(duplicates);

  // Valid as written, or not written: the same loader and rules as guestops validate. The only errors
  // allowed are the placeholders this import leaves in its own files for a person to replace.
  const source = overlaySource(workingTree(root), new Map(adoption.files.map((f) => [f.path, f.after])));
  const after = await loadRepo(source, load.stackName);
  const validation = validateRepo(after, asOf);
  const written = new Set(adoption.files.map((f) => f.path));
  const errors = validation.errors.filter((p) => !(p.rule === importConfirmed.name && written.has(p.file)));
  if (errors.length > 0) {
    ctx.stderr.write(`guestops import: the adopted entries would not be valid, so nothing was written:\n`);
    ctx.stderr.write(renderText(reportOf(after, { errors, warnings: validation.warnings }, asOf), false));
    return EXIT.invalid;
  }
  // A file the stack does not read would never be validated, planned or deployed.
  const unread = adoption.files.filter((f) => !after.guestFiles.some((g) => g.path === f.path));
  if (unread.length > 0) {
    const patterns = after.guestPatterns.join(", ");
    ctx.stderr.write(`guestops import: ${unread.map((f) => terminal(f.path)).join(", ")} would not be read by ${terminal(after.stackPath)} (guestFiles: ${terminal(patterns)}), so nothing was written; create the partner file where guestFiles selects it, then run guestops import again\n`);
    return EXIT.invalid;
  }
  // Every file written is one the loader read and validated, byte for byte, at the path it is written to.
  const unvalidated = checkWrittenFiles(adoption.files, after.guestFiles);
  if (unvalidated.length > 0) {
    ctx.stderr.write(`guestops import: ${terminal(unvalidated.join("; "))}, so nothing was written; this is a bug, please report it\n`);
    return EXIT.internal;
  }
  const importFile = buildImportFile(buildDesiredState(after, asOf), adoption.adopted, await pulumiProject(root));
  const importProblems = checkImportFile(importFile);
  if (importProblems.length > 0) {
    ctx.stderr.write(`guestops import: the pulumi import file would be wrong, so nothing was written: ${terminal(importProblems.join("; "))}\n`);
    return EXIT.invalid;
  }
  const shownImport = relative(ctx.cwd, importPath) || importPath;
  if (format === "json") ctx.stdout.write(`${json({ dryRun: values["dry-run"] === true, adopted: adoption.adopted.map(({ email, file, guest }) => ({ email, file, objectId: guest.objectId })), skipped: adoption.skipped, files: adoption.files.map((f) => f.path), importFile: { path: shownImport, ...importFile } })}\n`);
  else ctx.stdout.write(renderSummary(adoption, importFile, shownImport, values["dry-run"] === true));
  if (values["dry-run"] || adoption.adopted.length === 0) return EXIT.ok;

  for (const f of adoption.files) {
    await mkdir(dirname(join(root, f.path)), { recursive: true });
    await writeFile(join(root, f.path), f.after);
  }
  await writeFile(importPath, `${JSON.stringify(importFile, null, 2)}\n`);
  return EXIT.ok;
}

function renderSummary(adoption: Adoption, importFile: PulumiImportFile, importPath: string, dryRun: boolean): string {
  const out: string[] = [];
  if (adoption.adopted.length === 0) out.push("Nothing to adopt: every guest with catalog access is declared.");
  for (const f of adoption.files) out.push(renderFileDiff(f));
  for (const s of adoption.skipped) out.push(`not adopted: ${terminal(s.email)}: ${terminal(s.reason)}`);
  if (adoption.adopted.length > 0) {
    const verb = dryRun ? "Would write" : "Wrote";
    out.push(`${verb} ${adoption.adopted.length} guest entr${adoption.adopted.length === 1 ? "y" : "ies"} in ${adoption.files.map((f) => terminal(f.path)).join(", ")}, and ${terminal(importPath)} with ${importFile.resources.length} resource(s) to import.`);
    if (dryRun) out.push(`${terminal(importPath)}:`, json(importFile));
    out.push("Next: confirm each entry: check its sponsor and expires, replace each CONFIRM: placeholder with the real value, and delete the # CONFIRM comments. guestops validate fails on every placeholder left (importConfirmed). Then run guestops plan and open a pull request; see docs/tenant.md.");
  }
  return `${out.join("\n")}\n`;
}

/** The folder of the stack's first guest-file pattern: its literal part, or a plain path's folder. */
function newFileDir(pattern: string): string {
  const scan = picomatch.scan(pattern);
  const dir = scan.isGlob ? scan.base : dirname(pattern);
  return dir && dir !== "." ? dir : "guests";
}

function duplicateError(duplicates: readonly [SeenAssignment, SeenAssignment][]): GraphError {
  const one = (a: SeenAssignment) => `to principal ${terminal(a.principalId)} in app ${terminal(a.app)} (service principal ${a.servicePrincipalId}, appRoleId ${terminal(a.appRoleId)})`;
  const list = duplicates.map(([a, b]) => `${terminal(JSON.stringify(a.id))} ${one(a)}, and ${one(b)}`).join("; ");
  return new GraphError(
    "GET /v1.0/servicePrincipals/{id}/appRoleAssignedTo",
    `Graph returned ${duplicates.length === 1 ? "an app role assignment id" : `${duplicates.length} app role assignment ids`} twice: ${list}; an id names one assignment, so the import file could not say which one to adopt`,
    "nothing was written; read the assignments again (GET /servicePrincipals/{id}/appRoleAssignedTo) and report the answer if it repeats",
  );
}

/** The options table: which flags take a value, for main.ts and the pipelines' tests. */
export const options = { ...GRAPH_FLAGS, "dry-run": { type: "boolean" }, "import-file": { type: "string" }, guardrails: { type: "boolean" } } as const;
export const formats = IMPORT_FORMATS;
