// The one loader: every command (validate, plan, the Pulumi program) reads a stack and its guest files
// through here, from the working tree or from a Git revision.
import picomatch from "picomatch";
import type { GuestFile } from "../model/guests-schema";
import type { Problem } from "../model/problem";
import type { StackFile } from "../model/stack-schema";
import { checkSchema, type SchemaName } from "../rules/check-schema";
import type { FileSource, ListedFile, ReadFile } from "./file-source";
import { parseYaml, type ParsedYaml } from "./parse-yaml";

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
  problems: Problem[];
}

/** Parsed files by schema and blob id, so identical bytes (say, in base and head) are parsed and checked once. */
export type ParseCache = Map<string, { parsed: ParsedYaml; problems: Problem[] }>;

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
  const [stackRead] = await source.read([{ path: stackPath }], (id) => cache.has(`stack:${id}`));
  const stack = stackRead?.error === "file not found" ? undefined : loadFile<StackFile>(stackRead!, "stack", cache);
  if (stack) problems.push(...stack.problems);

  const patterns = stackPatterns(stack?.value);
  const selected = await selectFiles(source, patterns);
  const reads = await source.read(selected, (id) => cache.has(`guests:${id}`));
  const guestFiles = reads.map((r) => loadFile<GuestFile>(r, "guests", cache));
  for (const f of guestFiles) problems.push(...f.problems);

  return { stackName, stackPath, stack, guestFiles, guestPatterns: patterns, problems };
}

function stackPatterns(stack: StackFile | undefined): string[] {
  const globs = stack?.guestFiles;
  return Array.isArray(globs) && globs.every((g) => typeof g === "string") && globs.length > 0 ? globs : DEFAULT_GUEST_FILES;
}

async function selectFiles(source: FileSource, patterns: string[]): Promise<ListedFile[]> {
  const bases = [...new Set(patterns.map((p) => picomatch.scan(p).base || "."))];
  const isMatch = picomatch(patterns, { dot: false });
  const listed = await source.list(bases.includes(".") ? ["."] : bases);
  return listed.filter((f) => isMatch(f.path) && !f.path.startsWith(`${STACKS_DIR}/`));
}

const WHAT: Record<SchemaName, string> = { stack: "stack file", guests: "guest file" };

function loadFile<T>(read: ReadFile, schema: SchemaName, cache: ParseCache): LoadedFile<T> {
  const { path, blobId } = read;
  if (read.error !== undefined) {
    const parsed = parseYaml(new Uint8Array(), WHAT[schema]);
    const problem: Problem = { severity: "error", file: path, line: 1, column: 1, message: `could not read the file: ${read.error}`, rule: "read" };
    return { path, blobId, parsed, problems: [problem] };
  }
  const key = `${schema}:${blobId}`;
  let entry = cache.get(key);
  if (!entry) {
    const parsed = parseYaml(read.bytes!, WHAT[schema]);
    const problems = parsed.value ? [...parsed.problems, ...checkSchema(schema, parsed, "")] : parsed.problems;
    entry = { parsed, problems };
    if (blobId) cache.set(key, entry);
  }
  return {
    path,
    blobId,
    parsed: entry.parsed,
    value: entry.parsed.value as T | undefined,
    problems: entry.problems.map((p) => ({ ...p, file: path })),
  };
}
