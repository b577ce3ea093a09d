// One file's parse and schema check. Pure: bytes in, value and positioned problems out (`file` empty).
import type { Problem } from "../model/problem";
import { checkSchema, type SchemaName } from "./check-schema";
import { parseYaml, releaseDocument, type ParsedYaml } from "./parse-yaml";

export interface CheckedFile {
  parsed: ParsedYaml;
  /** YAML and schema problems, positioned, with `file` left empty. */
  problems: Problem[];
}

const WHAT: Record<SchemaName, string> = { stack: "stack file", guests: "guest file", pulumi: "Pulumi stack settings file", people: "people file", project: "Pulumi project file" };

export function checkFile(bytes: Uint8Array, schema: SchemaName): CheckedFile {
  const parsed = parseYaml(bytes, WHAT[schema]);
  // Only the stack schema fills defaults that a diff could mistake for written settings.
  if (schema === "stack" && parsed.value) parsed.written = structuredClone(parsed.value);
  const problems = parsed.value ? [...parsed.problems, ...checkSchema(schema, parsed, "")] : parsed.problems;
  // Holding a thousand Documents slows every garbage collection; `locate` keeps working from an index.
  releaseDocument(parsed);
  return { parsed, problems };
}
