// guestops init: scaffolds a tenant repository (data and wiring only, pinning this guestops version)
// that validates from its first command; --upgrade refreshes its workflow templates.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { buildScaffold, CI_KINDS, templateForStack, wantsTemplate, type CiKind, type Owner } from "../../init/build-scaffold";
import { terminal } from "../../output/escape";
import packageJson from "../../../package.json";
import { EXIT, UsageError } from "../errors";
import { parseFlagsAndWords } from "../options";
import type { CommandContext } from "../context";
import { readTemplates } from "../package-files";
import { writeAll } from "../write-files";

export const help = `Usage: guestops init [DIR] --tenant-id UUID --domain DOMAIN... --owner EMAIL=LOGIN...
                     [--stack NAME] [--ci github|azure|both] [--force]
       guestops init [DIR] --upgrade [--ci github|azure|both]

Writes a tenant repository into DIR (default: the current folder): stacks/NAME.yaml,
people.yaml, a commented first partner file, Pulumi.yaml and Pulumi.NAME.yaml,
package.json pinning guestops ${packageJson.version}, .gitignore, CODEOWNERS, the workflows,
.vscode/settings.json and a README. Every file validates as written. On a terminal it
asks for what the flags do not give; elsewhere a missing flag is a usage error.

Options:
  --tenant-id UUID     The Entra ID tenant (directory) id.
  --domain DOMAIN      An internal mail domain, such as contoso.com; repeat for more.
  --stack NAME         The stack's name, also the Pulumi stack's. Default: prod.
  --owner EMAIL=LOGIN  A stack owner and their login, written to people.yaml; repeat for
                       more. LOGIN is the GitHub login (--ci github or both; both also
                       writes the email as the Azure DevOps uniqueName), or the Azure
                       DevOps uniqueName (--ci azure, default the email: --owner EMAIL).
  --ci KIND            github (GitHub Actions, the default on a terminal), azure (Azure
                       Pipelines) or both: which workflow templates to write.
  --force              Write over files that exist. Without it, init lists them and
                       writes nothing. An existing package.json is always merged.
  --upgrade            Refresh the workflow templates of an existing tenant repository
                       from the installed guestops, and say per file what changed. Data
                       files are never touched.
  -h, --help           Show this help.

Exit codes: 0 written, 2 usage error (a missing or wrong flag, files in the way), 70
internal error.

Examples:
  npx guestops init . --tenant-id 94064533-4527-47b7-9975-e04a81fb6295 --domain contoso.com \\
      --owner mei.lin@contoso.com=mei-lin-contoso --ci github
  npx guestops init --upgrade
`;

export const INIT_OPTIONS = {
  "tenant-id": { type: "string" },
  domain: { type: "string", multiple: true },
  stack: { type: "string" },
  owner: { type: "string", multiple: true },
  ci: { type: "string" },
  force: { type: "boolean" },
  upgrade: { type: "boolean" },
} as const;

export const options = INIT_OPTIONS;

/** Asks one question on the terminal; undefined when there is none to ask on. */
export type Ask = (question: string) => Promise<string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const EMAIL = /^[A-Za-z0-9._%'-]+@[A-Za-z0-9.-]+$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const STACK = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  if (!process.stdin.isTTY) return runInit(argv, ctx, undefined);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await runInit(argv, ctx, (q) => rl.question(q));
  } finally {
    rl.close();
  }
}

