// The files of a new tenant repository, as data: what `guestops init` writes. Pure: the workflow
// templates and the version come in as arguments, so a test can check every file without a package.
// Every file it returns validates as written (test/init/init.test.ts runs validate on the scaffold).
import { buildCodeowners } from "../codeowners/build-codeowners";

export type CiKind = "github" | "azure" | "both";
export const CI_KINDS: readonly CiKind[] = ["github", "azure", "both"];

export interface Owner {
  email: string;
  /** GitHub login with --ci github or both; the Azure DevOps uniqueName with --ci azure (default: the email). */
  login?: string;
}

export interface ScaffoldInput {
  tenantId: string;
  domains: readonly string[];
  stack: string;
  owners: readonly Owner[];
  ci: CiKind;
  /** The guestops version the repository pins, exactly. */
  version: string;
  /** The package's workflow templates for this --ci, by path. */
  templates: Readonly<Record<string, string>>;
  /** The package.json that is already there (npm init -y), merged rather than replaced. */
  packageJson?: string;
}

/** Where the package sits in a tenant repository, from its root; modelines are relative to each file. */
export const PACKAGE_DIR = "node_modules/guestops";
export const PULUMI_MAIN = `${PACKAGE_DIR}/src/pulumi/main.js`;

/** Which editor schema checks which files (.vscode/settings.json and the modelines agree). */
export const SCHEMA_GLOBS: Readonly<Record<string, readonly string[]>> = {
  "stack.schema.json": ["stacks/*.yaml", "tenants/*.yaml"],
  "guests.schema.json": ["guests/**/*.yaml"],
  "people.schema.json": ["people.yaml"],
  "pulumi-stack.schema.json": ["Pulumi.*.yaml"],
};

/** The template paths a --ci needs, from the package's .github/workflows/*.yml, azure-pipelines.yml and .azure-pipelines/*.yml. */
export function wantsTemplate(ci: CiKind, path: string): boolean {
  const github = path.startsWith(".github/workflows/");
  const azure = path === "azure-pipelines.yml" || path.startsWith(".azure-pipelines/");
  return (github && ci !== "azure") || (azure && ci !== "github");
}

export function modeline(path: string, schema: string): string {
  const up = "../".repeat(path.split("/").length - 1);
  return `# yaml-language-server: $schema=${up}${PACKAGE_DIR}/schemas/${schema}`;
}

/** The files of the scaffold by path (POSIX), each text ending with a newline. */
export function buildScaffold(input: ScaffoldInput): Record<string, string> {
  const files: Record<string, string> = {};
  const stackPath = `stacks/${input.stack}.yaml`;
  files[stackPath] = stackFile(input, stackPath);
  files["people.yaml"] = peopleFile(input);
  files["guests/example-partner.yaml"] = partnerFile(input);
  files["Pulumi.yaml"] = pulumiProject();
  files[`Pulumi.${input.stack}.yaml`] = pulumiStack(input.stack);
  files["package.json"] = packageFile(input);
  files[".gitignore"] = ["node_modules/", ".pulumi/", "Pulumi.*.secrets.yaml", ".env", ".env.*", ""].join("\n");
  files[".vscode/settings.json"] = vscodeSettings();
  files["README.md"] = readme(input);
  if (input.ci !== "azure") files["CODEOWNERS"] = codeowners(input);
  for (const [path, text] of Object.entries(input.templates)) if (wantsTemplate(input.ci, path)) files[path] = templateForStack(text, input.stack);
  return files;
}

/**
 * A workflow template for a stack other than the example's `prod`: its STACK variable and the
 * concurrency groups named after it, so that the workflows deploy, preview and check the stack this
 * repository declares. Every other byte stays the template's, for --upgrade to compare.
 */
export function templateForStack(text: string, stack: string): string {
  if (stack === "prod") return text;
  return text.replace(/^(\s*STACK:) prod$/gm, `$1 ${stack}`).replace(/^(\s*group: guestops-(?:deploy|drift|renewals))-prod$/gm, `$1-${stack}`);
}

