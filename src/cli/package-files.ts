// The installed guestops package's own files: its workflow templates, which `guestops init` copies into
// a tenant repository. This is the one reason to read the package's folder; data (stacks, guests,
// people) always comes from the repository a command runs in.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The package's root. Installed, it is where `guestops` resolves from the running code (the compiled CLI
 * runs from the tenant's node_modules/.cache/guestops/, beside the package); in guestops' own
 * repository, the nearest folder above with guestops' package.json and schemas/.
 */
export function packageRoot(start: string = __dirname): string {
  for (const from of [start, process.cwd()]) {
    try {
      const dir = dirname(createRequire(join(from, "noop.js")).resolve("guestops/package.json"));
      if (isGuestopsPackage(dir)) return dir;
    } catch {
      // Not installed as a dependency here: guestops' own repository, or its sources.
    }
  }
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
