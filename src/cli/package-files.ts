// The installed guestops package's own files: its workflow templates, which `guestops init` copies into
// a tenant repository. This is the one reason to read the package's folder; data (stacks, guests,
// people) always comes from the repository a command runs in.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The package's root: the nearest folder above this module with guestops' package.json and schemas/.
 * Found upward because the compiled CLI runs from node_modules/.cache/guestops/ inside the package,
 * while the sources run from src/cli/.
 */
export function packageRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isGuestopsPackage(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`the guestops package's folder was not found above ${start}`);
  }
}

function isGuestopsPackage(dir: string): boolean {
  try {
    const json: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    return (json as { name?: unknown }).name === "guestops" && existsSync(join(dir, "schemas"));
  } catch {
    return false;
  }
}

/** The workflow templates by POSIX path: .github/workflows/*.yml, azure-pipelines.yml and .azure-pipelines/*.yml. */
export function readTemplates(root: string = packageRoot()): Record<string, string> {
  const out: Record<string, string> = {};
  const folder = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir)).filter((n) => n.endsWith(".yml")).sort();
    } catch {
      return;
    }
    for (const n of names) out[`${dir}/${n}`] = readFileSync(join(root, dir, n), "utf8");
  };
  folder(".github/workflows");
  if (existsSync(join(root, "azure-pipelines.yml"))) out["azure-pipelines.yml"] = readFileSync(join(root, "azure-pipelines.yml"), "utf8");
  folder(".azure-pipelines");
  return out;
}
