// Rules for Pulumi's own project file, Pulumi.yaml: what a deploy runs and where it reads the stack's
// settings must be what the plan judged, so neither may point away from the files guestops reads.
import { quote } from "../model/words";
import type { Rule } from "./rule";
import { isPlainMap } from "./values";

/** The package whose program a tenant repository may name as `main` (from its node_modules). */
export const PROGRAM_PACKAGE = "guestops";

// Pulumi reads Pulumi.<stack>.yaml from stackConfigDir: anywhere but the root, the deploy would use settings
// (guestops:asOf, guestops:allowEmpty, secrets) that validate and plan never read.
export const stackSettingsAtRoot: Rule = (ctx) => {
  const file = ctx.projectFile;
  const dir = file?.value?.stackConfigDir;
  if (!file || dir === undefined || typeof dir !== "string") return;
  if (normalise(dir) === ".") return;
  ctx.error(file, ["stackConfigDir"], `stackConfigDir ${quote(dir)} moves the stack settings away from Pulumi.<stack>.yaml at the repository root, which validate and plan read; remove stackConfigDir (or set it to ".")`);
};

// `main` is the code a deploy runs with the tenant's write identity: it must be a program this repository
// ships (its own files, or the pinned guestops package), never a file outside it or another package.
export const programInRepository: Rule = (ctx) => {
  const file = ctx.projectFile;
  const main = file?.value?.main;
  if (!file || typeof main !== "string") return;
  const problem = mainProblem(main);
  if (problem) ctx.error(file, ["main"], `main ${quote(main)} ${problem}; point it at the program in the repository, such as "src/pulumi/main.js", or at "node_modules/${PROGRAM_PACKAGE}/src/pulumi/main.js"`);
};

// Pulumi.yaml's config is a default for every stack's config, but plan and validate read guestops: keys from
// Pulumi.<stack>.yaml only: a guestops:asOf or allowEmpty here would reach the deploy unjudged. (A key
// without a namespace belongs to the project: in the guestops project, `asOf` is guestops:asOf.)
export const guestopsConfigInStackFile: Rule = (ctx) => {
  const file = ctx.projectFile;
  const config = file?.value?.config;
  if (!file || !isPlainMap(config)) return;
  const project = typeof file.value?.name === "string" ? file.value.name : undefined;
  for (const key of Object.keys(config)) {
    const namespace = key.includes(":") ? key.slice(0, key.indexOf(":")) : project;
    if (namespace !== PROGRAM_PACKAGE) continue;
    const name = key.includes(":") ? "" : ` (${PROGRAM_PACKAGE}:${key}, a key of this project)`;
    ctx.error(file, ["config", key], `config ${quote(key)}${name} in Pulumi.yaml would apply to every stack's deploy, but plan and validate read guestops settings only from Pulumi.<stack>.yaml; move it there`, { key: true });
  }
};

/** Why a `main` is refused, or undefined: relative, inside the repository, and not another package's. */
export function mainProblem(main: string): string | undefined {
  if (/^([\\/]|[A-Za-z]:|~)/.test(main)) return "is an absolute path: a deploy would run a program outside the repository";
  const path = normalise(main);
  if (path === ".." || path.startsWith("../")) return "leads out of the repository";
  const parts = path.split("/");
  const modules = parts.indexOf("node_modules");
  if (modules >= 0 && (modules !== 0 || parts[1] !== PROGRAM_PACKAGE)) return `is inside node_modules but not node_modules/${PROGRAM_PACKAGE}: a deploy would run another package's code`;
  return undefined;
}

/** A relative path with `\` as `/`, `.` and empty segments dropped and `..` applied; "." for the root. */
function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out.length === 0 ? "." : out.join("/");
}

export const pulumiRules: readonly Rule[] = [stackSettingsAtRoot, programInRepository, guestopsConfigInStackFile];
