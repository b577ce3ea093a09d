// The JSON Schemas are the one source of truth: the generated types follow them, the editor finds them
// from every example file, and their own examples are valid.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { generatedTypes, renderSchemaTypes } from "../../src/model/generate-types";
import { AS_OF } from "../helpers/fixtures";
import { expectProblems, validateFiles } from "./helpers";
import { describeExample } from "../helpers/example";

const root = join(__dirname, "..", "..");
const schemaFiles = readdirSync(join(root, "schemas")).filter((f) => f.endsWith(".schema.json"));
const schemas = schemaFiles.map((f) => ({ file: f, schema: JSON.parse(readFileSync(join(root, "schemas", f), "utf8")) as Record<string, unknown> }));

describe("generated types", () => {
  it.each(generatedTypes.map((g) => ({ ...g, name: g.output.slice(root.length + 1) })))("$name is up to date (run npm run gen:types)", async ({ schema, output }) => {
    expect(readFileSync(output, "utf8")).toBe(await renderSchemaTypes(schema));
  });

  it("cover every schema", () => {
    expect(generatedTypes.map((g) => g.schema).sort()).toEqual(schemaFiles.map((f) => join(root, "schemas", f)).sort());
  });
});

describeExample("example files point the editor at their schema", () => {
  const examples = [
    ...readdirSync(join(root, "stacks")).filter((f) => f.endsWith(".yaml")).map((f) => ({ path: `stacks/${f}`, schema: "stack.schema.json" })),
    ...readdirSync(join(root, "guests")).filter((f) => /\.ya?ml$/.test(f)).map((f) => ({ path: `guests/${f}`, schema: "guests.schema.json" })),
  ];

  it("there are examples of both kinds", () => {
    expect(new Set(examples.map((e) => e.schema))).toEqual(new Set(["stack.schema.json", "guests.schema.json"]));
  });

  it.each(examples)("$path starts with a yaml-language-server line for $schema", ({ path, schema }) => {
    const first = readFileSync(join(root, path), "utf8").split(/\r?\n/)[0]!;
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m, first).not.toBeNull();
    const target = resolve(dirname(join(root, path)), m![1]!);
    expect(target).toBe(join(root, "schemas", schema));
    expect(existsSync(target)).toBe(true);
  });
});

describe("schemas", () => {
  it.each(schemas)("$file has an id, a title, a description and examples, for editors", ({ file, schema }) => {
    expect(schema.$id).toBe(`https://guestops.example/schemas/${file}`);
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(typeof schema.title).toBe("string");
    expect(String(schema.description).length).toBeGreaterThan(20);
    expect(Array.isArray(schema.examples) && schema.examples.length > 0).toBe(true);
  });

  it.each(schemas)("every example in $file is valid against the schema part it sits in", ({ schema }) => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const failures: string[] = [];
    let checked = 0;
    const walk = (node: unknown, at: string) => {
      if (typeof node !== "object" || node === null) return;
      const sub = node as Record<string, unknown>;
      if (Array.isArray(sub.examples)) {
        const validate = ajv.compile({ ...sub, $id: undefined, $schema: undefined, definitions: schema.definitions });
        for (const example of sub.examples) {
          checked++;
          if (!validate(example)) failures.push(`${at}: ${JSON.stringify(example)} ${ajv.errorsText(validate.errors)}`);
        }
      }
      for (const [key, child] of Object.entries(sub)) if (key !== "examples") walk(child, `${at}/${key}`);
    };
    walk(schema, "#");
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(1);
  });

  it("the two top-level examples form a repository that passes every policy rule", async () => {
    const [guests, stack] = ["guests.schema.json", "stack.schema.json"].map((f) => (schemas.find((s) => s.file === f)!.schema.examples as unknown[])[0]);
    // JSON is YAML, so the examples can be written as they are.
    const v = await validateFiles({ "stacks/prod.yaml": JSON.stringify(stack), "guests/fabrikam.yaml": JSON.stringify(guests) }, AS_OF);
    expectProblems(v, []);
  });
});