export async function runInit(argv: string[], ctx: CommandContext, ask: Ask | undefined): Promise<number> {
  const { values, positionals } = parseFlagsAndWords(argv, INIT_OPTIONS);
  if (positionals.length > 1) throw new UsageError(`init takes one folder, not ${positionals.length} (${positionals.map((p) => JSON.stringify(p)).join(", ")})`, "guestops init [DIR] --tenant-id ...");
  const dir = resolve(ctx.cwd, positionals[0] ?? ".");
  const ci = values.ci === undefined ? undefined : parseCi(values.ci);
  if (values.upgrade) {
    const extra = (["tenant-id", "domain", "stack", "owner", "force"] as const).filter((f) => values[f] !== undefined);
    if (extra.length > 0) throw new UsageError(`--upgrade refreshes the workflows only; it takes no ${extra.map((f) => `--${f}`).join(", ")}`, "run guestops init --upgrade [--ci KIND] in the tenant repository");
    return upgrade(dir, ci, ctx);
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder`, "pass the folder to write the tenant repository into");

  const missing: string[] = [];
  const tenantId = values["tenant-id"] ?? (await prompt(ask, "Tenant id (the directory id, a UUID): ", "--tenant-id UUID", missing));
  const domains = values.domain ?? splitList(await prompt(ask, "Internal mail domains, comma-separated (contoso.com): ", "--domain DOMAIN", missing));
  const stack = values.stack ?? ((ask && (await ask("Stack name [prod]: ")).trim()) || "prod");
  const ownerArgs = values.owner ?? splitList(await prompt(ask, "Stack owners as EMAIL=GITHUB-LOGIN, comma-separated: ", "--owner EMAIL=LOGIN", missing));
  const ciKind = ci ?? (ask ? parseCi((await ask("CI: github, azure or both [github]: ")).trim() || "github") : (missing.push("--ci github|azure|both"), "github"));
  if (missing.length > 0) throw new UsageError(`init needs ${missing.join(", ")}`, "pass them as flags (there is no terminal to ask on); see guestops init --help");

  if (tenantId === undefined || !UUID.test(tenantId)) throw new UsageError(`--tenant-id ${JSON.stringify(tenantId)} is not a tenant id`, "pass the directory (tenant) id, a UUID: az account show --query tenantId");
  if (domains.length === 0) throw new UsageError("--domain is empty", "pass at least one internal mail domain, such as --domain contoso.com");
  for (const d of domains) if (!DOMAIN.test(d)) throw new UsageError(`--domain ${JSON.stringify(d)} is not a domain name`, "pass a mail domain such as contoso.com, without @ or a scheme");
  if (!STACK.test(stack)) throw new UsageError(`--stack ${JSON.stringify(stack)} is not a stack name`, "stack names use letters, digits, '.', '_' and '-'");
  const owners = ownerArgs.map((o) => parseOwner(o, ciKind, domains));
  if (owners.length === 0) throw new UsageError("--owner is empty", "pass at least one stack owner, --owner EMAIL=LOGIN");
  const dup = owners.find((o, i) => owners.findIndex((p) => p.email.toLowerCase() === o.email.toLowerCase()) !== i);
  if (dup) throw new UsageError(`--owner ${dup.email} is given twice`, "name each stack owner once");

  const packagePath = join(dir, "package.json");
  const files = buildScaffold({ tenantId, domains, stack, owners, ci: ciKind, version: packageJson.version, templates: readTemplates(), ...(existsSync(packagePath) && { packageJson: readPackageJson(packagePath) }) });
  // An existing package.json is npm init's (or the team's own): it is merged, keeping what is there.
  const inTheWay = Object.keys(files).filter((p) => p !== "package.json" && existsSync(join(dir, p)));
  if (inTheWay.length > 0 && !values.force) {
    throw new UsageError(`${inTheWay.length} file${inTheWay.length === 1 ? "" : "s"} would be overwritten: ${inTheWay.map(terminal).join(", ")}`, "nothing was written; move them away, or pass --force to overwrite them (or --upgrade to refresh only the workflows)");
  }
  writeAll(dir, files);
  const near = relative(ctx.cwd, dir);
  const shown = near === "" ? "." : near.startsWith("..") ? dir : near;
  ctx.stdout.write(`wrote a tenant repository for stack ${stack} in ${terminal(shown)}:\n${Object.keys(files).sort().map((p) => `  ${terminal(p)}\n`).join("")}`);
  const cd = shown === "." ? "" : `  cd ${terminal(JSON.stringify(shown))}\n`;
  ctx.stdout.write(`next:\n${cd}  npm install              # records the exact guestops pin in package-lock.json\n  npx guestops validate\n  npx guestops catalog add group "NAME" --owner EMAIL\n`);
  return EXIT.ok;
}

async function prompt(ask: Ask | undefined, question: string, flag: string, missing: string[]): Promise<string | undefined> {
  if (!ask) {
    missing.push(flag);
    return undefined;
  }
  return (await ask(question)).trim();
}

function splitList(text: string | undefined): string[] {
  return (text ?? "").split(/[,\s]+/).filter((s) => s !== "");
}

function parseCi(value: string): CiKind {
  if (!(CI_KINDS as readonly string[]).includes(value)) throw new UsageError(`--ci ${JSON.stringify(value)} is not a CI this tool has workflows for`, `use one of: ${CI_KINDS.join(", ")}`);
  return value as CiKind;
}

function parseOwner(arg: string, ci: CiKind, domains: readonly string[]): Owner {
  const at = arg.indexOf("=");
  const email = (at < 0 ? arg : arg.slice(0, at)).trim();
  const login = at < 0 ? undefined : arg.slice(at + 1).trim();
  if (!EMAIL.test(email)) throw new UsageError(`--owner ${JSON.stringify(arg)}: ${JSON.stringify(email)} is not an email address`, "write --owner EMAIL=LOGIN, such as --owner mei.lin@contoso.com=mei-lin-contoso");
  const domain = email.slice(email.indexOf("@") + 1).toLowerCase();
  if (!domains.some((d) => d.toLowerCase() === domain)) throw new UsageError(`--owner ${email} is not in the internal domains (${domains.join(", ")})`, "stack owners are people of the home tenant: pass their address in a --domain");
  if (ci !== "azure") {
    if (login === undefined || login === "") throw new UsageError(`--owner ${email} has no GitHub login`, `write --owner ${email}=LOGIN: the approval gate and CODEOWNERS know reviewers by their GitHub login`);
    if (!GITHUB_LOGIN.test(login)) throw new UsageError(`--owner ${email}: ${JSON.stringify(login)} is not a GitHub login`, "a login is letters, digits and single hyphens, at most 39 characters");
  } else if (login !== undefined && !/^\S{1,254}$/.test(login)) throw new UsageError(`--owner ${email}: ${JSON.stringify(login)} is not an Azure DevOps uniqueName`, "use their sign-in address, or leave =LOGIN out to use the email");
  return { email, ...(login !== undefined && login !== "" && { login }) };
}

function readPackageJson(path: string): string {
  const text = readFileSync(path, "utf8");
  try {
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ""));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
  } catch (err) {
    throw new UsageError(`${path} is not a JSON object (${(err as Error).message.split("\n")[0]})`, "fix or remove package.json, then run guestops init again");
  }
  return text;
}

