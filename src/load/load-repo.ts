// The one loader: every command (validate, plan, the Pulumi program) reads a stack and its guest files
// through here, from the working tree or from a Git revision.
import picomatch from "picomatch";
import type { GuestFile } from "../model/guests-schema";
import type { Problem } from "../model/problem";
import type { StackFile } from "../model/stack-schema";
import type { SchemaName } from "../rules/check-schema";
import { checkFile, type CheckedFile } from "./check-file";
import { checkFiles } from "./check-files";
import { blobIdOf, type FileSource, type ListedFile, type ReadFile } from "./file-source";
import { tooLargeMessage, type ParsedYaml } from "./parse-yaml";

export const STACKS_DIR = "stacks";
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
  /** Undefined when the stack file does not exist in the source. */
  stack?: LoadedFile<StackFile>;
  guestFiles: LoadedFile<GuestFile>[];
  /** The patterns that selected the guest files. */
  guestPatterns: string[];
  /** Files beside the guest files that no pattern selects, such as `fabrikam.YAML` or `fabrikam.yaml.bak`. */
  unselected: string[];
  problems: Problem[];
}

/** Parsed files by schema and blob id, so identical bytes (say, in base and head) are parsed and checked once. */
export type ParseCache = Map<string, CheckedFile>;

export function stackPathOf(stackName: string): string {
  return `${STACKS_DIR}/${stackName}.yaml`;
}

/** Names of the stacks in the source: the base names of `stacks/*.yaml`. */
export async function listStacks(source: FileSource): Promise<string[]> {
  const files = await source.list([STACKS_DIR]);
  return files
    .map((f) => /^stacks\/([^/]+)\.yaml$/.exec(f.path)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
}

export async function loadRepo(source: FileSource, stackName: string, cache: ParseCache = new Map()): Promise<LoadResult> {
  const stackPath = stackPathOf(stackName);
  const problems: Problem[] = [];
  const [stackRead] = await source.read([{ path: stackPath }], (id) => cache.has(cacheKey("stack", id)));
  const [stack] = stackRead === undefined || stackRead.error === "file not found" ? [] : loadFiles<StackFile>([stackRead], "stack", cache);
  if (stack) problems.push(...stack.problems);

  const patterns = stackPatterns(stack?.value);
  const { selected, unselected } = await selectFiles(source, patterns);
  const reads = await source.read(selected, (id) => cache.has(cacheKey("guests", id)));
  await checkMisses(reads, "guests", cache);
  const guestFiles = loadFiles<GuestFile>(reads, "guests", cache);
  for (const f of guestFiles) problems.push(...f.problems);

  return { stackName, stackPath, stack, guestFiles, guestPatterns: patterns, unselected, problems };
}

function stackPatterns(stack: StackFile | undefined): string[] {
  const globs = stack?.guestFiles;
  return Array.isArray(globs) && globs.every((g) => typeof g === "string") && globs.length > 0 ? globs : DEFAULT_GUEST_FILES;
}

// Notes and placeholders that may sit beside guest files without being guests.
const NOT_GUEST_DATA = /(^|\/)\.[^/]*$|\.(md|txt)$/i;

async function selectFiles(source: FileSource, patterns: string[]): Promise<{ selected: ListedFile[]; unselected: string[] }> {
  const bases = [...new Set(patterns.map((p) => picomatch.scan(p).base || "."))];
  const isMatch = picomatch(patterns, { dot: false });
  const listed = (await source.list(bases.includes(".") ? ["."] : bases)).filter((f) => !f.path.startsWith(`${STACKS_DIR}/`));
  const selected = listed.filter((f) => isMatch(f.path));
  // A guest file renamed out of the patterns would vanish silently, and its guests lose access.
  const unselected = bases.includes(".") ? [] : listed.filter((f) => !isMatch(f.path) && !NOT_GUEST_DATA.test(f.path)).map((f) => f.path);
  return { selected, unselected };
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
