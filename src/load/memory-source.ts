// Files held in memory as a FileSource: the fake beside the working tree and Git readers, for tests,
// benchmarks and the audit's states. `reads` lists the files whose bytes were handed out.
import { blobIdOf, type FileSource } from "./file-source";

export function memorySource(files: Readonly<Record<string, string | Uint8Array>>, label = "memory"): FileSource & { reads: string[] } {
  const bytesOf = (p: string) => (typeof files[p] === "string" ? Buffer.from(files[p] as string) : (files[p] as Uint8Array));
  const reads: string[] = [];
  return {
    label,
    reads,
    async list(dirs) {
      const under = (p: string) => dirs.some((d) => d === "." || p.startsWith(`${d.replace(/\/$/, "")}/`));
      return Object.keys(files)
        .filter(under)
        .sort()
        .map((path) => ({ path, blobId: blobIdOf(bytesOf(path)) }));
    },
    async read(list, known = () => false) {
      return list.map(({ path }) => {
        if (!Object.hasOwn(files, path)) return { path, error: "file not found", blobId: "" };
        const bytes = bytesOf(path);
        const blobId = blobIdOf(bytes);
        if (known(blobId)) return { path, blobId };
        reads.push(path);
        return { path, bytes, blobId };
      });
    },
  };
}
