// Writes a file tree given as a map of relative paths to contents. No test-framework imports, so
// benchmarks can use it too.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}
