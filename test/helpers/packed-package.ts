// guestops as `npm pack` ships it, installed the way npm installs a dependency, without a registry: the
// tarball's files copied into node_modules/guestops, its runtime dependencies (the packages that
// package-lock.json does not mark dev) linked from this checkout's node_modules, and the bin link in
// node_modules/.bin. The files that run are the tarball's, and no dev dependency can stand in for a
// missing runtime one. Packed once per process.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ROOT = join(__dirname, "..", "..");

export interface Packed {
  /** The tarball's package/ folder, extracted. */
  dir: string;
  /** Paths in the tarball, as `npm pack --json` lists them. */
  files: string[];
}

let packed: Packed | undefined;

export function packGuestops(): Packed {
  if (packed) return packed;
  const work = mkdtempSync(join(tmpdir(), "guestops-pack-"));
  process.on("exit", () => rmSync(work, { recursive: true, force: true }));
  // --ignore-scripts, as the pipelines install.
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const [pack] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }];
  const dir = join(work, "package");
  mkdirSync(dir);
  execFileSync("tar", ["-xzf", join(work, pack.filename), "-C", dir, "--strip-components=1"]);
  packed = { dir, files: pack.files.map((f) => f.path) };
  return packed;
}

/** The packages package-lock.json installs for a production install: every top-level entry not marked dev. */
export function runtimePackages(): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev && !entry.devOptional)
    .map(([path]) => path.slice("node_modules/".length));
}

/** Fills `nodeModules` (created) as `npm ci` would for a repository that depends on guestops. */
export function installPacked(nodeModules: string): void {
  cpSync(packGuestops().dir, join(nodeModules, "guestops"), { recursive: true });
  for (const name of runtimePackages()) {
    if (!existsSync(join(ROOT, "node_modules", name))) continue; // an optional package of another platform
    mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(nodeModules, name));
  }
  mkdirSync(join(nodeModules, ".bin"), { recursive: true });
  symlinkSync("../guestops/bin/guestops", join(nodeModules, ".bin", "guestops"));
}
