// guestops catalog add: a group's or an app's ids looked up by display name in the tenant, with the
// read-only Graph client, and written as a catalog entry into the stack file (or a shard's tenant file).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { appendSeqItem, insertMapEntry } from "../../edit/insert-map-entry";
import { chooseOne, chooseRoles, findApps, findGroups } from "../../graph/look-up-catalog";
import { loadRepo } from "../../load/load-repo";
import { tenantPathOf } from "../../load/join-tenant";
import { workingTree } from "../../load/read-working-tree";
import { terminal } from "../../output/escape";
import { slugOf } from "../../model/words";
import { EXIT, UsageError } from "../errors";
import type { CommandContext } from "../context";
import { connectGraphTo, GRAPH_HELP } from "../graph-session";
import { parseFlagsAndWords, repositoryRoot, selectStack } from "../options";
import { writeAll } from "../write-files";

export const help = `Usage: guestops catalog add group NAME --owner EMAIL... [--key KEY] [--stack NAME]
       guestops catalog add app NAME --owner EMAIL... [--role ROLE]... [--key KEY] [--stack NAME]

Looks a group up by its display name in the stack's tenant and adds it to the catalog
(groups: in stacks/NAME.yaml, or in tenants/T.yaml for a shard) with its objectId; or an
enterprise application's service principal with its role ids (apps:). Reads Microsoft
Graph only (GroupMember.Read.All or Group.Read.All, Application.Read.All); the edit
keeps every other byte of the file. Review it, run guestops validate, and open a PR:
the plan shows the new entry, which a stack owner approves.

Options:
  --owner EMAIL[=LOGIN]
                      Who approves each grant of it; repeat for more. Required. Each
                      owner needs a login in people.yaml: with =LOGIN, an owner who
                      has no entry there gets one (github, or azureDevOps when that is
                      the only login people.yaml uses).
  --key KEY           The catalog key guests' files name (lower case, digits, dashes).
                      Default: the display name as a slug ("ERP Project" → erp-project).
  --role ROLE         (app) A role to list, by its value; repeat for more. Default:
                      every enabled role that users can be given.
  --stack NAME        The stack whose catalog to add to. Default: $PULUMI_STACK, or the
                      only stack.
${GRAPH_HELP}
  -h, --help          Show this help.

Two groups or apps with the same display name are an error listing their ids.
Exit codes: 0 added, 1 not found or ambiguous, 2 usage error, 5 Graph refused or failed,
70 internal error.

Examples:
  guestops catalog add group "ERP Migration Project" --owner priya.natarajan@contoso.com
  guestops catalog add app "Contoso Expenses" --role Submitter --role Approver --owner olivia.chen@contoso.com
`;

export const CATALOG_ADD_OPTIONS = {
  owner: { type: "string", multiple: true },
  key: { type: "string" },
  role: { type: "string", multiple: true },
  stack: { type: "string" },
  "graph-url": { type: "string" },
  credential: { type: "string" },
} as const;

export const options = CATALOG_ADD_OPTIONS;
export const subcommands = { add: CATALOG_ADD_OPTIONS };

const KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const EMAIL = /^[^@\s=]+@[^@\s=]+$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { slugOf };

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseFlagsAndWords(argv, CATALOG_ADD_OPTIONS);
  const [verb, kind, name, ...extra] = positionals;
  if (verb !== "add") throw new UsageError(verb === undefined ? "catalog needs a subcommand" : `unknown catalog subcommand ${JSON.stringify(verb)}`, 'use guestops catalog add group "NAME" or guestops catalog add app "NAME"');
  if (kind !== "group" && kind !== "app") throw new UsageError(`catalog add takes group or app, not ${JSON.stringify(kind ?? "")}`, 'guestops catalog add group "ERP Migration Project" --owner EMAIL');
  if (name === undefined || name.trim() === "") throw new UsageError(`catalog add ${kind} needs the display name`, `quote it: guestops catalog add ${kind} "Display Name" --owner EMAIL`);
  if (extra.length > 0) throw new UsageError(`catalog add ${kind} takes one name; got also ${extra.map((e) => JSON.stringify(e)).join(", ")}`, "quote a name that has spaces");
  if (kind === "group" && values.role !== undefined) throw new UsageError("--role is for apps", "groups have no roles; leave --role out");
  const ownerArgs = (values.owner ?? []).map((o) => {
    const at = o.indexOf("=");
    return at < 0 ? { email: o } : { email: o.slice(0, at), login: o.slice(at + 1) };
  });
  if (ownerArgs.length === 0) throw new UsageError(`catalog add ${kind} needs --owner EMAIL`, "every catalog entry names who approves its grants (one or more --owner)");
  for (const o of ownerArgs) {
    if (!EMAIL.test(o.email)) throw new UsageError(`--owner ${JSON.stringify(o.email)} is not an email address`, "pass the owner's address, such as --owner priya.natarajan@contoso.com");
    if (o.login !== undefined && !/^\S{1,254}$/.test(o.login)) throw new UsageError(`--owner ${o.email}: ${JSON.stringify(o.login)} is not a login`, "write --owner EMAIL=LOGIN, such as --owner priya.natarajan@contoso.com=priya-n-contoso");
  }
  const owners = ownerArgs.map((o) => o.email);
  const key = values.key ?? slugOf(name);
  if (!KEY.test(key)) throw new UsageError(values.key !== undefined ? `--key ${JSON.stringify(key)} is not a catalog key` : `${JSON.stringify(name)} makes no catalog key`, "pass --key with lower case letters, digits and dashes, such as --key erp-project");

  const root = repositoryRoot(ctx.cwd);
  const source = workingTree(root);
  const stack = await selectStack(source, values.stack, ctx.env);
  const load = await loadRepo(source, stack);
  const file = load.tenant !== undefined ? tenantPathOf(load.tenant) : load.stackPath;
  const declared = load.stack?.value as Record<string, unknown> | undefined;
  const tenantId = declared?.tenantId;
  if (typeof tenantId !== "string" || !GUID.test(tenantId)) throw new UsageError(`${file} has no valid tenantId, so there is no tenant to look ${JSON.stringify(name)} up in`, `set tenantId in ${file} (see guestops validate)`);
  const section = kind === "group" ? "groups" : "apps";
  const catalog = (declared?.[section] ?? {}) as Record<string, Record<string, unknown> | null>;
  if (catalog !== null && typeof catalog === "object" && Object.hasOwn(catalog, key)) throw new UsageError(`${file} already has ${section}.${key}`, "pass another --key, or edit the entry by hand");

  const client = connectGraphTo(values, ctx, { tenantId, cloud: declared?.cloud, stackName: stack });
  let entry: Record<string, unknown>;
  let shown: string;
  if (kind === "group") {
    const chosen = chooseOne("group", name, await findGroups(client, name));
    if ("error" in chosen) return fail(ctx, chosen);
    entry = { objectId: chosen.value.id, displayName: chosen.value.displayName, owners, allowGuests: true };
    shown = `objectId ${chosen.value.id}`;
  } else {
    const chosen = chooseOne("app", name, await findApps(client, name));
    if ("error" in chosen) return fail(ctx, chosen);
    const roles = chooseRoles(chosen.value, values.role ?? []);
    if ("error" in roles) return fail(ctx, roles);
    const unnamed = Object.keys(roles.roles).filter((r) => !ROLE_NAME.test(r));
    if (unnamed.length > 0) return fail(ctx, { error: `role ${unnamed.map((r) => JSON.stringify(r)).join(", ")} of ${JSON.stringify(name)} cannot be a catalog role name`, hint: "role names are letters, digits, '.', '_' and '-'; pass --role with the roles you need, or add them by hand" });
    entry = { servicePrincipalId: chosen.value.id, displayName: chosen.value.displayName, owners, roles: roles.roles };
    shown = `servicePrincipalId ${chosen.value.id}, ${Object.keys(roles.roles).length} role${Object.keys(roles.roles).length === 1 ? "" : "s"}${Object.keys(roles.roles).length > 0 ? ` (${Object.keys(roles.roles).join(", ")})` : ""}`;
  }
  const used = Object.entries(catalog ?? {}).find(([, e]) => e !== null && typeof e === "object" && (kind === "group" ? e.objectId : e.servicePrincipalId) === entry[kind === "group" ? "objectId" : "servicePrincipalId"]);
  if (used) throw new UsageError(`${JSON.stringify(name)} is already in ${file} as ${section}.${used[0]}`, "one catalog key per group or app: name the existing key in guest files");

  const path = join(root, ...file.split("/"));
  const edited = insertMapEntry(readFileSync(path, "utf8"), [section], key, entry);
  if ("error" in edited) throw new UsageError(`${file}: ${edited.error}`, `add the entry by hand under ${section}:`);
  const writes: Record<string, string> = { [file]: edited.text };
  const people = (load.people?.value?.people ?? []) as { email?: unknown; github?: unknown; azureDevOps?: unknown }[];
  const listed = new Set(people.map((p) => String(p.email).toLowerCase()));
  const known = new Set(people.filter((p) => typeof p.github === "string" || typeof p.azureDevOps === "string").map((p) => String(p.email).toLowerCase()));
  const added = addPeople(root, people, ownerArgs.filter((o) => o.login !== undefined && !listed.has(o.email.toLowerCase())) as { email: string; login: string }[]);
  if (added) {
    writes["people.yaml"] = added.text;
    for (const email of added.emails) known.add(email.toLowerCase());
  }
  writeAll(root, writes);
  ctx.stdout.write(`added ${section}.${key} to ${file}: ${terminal(String(entry.displayName))}, ${shown}\n`);
  if (added) ctx.stdout.write(`added ${added.emails.map(terminal).join(", ")} to people.yaml\n`);
  const noLogin = owners.filter((o) => !known.has(o.toLowerCase()));
  if (noLogin.length > 0) ctx.stdout.write(`next: add ${noLogin.map((o) => `{ email: ${terminal(o)}, github: LOGIN }`).join(" and ")} to people.yaml (or pass --owner EMAIL=LOGIN), so that the approval gate can count their review\n`);
  ctx.stdout.write("then: guestops validate, and open a pull request\n");
  return EXIT.ok;
}

