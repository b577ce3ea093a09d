// A FileSource with some files replaced or added in memory: what a command is about to write, loaded
// and validated through the one loader before anything touches the disk.
import { blobIdOf, type FileSource, type ListedFile, type ReadFile } from "./file-source";

export function overlaySource(base: FileSource, files: ReadonlyMap<string, string>): FileSource {
  const bytes = new Map([...files].map(([path, text]) => [path, new TextEncoder().encode(text)]));
  return {
    label: `${base.label} with pending changes`,
    async list(dirs) {
      const listed = (await base.list(dirs)).filter((f) => !bytes.has(f.path));
      const added = [...bytes.keys()].filter((p) => dirs.some((d) => d === "." || p.startsWith(`${d}/`))).map((path): ListedFile => ({ path }));
      return [...listed, ...added].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async read(files, known) {
      const fromBase = await base.read(files.filter((f) => !bytes.has(f.path)), known);
      const byPath = new Map(fromBase.map((r) => [r.path, r]));
      return files.map((f): ReadFile => {
        const b = bytes.get(f.path);
        return b ? { path: f.path, bytes: b, blobId: blobIdOf(b) } : byPath.get(f.path)!;
      });
    },
  };
}
