// A FileSource that follows the history one commit at a time: the tree is kept as a map of paths to
// blob ids and updated only by the files each commit changed; bytes come from the long-lived cat-file
// process, and only for blobs the loader has not parsed before.
import { posix } from "node:path";
import type { FileSource, ListedFile, ReadFile } from "../load/file-source";
import type { CatFile } from "./cat-file";
import type { RawChange } from "./parse-history";

interface Entry {
  mode: string;
  id: string;
}

export class HistorySource implements FileSource {
  label = "history";
  private readonly tree = new Map<string, Entry>();

  constructor(
    private readonly cat: CatFile,
    /** The folder of the working directory inside the repository ("" or "sub/"): paths are relative to it. */
    private readonly prefix = "",
  ) {}

  /** Applies one commit's changes; returns the changed paths, relative to the prefix. */
  apply(changes: readonly RawChange[]): string[] {
    const changed: string[] = [];
    for (const c of changes) {
      if (this.prefix && !c.path.startsWith(this.prefix)) continue;
      const path = c.path.slice(this.prefix.length);
      changed.push(path);
      if (c.status === "D" || c.mode === "000000") this.tree.delete(path);
      else this.tree.set(path, { mode: c.mode, id: c.id });
    }
    return changed;
  }

  async list(dirs: readonly string[]): Promise<ListedFile[]> {
    const folders = dirs.map((d) => posix.normalize(d).replace(/\/+$/, ""));
    const whole = folders.some((f) => f === "." || f === "");
    const under = folders.map((f) => `${f}/`);
    const found: ListedFile[] = [];
    for (const [path, entry] of this.tree) {
      if (!(whole || under.some((u) => path.startsWith(u)))) continue;
      found.push(isRegular(entry.mode) ? { path, blobId: entry.id } : { path });
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async read(files: readonly ListedFile[], known: (blobId: string) => boolean = () => false): Promise<ReadFile[]> {
    const results: ReadFile[] = files.map(({ path }) => {
      const entry = this.tree.get(path);
      const error = !entry ? "file not found" : unreadable(entry.mode);
      return error ? { path, error, blobId: "" } : { path, blobId: entry!.id };
    });
    const wanted = results.filter((r) => r.error === undefined && !known(r.blobId));
    const objects = await this.cat.read(wanted.map((r) => r.blobId));
    for (const r of wanted) {
      const object = objects.get(r.blobId)!;
      if (object.problem || object.type !== "blob") Object.assign(r, { blobId: "", error: `Git object ${r.blobId} is ${object.problem ?? `a ${object.type}`}` });
      else if (object.bytes) r.bytes = object.bytes;
      else Object.assign(r, { blobId: "", tooLarge: object.size });
    }
    return results;
  }
}

function isRegular(mode: string): boolean {
  return mode === "100644" || mode === "100755";
}

function unreadable(mode: string): string | undefined {
  if (isRegular(mode)) return undefined;
  if (mode === "120000") return "is a symbolic link; guest and stack files must be regular files";
  if (mode === "160000") return "is a Git submodule; guest and stack files must be regular files";
  return `has Git mode ${mode}; guest and stack files must be regular files`;
}