/** people.yaml with an entry for each new owner, written the way its entries are; undefined when there is nothing to add. */
function addPeople(root: string, people: readonly { github?: unknown; azureDevOps?: unknown }[], owners: readonly { email: string; login: string }[]): { text: string; emails: string[] } | undefined {
  if (owners.length === 0) return undefined;
  const path = join(root, "people.yaml");
  if (!existsSync(path)) throw new UsageError("there is no people.yaml to add the owners' logins to", "create people.yaml (guestops init writes one), or leave =LOGIN out");
  // The login field the file already uses: github, unless every login in it is an Azure DevOps one.
  const field = people.some((p) => typeof p.azureDevOps === "string") && !people.some((p) => typeof p.github === "string") ? "azureDevOps" : "github";
  let text = readFileSync(path, "utf8");
  for (const o of owners) {
    if (field === "github" && !GITHUB_LOGIN.test(o.login)) throw new UsageError(`--owner ${o.email}: ${JSON.stringify(o.login)} is not a GitHub login`, "a login is letters, digits and single hyphens, at most 39 characters");
    const next = appendSeqItem(text, ["people"], { email: o.email, [field]: o.login }, true);
    if ("error" in next) throw new UsageError(`people.yaml: ${next.error}`, `add { email: ${o.email}, ${field}: ${o.login} } to people.yaml by hand`);
    text = next.text;
  }
  return { text, emails: owners.map((o) => o.email) };
}

function fail(ctx: CommandContext, problem: { error: string; hint: string }): number {
  ctx.stderr.write(`guestops: ${terminal(problem.error)}\nhint: ${terminal(problem.hint)}\n`);
  return EXIT.invalid;
}