function flowList(items: readonly string[]): string {
  return `[${items.join(", ")}]`;
}

function stackFile(input: ScaffoldInput, path: string): string {
  const owner = input.owners[0]?.email ?? "owner@contoso.com";
  return `${modeline(path, "stack.schema.json")}
# The tenant that stack "${input.stack}" manages. The file's base name is the Pulumi stack name.
tenantId: ${input.tenantId}
internalDomains: ${flowList(input.domains)}
# The stack owners: they approve every change to policy, the catalog, partner domains and adoptions.
owners: ${flowList(input.owners.map((o) => o.email))}

invitation:
  redirectUrl: https://myapps.microsoft.com/?tenantid=${input.tenantId}
  sendEmail: true
  language: en-US

policy:
  maxExpiryDays: 365        # no entry may run longer than a year
  maxRemovalShare: 0.25     # refuse plans that remove more than a quarter of guests or grants
  onRemoval: retain         # removing an entry removes access but keeps the account
  expiredGraceDays: 30
  reviewIntervalDays: 180

# Groups guests may join, by stable key; keys name resources, display names are only shown. Add one
# with its objectId looked up in the tenant:
#   npx guestops catalog add group "ERP Migration Project" --owner ${owner}
# which writes an entry such as:
#   erp-migration-project:
#     objectId: 00000000-0000-0000-0000-000000000000
#     displayName: ERP Migration Project
#     owners: [${owner}]
#     allowGuests: true
groups: {}

# Applications whose roles guests may be given; omitting a role in a grant means default access.
#   npx guestops catalog add app "Contoso Expenses" --role Submitter --owner ${owner}
apps: {}
`;
}

function peopleFile(input: ScaffoldInput): string {
  const lines = [
    modeline("people.yaml", "people.schema.json"),
    "# Who is who on the code hosts. The approval gate (guestops approvals) maps each review to an address",
    "# through this file, and guestops codeowners writes CODEOWNERS from it. Every owner named in stacks/",
    "# (stack owners, and the owners of each group and app) needs an entry with a login.",
    "people:",
  ];
  for (const o of input.owners) lines.push(`  - ${personEntry(o, input.ci)}`);
  return lines.join("\n") + "\n";
}

/** GitHub reviews name a login; Azure DevOps reviewers a uniqueName, usually the sign-in address. */
export function personEntry(owner: Owner, ci: CiKind): string {
  const fields = [`email: ${owner.email}`];
  if (ci !== "azure" && owner.login !== undefined) fields.push(`github: ${owner.login}`);
  if (ci === "azure") fields.push(`azureDevOps: ${owner.login ?? owner.email}`);
  if (ci === "both") fields.push(`azureDevOps: ${owner.email}`);
  return `{ ${fields.join(", ")} }`;
}

function partnerFile(input: ScaffoldInput): string {
  const sponsor = input.owners[0]?.email ?? `someone@${input.domains[0] ?? "contoso.com"}`;
  return `${modeline("guests/example-partner.yaml", "guests.schema.json")}
# One partner organisation's guests. Copy this file for each partner (guests/fabrikam.yaml), set its
# name, its mail domains and a default sponsor, and list its guests. \`npx guestops plan\` shows each
# invitation before anything is deployed. Delete this file once a real partner file exists.
partner: Example Partner
domains: [partner.example]
# sponsor: ${sponsor}   # default sponsor for the guests below: someone in ${input.domains.join(" or ")}

guests: []
# A guest looks like this (replace "guests: []" above with "guests:" and the entries):
#  - email: ana.silva@partner.example
#    displayName: Ana Silva (Example Partner)
#    expires: 2027-05-31
#    justification: CHG-1042 ERP migration, data mapping lead
#    groups: [erp-migration-project]
`;
}

