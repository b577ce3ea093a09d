// Generates TypeScript types from the JSON Schemas, so the schemas stay the one source of truth.
// `npm run gen:types` writes them; test/validate/schemas.test.ts fails when they are out of date.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compile, type JSONSchema } from "json-schema-to-typescript";

const root = join(__dirname, "..", "..");

export const generatedTypes = [
  { schema: join(root, "schemas", "guests.schema.json"), output: join(root, "src", "model", "guests-schema.ts") },
  { schema: join(root, "schemas", "stack.schema.json"), output: join(root, "src", "model", "stack-schema.ts") },
  { schema: join(root, "schemas", "pulumi-stack.schema.json"), output: join(root, "src", "model", "pulumi-stack-schema.ts") },
  { schema: join(root, "schemas", "people.schema.json"), output: join(root, "src", "model", "people-schema.ts") },
  { schema: join(root, "schemas", "pulumi-project.schema.json"), output: join(root, "src", "model", "pulumi-project-schema.ts") },
];

export async function renderSchemaTypes(schemaPath: string): Promise<string> {
  const schema = JSON.parse(await readFile(schemaPath, "utf8")) as JSONSchema;
  return compile(schema, schema.title ?? "Root", {
    bannerComment: "// Generated from the JSON Schema by `npm run gen:types`. Do not edit.",
    additionalProperties: false,
    strictIndexSignatures: true,
    format: false,
  });
}

if (require.main === module) {
  void (async () => {
    for (const { schema, output } of generatedTypes) {
      await writeFile(output, await renderSchemaTypes(schema));
      console.log(`wrote ${output}`);
    }
  })();
}
