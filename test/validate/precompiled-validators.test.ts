// The compiled CLI validates with ajv's standalone code (src/cli/build-cli.js), development with ajv
// compiling the schemas at load (src/load/schema-validators.ts). Both must say the same about every
// document: the verdict, every error (keyword, paths, params, schema, data), and the defaults filled in.
import fc from "fast-check";
import Module from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validatorsSource } from "../../src/cli/build-cli.js";
import { validators, type SchemaName } from "../../src/load/schema-validators";
import { syntheticRepo } from "../bench/synthetic";
import { FABRIKAM, STACK } from "../helpers/fixtures";
import { EXAMPLE_ROOT } from "../helpers/example";

const ROOT = join(__dirname, "..", "..");
let precompiled: Record<SchemaName, ValidateFunction>;

beforeAll(async () => {
  const code = await validatorsSource();
  const file = join(ROOT, "src", "load", "schema-validators.standalone.js");
  const mod = new Module(file) as Module & { _compile(code: string, file: string): void; paths: string[] };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(join(ROOT, "src", "load"));
  mod._compile(code, file);
  precompiled = (mod.exports as { validators: Record<SchemaName, ValidateFunction> }).validators;
}, 60_000);

interface Verdict {
  valid: boolean;
  errors: unknown;
  /** The document after validation: useDefaults fills it in place. */
  after: unknown;
}

function verdict(validate: ValidateFunction, doc: unknown): Verdict {
  const copy = structuredClone(doc);
  const valid = validate(copy) as boolean;
  return { valid, errors: structuredClone(validate.errors ?? null), after: copy };
}

function expectSame(schema: SchemaName, doc: unknown): void {
  expect(verdict(precompiled[schema], doc)).toEqual(verdict(validators[schema], doc));
}

const synthetic = syntheticRepo({ guests: 30, files: 3 });
const fixtures: { name: string; schema: SchemaName; doc: Record<string, unknown> }[] = [
  { name: "test stack", schema: "stack", doc: parse(STACK) },
  { name: "test guests", schema: "guests", doc: parse(FABRIKAM) },
  ...readdirSync(join(EXAMPLE_ROOT, "stacks")).map((f) => ({ name: `stacks/${f}`, schema: "stack" as const, doc: parse(readFileSync(join(EXAMPLE_ROOT, "stacks", f), "utf8")) })),
  ...readdirSync(join(EXAMPLE_ROOT, "guests")).map((f) => ({ name: `guests/${f}`, schema: "guests" as const, doc: parse(readFileSync(join(EXAMPLE_ROOT, "guests", f), "utf8")) })),
  ...Object.entries(synthetic).map(([path, text]) => ({ name: `synthetic ${path}`, schema: (path.startsWith("stacks/") ? "stack" : "guests") as SchemaName, doc: parse(text) })),
];

/** Every path to a value in a document, so that mutations can land anywhere in it. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (typeof value === "object" && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

type Mutation = { kind: "set"; value: unknown } | { kind: "delete" } | { kind: "add"; key: string; value: unknown };

function mutate(doc: unknown, path: (string | number)[], m: Mutation): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  if (path.length === 0) return m.kind === "set" ? m.value : copy;
  if (typeof copy !== "object" || copy === null) return copy; // an earlier edit replaced the whole document
  let parent: Record<string | number, unknown> = copy;
  for (const seg of path.slice(0, -1)) {
    const next = parent[seg];
    // An earlier edit removed or replaced this part of the document: the edit has nowhere to land.
    if (typeof next !== "object" || next === null) return copy;
    parent = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (m.kind === "set") parent[last] = m.value;
  else if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (typeof target === "object" && target !== null && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
  }
  return copy;
}

// Values a requester might write by mistake, beside anything JSON can hold.
const plausible = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom("", "2027-02-30", "2027-13-01", "ana+silva@fabrikam.com", "ANA@FABRIKAM.COM", "erp-project", "Erp Project", "retain", "delete", "00000000-0000-0000-0000-000000000000", -1, 0, 0.5, 1.5, 365, 10_000, null, true, [], {}),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  plausible.map((value) => ({ kind: "set" as const, value })),
  fc.constant({ kind: "delete" as const }),
  fc.record({ kind: fc.constant("add" as const), key: fc.constantFrom("emial", "expiry", "groups", "__extra", "Owners", "roles", "x"), value: plausible }),
);

describe("precompiled validators", () => {
  it.each(fixtures)("agree with the schemas on $name", ({ schema, doc }) => {
    expectSame(schema, doc);
  });

  it("report errors on the fixtures that have them, so agreement covers errors too", () => {
    const broken = mutate(parse(FABRIKAM), ["guests", 0, "email"], { kind: "set", value: 42 });
    expect(verdict(precompiled.guests, broken).valid).toBe(false);
    expectSame("guests", broken);
  });

  it("agree with the schemas on generated documents: up to three edits anywhere in a valid file", () => {
    const docs = fixtures.map((f) => ({ schema: f.schema, doc: f.doc, paths: pathsOf(f.doc) }));
    const edited = fc
      .record({ which: fc.nat({ max: docs.length - 1 }), edits: fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 }) })
      .map(({ which, edits }) => {
        const { schema, doc, paths } = docs[which]!;
        let current: unknown = doc;
        for (const [at, m] of edits) current = mutate(current, paths[at % paths.length]!, m);
        return { schema, doc: current };
      });
    let invalid = 0;
    fc.assert(
      fc.property(edited, ({ schema, doc }) => {
        if (!verdict(validators[schema], doc).valid) invalid++;
        expectSame(schema, doc);
      }),
      { numRuns: 400 },
    );
    // Most edits break the file: the comparison covered errors, not only successes.
    expect(invalid).toBeGreaterThan(200);
  });
});
