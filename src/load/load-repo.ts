// The one loader: every command (validate, plan, the Pulumi program) reads a stack and its guest files
// through here, from the working tree or from a Git revision.
import type { GuestFile } from "../model/guests-schema";
import type { PeopleFile } from "../model/people-schema";
import type { Problem } from "../model/problem";
import type { PulumiProjectFile } from "../model/pulumi-project-schema";
import type { PulumiStackFile } from "../model/pulumi-stack-schema";
import type { StackFile } from "../model/stack-schema";
import type { SchemaName } from "./check-schema";
import { checkFile, type CheckedFile } from "./check-file";
import { checkFiles } from "./check-files";
import { blobIdOf, type FileSource, type ReadFile } from "./file-source";
import { joinTenant, tenantNameOf, tenantPathOf } from "./join-tenant";
import { locate, tooLargeMessage, type ParsedYaml } from "./parse-yaml";
import { selectGuestFiles, usablePatterns, type PatternProblem } from "./select-guest-files";

export const STACKS_DIR = "stacks";
/** Owners' code-host logins, shared by every stack; optional. */
export const PEOPLE_PATH = "people.yaml";
/** Pulumi's project file: the program it runs and where it reads each stack's settings. */
export const PROJECT_PATH = "Pulumi.yaml";
export const DEFAULT_GUEST_FILES = ["guests/**/*.yaml", "guests/**/*.yml"];

export interface LoadedFile<T> {
  path: string;
  blobId: string;
  parsed: ParsedYaml;
  /** The value when the file parsed; it may still have schema problems. */
  value?: T;
  /** YAML and schema problems of this file. */
  problems: Problem[];
}

export interface LoadResult {
  stackName: string;
  stackPath: string;
  /**
   * Undefined when the stack file does not exist in the source. For a shard, the tenant file
   * (tenants/<name>.yaml) with the shard's guestFiles: what rules, plans and the program read.
   */
  stack?: LoadedFile<StackFile>;
  /** Set when the stack is a shard: the tenant it names, and its own stack file as written. */
  tenant?: string;
  shardFile?: LoadedFile<StackFile>;
  /** `Pulumi.<stack>.yaml`: its `guestops:` keys change what the program deploys, so they are read too. */
  pulumiPath: string;
  pulumi?: LoadedFile<PulumiStackFile>;
  /** Pulumi.yaml, when the source has one: what a deploy runs, and where it reads Pulumi.<stack>.yaml. */
  project?: LoadedFile<PulumiProjectFile>;
  guestFiles: LoadedFile<GuestFile>[];
  /** people.yaml, when the source has one. */
  people?: LoadedFile<PeopleFile>;
  /** The patterns that selected the guest files. */
  guestPatterns: string[];
  /** Files beside the guest files that no pattern selects, such as `fabrikam.YAML`, `fabrikam.yaml.bak`, or a `.md` that holds guests. */
  unselected: string[];
  problems: Problem[];
}

/** Parsed files by schema and blob id, so identical bytes (say, in base and head) are parsed and checked once. */
export type ParseCache = Map<string, CheckedFile>;

export function stackPathOf(stackName: string): string {
  return `${STACKS_DIR}/${stackName}.yaml`;
}

/** Pulumi's own settings file for the stack, beside Pulumi.yaml at the repository root. */
export function pulumiPathOf(stackName: string): string {
  return `Pulumi.${stackName}.yaml`;
}