/** The stack the workflows name: the repository's only stack file's, else the example's prod. */
function stackOfRepository(dir: string): string {
  const stacks = readdirSync(join(dir, "stacks")).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length));
  return stacks.length === 1 ? stacks[0]! : "prod";
}

async function upgrade(dir: string, flag: CiKind | undefined, ctx: CommandContext): Promise<number> {
  if (!existsSync(join(dir, "stacks"))) throw new UsageError(`${dir} has no stacks/ folder, so it is not a tenant repository to upgrade`, "run guestops init --upgrade in the tenant repository, or guestops init to create one");
  const github = existsSync(join(dir, ".github", "workflows"));
  const azure = existsSync(join(dir, "azure-pipelines.yml")) || existsSync(join(dir, ".azure-pipelines"));
  const ci = flag ?? (github && azure ? "both" : github ? "github" : azure ? "azure" : undefined);
  if (ci === undefined) throw new UsageError("no workflows found to upgrade (.github/workflows/, azure-pipelines.yml)", "pass --ci github, azure or both to add them");
  const templates = Object.entries(readTemplates()).filter(([path]) => wantsTemplate(ci, path));
  const changes: string[] = [];
  const writes: Record<string, string> = {};
  const stack = stackOfRepository(dir);
  for (const [path, template] of templates) {
    const target = join(dir, ...path.split("/"));
    const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
    const text = templateForStack(template, stack);
    const status = current === undefined ? "added" : current === text ? "unchanged" : "updated";
    if (status !== "unchanged") writes[path] = text;
    changes.push(`  ${status.padEnd(9)} ${path}\n`);
  }
  writeAll(dir, writes);
  const count = Object.keys(writes).length;
  ctx.stdout.write(`workflows of guestops ${packageJson.version} (${ci}): ${count === 0 ? "all up to date" : `${count} changed`}\n${changes.join("")}`);
  if (count > 0) ctx.stdout.write("review them with git diff and commit them with the version bump\n");
  return EXIT.ok;
}