function pulumiProject(): string {
  return `# The guestops Pulumi project of this tenant repository. Each stack reads stacks/<stack>.yaml and
# guests/ from this folder; the program itself is the installed guestops package's.
name: guestops
description: B2B guests of an Entra ID tenant, reconciled from guests/*.yaml
runtime:
  name: nodejs
  options:
    typescript: false
main: ${PULUMI_MAIN}
`;
}

function pulumiStack(stack: string): string {
  return `${modeline(`Pulumi.${stack}.yaml`, "pulumi-stack.schema.json")}
# Pulumi settings of the stack "${stack}". The tenant, policy and catalog live in stacks/${stack}.yaml, and the
# guests in guests/; this file holds Pulumi configuration only, and no secrets.
# \`pulumi stack init\` adds the secrets-provider settings here.
config:
  # Every resource names the explicit provider built from stacks/${stack}.yaml's tenantId. Refusing the
  # default provider means a resource without one fails instead of acting on whatever tenant
  # ARM_TENANT_ID or an az session points at.
  pulumi:disable-default-providers:
    - azuread
  # The day expiry is judged against, YYYY-MM-DD; default today (UTC). Set it only to reproduce a
  # past run, and remove it afterwards, or expiry stops advancing.
  # guestops:asOf: "2026-12-01"
`;
}

const SCRIPTS = { validate: "guestops validate", plan: "guestops plan" };

function packageFile(input: ScaffoldInput): string {
  let json: Record<string, unknown> = { name: `guestops-${input.stack}`, private: true, description: "Entra ID B2B guests of our tenant, declared in YAML and deployed by guestops" };
  if (input.packageJson !== undefined) {
    const parsed: unknown = JSON.parse(input.packageJson.replace(/^\uFEFF/, ""));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  }
  const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const scripts = record(json.scripts);
  // npm init -y writes a test script that fails; the tenant's checks are validate and plan.
  if (typeof scripts.test === "string" && scripts.test.includes("no test specified")) delete scripts.test;
  const dependencies = record(json.dependencies);
  // An exact pin: the workflows run the version in the base branch's lock file, and an upgrade is a PR.
  dependencies.guestops = input.version;
  const devDependencies = record(json.devDependencies);
  delete devDependencies.guestops;
  const out: Record<string, unknown> = { ...json, private: true, scripts: { ...SCRIPTS, ...scripts }, dependencies: sortKeys(dependencies) };
  if (Object.keys(devDependencies).length > 0) out.devDependencies = devDependencies;
  else delete out.devDependencies;
  return JSON.stringify(out, null, 2) + "\n";
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function vscodeSettings(): string {
  const schemas = Object.fromEntries(Object.entries(SCHEMA_GLOBS).map(([schema, globs]) => [`./${PACKAGE_DIR}/schemas/${schema}`, globs]));
  return JSON.stringify({ "yaml.schemas": schemas }, null, 2) + "\n";
}

function codeowners(input: ScaffoldInput): string {
  const people = input.owners.map((o) => ({ email: o.email, ...(o.login !== undefined && { github: o.login }) }));
  return buildCodeowners([{ name: input.stack, owners: input.owners.map((o) => o.email) }], people).text;
}

function readme(input: ScaffoldInput): string {
  return `# Guests of our Entra ID tenant

The B2B guests of tenant \`${input.tenantId}\`, declared in YAML and deployed by
[guestops](https://www.npmjs.com/package/guestops) ${input.version}, which \`package.json\` pins.

- \`stacks/${input.stack}.yaml\`: the tenant, its owners, policy and catalog of groups and apps.
- \`guests/*.yaml\`: one file per partner organisation, one entry per guest.
- \`people.yaml\`: the owners' logins, for the approval gate and CODEOWNERS.

Install, then check a change the way every pull request is checked:

\`\`\`sh
npm ci --ignore-scripts
npx guestops validate && npx guestops plan
\`\`\`

A pull request shows its plan and asks the owners it needs; a merge to the default branch deploys.
Upgrading guestops is a version bump in a pull request, then \`npx guestops init --upgrade\` for the
workflows.
`;
}