/** Names of the stacks in the source: the base names of `stacks/*.yaml`. */
export async function listStacks(source: FileSource): Promise<string[]> {
  const files = await source.list([STACKS_DIR]);
  return files
    .map((f) => /^stacks\/([^/]+)\.yaml$/.exec(f.path)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
}

/** Each stack's tenant, by stack name: undefined for a stack that is a whole tenant itself. */
export async function readStackTenants(source: FileSource, cache: ParseCache = new Map()): Promise<Map<string, string | undefined>> {
  const names = await listStacks(source);
  const reads = await source.read(names.map((n) => ({ path: stackPathOf(n) })), (id) => cache.has(cacheKey("stack", id)));
  const files = loadFiles<StackFile>(reads, "stack", cache);
  return new Map(names.map((n, i) => [n, tenantNameOf(files[i])]));
}

export async function loadRepo(source: FileSource, stackName: string, cache: ParseCache = new Map()): Promise<LoadResult> {
  const stackPath = stackPathOf(stackName);
  const pulumiPath = pulumiPathOf(stackName);
  const problems: Problem[] = [];
  const [stackRead] = await source.read([{ path: stackPath }], (id) => cache.has(cacheKey("stack", id)));
  const [stackFile] = stackRead === undefined || stackRead.error === "file not found" ? [] : loadFiles<StackFile>([stackRead], "stack", cache);
  if (stackFile) problems.push(...stackFile.problems);
  // A shard reads its tenant's policy and catalog from tenants/<name>.yaml, through the same source.
  const tenant = tenantNameOf(stackFile);
  let stack = stackFile;
  if (stackFile && tenant) {
    const tenantFile = await loadTenantFile(source, tenant, cache);
    const joined = joinTenant(stackFile, tenant, tenantFile);
    stack = joined.stack;
    problems.push(...(tenantFile?.problems ?? []), ...joined.problems);
  }
  const [pulumiRead] = await source.read([{ path: pulumiPath }], (id) => cache.has(cacheKey("pulumi", id)));
  const [pulumi] = pulumiRead === undefined || pulumiRead.error === "file not found" ? [] : loadFiles<PulumiStackFile>([pulumiRead], "pulumi", cache);
  if (pulumi) problems.push(...pulumi.problems);
  const [projectRead] = await source.read([{ path: PROJECT_PATH }], (id) => cache.has(cacheKey("project", id)));
  const [project] = projectRead === undefined || projectRead.error === "file not found" ? [] : loadFiles<PulumiProjectFile>([projectRead], "project", cache);
  if (project) problems.push(...project.problems);
  const people = await loadPeople(source, cache);
  if (people) problems.push(...people.problems);

  const { patterns, refused } = usablePatterns(stackFile?.value?.guestFiles, DEFAULT_GUEST_FILES);
  const selection = await selectGuestFiles(source, patterns, STACKS_DIR);
  const { selected, unselected } = selection;
  problems.push(...selection.problems);
  // The patterns are written in the stack file itself, a shard's own file included.
  if (stackFile) {
    // The schema refuses such a pattern too, at the same place: one error there is enough.
    const placed = new Set(stackFile.problems.map((p) => `${p.line}:${p.column}`));
    const own = refused.map((p) => patternProblem(stackFile, p)).filter((p) => !placed.has(`${p.line}:${p.column}`));
    problems.push(...own, ...selection.patternProblems.map((p) => patternProblem(stackFile, p)));
  }
  const reads = await source.read(selected, (id) => cache.has(cacheKey("guests", id)));
  await checkMisses(reads, "guests", cache);
  const guestFiles = loadFiles<GuestFile>(reads, "guests", cache);
  for (const f of guestFiles) problems.push(...f.problems);

  const shard = tenant ? { tenant, shardFile: stackFile } : {};
  return { stackName, stackPath, stack, ...shard, pulumiPath, ...(pulumi && { pulumi }), ...(project && { project }), guestFiles, people, guestPatterns: patterns, unselected, problems };
}

/** Drops every parsed file but those of `load`: a long history then keeps one version of each file, not all. */
export function pruneParseCache(cache: ParseCache, load: LoadResult): void {
  const live = new Set<string>();
  const keep = (schema: SchemaName, file: LoadedFile<unknown> | undefined) => file && file.blobId && live.add(cacheKey(schema, file.blobId));
  keep("stack", load.stack);
  keep("stack", load.shardFile);
  keep("pulumi", load.pulumi);
  keep("project", load.project);
  keep("people", load.people);
  for (const f of load.guestFiles) keep("guests", f);
  for (const key of cache.keys()) if (!live.has(key)) cache.delete(key);
}

/** A tenant's file (tenants/<name>.yaml) as written, or undefined when the source has none. */
export async function loadTenantFile(source: FileSource, tenant: string, cache: ParseCache = new Map()): Promise<LoadedFile<StackFile> | undefined> {
  const [read] = await source.read([{ path: tenantPathOf(tenant) }], (id) => cache.has(cacheKey("stack", id)));
  return read === undefined || read.error === "file not found" ? undefined : loadFiles<StackFile>([read], "stack", cache)[0];
}

/** people.yaml, or undefined when the source has none. */
export async function loadPeople(source: FileSource, cache: ParseCache = new Map()): Promise<LoadedFile<PeopleFile> | undefined> {
  const [read] = await source.read([{ path: PEOPLE_PATH }], (id) => cache.has(cacheKey("people", id)));
  return read === undefined || read.error === "file not found" ? undefined : loadFiles<PeopleFile>([read], "people", cache)[0];
}

/** A pattern's problem at the pattern itself in the stack file. */
function patternProblem(stack: LoadedFile<StackFile>, p: PatternProblem): Problem {
  const globs = stack.value?.guestFiles;
  const index = Array.isArray(globs) ? globs.indexOf(p.pattern) : -1;
  const at = locate(stack.parsed, index < 0 ? ["guestFiles"] : ["guestFiles", index]);
  return { severity: "error", file: stack.path, ...at, message: p.message, rule: p.rule };
}

function cacheKey(schema: SchemaName, blobId: string): string {
  return `${schema}:${blobId}`;
}

// A source that gives no blob id still gets one, so that distinct files never share an entry.
function keyOf(read: ReadFile, schema: SchemaName): string {
  return cacheKey(schema, read.blobId || blobIdOf(read.bytes!));
}

/** Checks the files not in the cache yet, all together: on two cores when there are many (check-files.ts). */
async function checkMisses(reads: readonly ReadFile[], schema: SchemaName, cache: ParseCache): Promise<void> {
  const misses = new Map<string, Uint8Array>();
  for (const read of reads) {
    if (read.error !== undefined || read.tooLarge !== undefined) continue;
    const key = keyOf(read, schema);
    if (!cache.has(key)) misses.set(key, read.bytes!);
  }
  const checked = await checkFiles([...misses.values()].map((bytes) => ({ bytes, schema })));
  [...misses.keys()].forEach((key, i) => cache.set(key, checked[i]!));
}

/** Each file with its path, checked once per blob through the cache. */
function loadFiles<T>(reads: readonly ReadFile[], schema: SchemaName, cache: ParseCache): LoadedFile<T>[] {
  return reads.map((read): LoadedFile<T> => {
    const { path, blobId } = read;
    if (read.error !== undefined) {
      const problem: Problem = { severity: "error", file: path, line: 1, column: 1, message: `could not read the file: ${read.error}`, rule: "read" };
      return { path, blobId, parsed: { problems: [] }, problems: [problem] };
    }
    if (read.tooLarge !== undefined) {
      return { path, blobId, parsed: { problems: [] }, problems: [{ severity: "error", file: path, line: 1, column: 1, message: tooLargeMessage(read.tooLarge), rule: "fileSize" }] };
    }
    const key = keyOf(read, schema);
    let entry = cache.get(key);
    if (!entry) cache.set(key, (entry = checkFile(read.bytes!, schema)));
    return { path, blobId, parsed: entry.parsed, value: entry.parsed.value as T | undefined, problems: entry.problems.map((p) => ({ ...p, file: path })) };
  });
}
