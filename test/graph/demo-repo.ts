// The example (the tool's copy in test/fixtures/example) as a fresh repository, with the demo tenant
// serving it on 127.0.0.1.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startGraphDouble, type DoubleOptions, type GraphDouble } from "../graph-double/graph-double";
import { seedExampleTenant } from "../graph-double/seed-example";
import { gitRepo } from "../git/git-repo";
import { testdir } from "../helpers/testdir";
import { EXAMPLE_ROOT } from "../helpers/example";

export const ROOT = resolve(__dirname, "../..");
export const AS_OF = "2026-12-01";
const FILES = ["stacks/prod.yaml", "guests/fabrikam.yaml", "guests/northwind.yaml", "Pulumi.yaml"];

export function exampleFiles(): Record<string, string> {
  return Object.fromEntries(FILES.map((f) => [f, readFileSync(join(EXAMPLE_ROOT, f), "utf8")]));
}

export interface Demo {
  root: string;
  double: GraphDouble;
  env: NodeJS.ProcessEnv;
}

export async function startDemo(options: DoubleOptions & { git?: boolean; files?: Record<string, string> } = {}): Promise<Demo> {
  const files = { ...exampleFiles(), ...options.files };
  const root = options.git ? gitRepo([{ message: "example", files }]) : testdir(files);
  const double = await startGraphDouble(seedExampleTenant(EXAMPLE_ROOT), options);
  return { root, double, env: { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token } };
}
