// Pure parsers for the two git outputs the revision reader streams: `ls-tree -z` and `cat-file --batch`.
// Kept apart from the process handling so that odd paths, chunk boundaries and missing objects are
// tested without git.

export interface TreeEntry {
  /** "100644", "100755" (regular files), "120000" (symbolic link), "160000" (submodule), "040000" (folder). */
  mode: string;
  type: "blob" | "tree" | "commit";
  id: string;
  /** Bytes of a blob; undefined for folders and submodules. */
  size?: number;
  /** Path from the repository root, as stored: UTF-8, forward slashes, never quoted (-z). */
  path: string;
}

/** Records of `git ls-tree -z`, with or without -l: `<mode> SP <type> SP <id> [SP+ <size>] TAB <path> NUL`. */
export function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    const tab = out.indexOf(9, start);
    if (tab < 0 || tab > end) throw new Error(`unexpected git ls-tree output: ${JSON.stringify(out.subarray(start, Math.min(end, start + 80)).toString("utf8"))}`);
    const [mode, type, id, size] = out.subarray(start, tab).toString("latin1").split(/ +/);
    if (!mode || !id || (type !== "blob" && type !== "tree" && type !== "commit")) {
      throw new Error(`unexpected git ls-tree record: ${JSON.stringify(out.subarray(start, tab).toString("latin1"))}`);
    }
    const bytes = size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined;
    entries.push({ mode, type, id, ...(bytes !== undefined && { size: bytes }), path: out.subarray(tab + 1, end).toString("utf8") });
    start = end + 1;
  }
  return entries;
}

export interface BatchObject {
  /** The name as requested when missing, else the object id. */
  id: string;
  type?: string;
  size?: number;
  /** Absent when the object is larger than the parser's limit: its bytes are skipped, never buffered. */
  bytes?: Uint8Array;
  /** "missing" or "ambiguous" when git has no such object. */
  problem?: string;
}

/**
 * Incremental parser of `git cat-file --batch` output: `<id> SP <type> SP <size> LF <bytes> LF`, or
 * `<name> SP missing LF`. Chunks may split anywhere; a blob's bytes are joined only once they are all in.
 */
export class BatchParser {
  private chunks: Buffer[] = [];
  private length = 0;
  private header?: { id: string; type: string; size: number };
  /** Bytes still to drop of an object over the limit, including its closing LF. */
  private skipping = 0;

  constructor(
    private readonly onObject: (object: BatchObject) => void,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    for (;;) {
      if (this.skipping > 0) {
        const buf = this.flatten();
        const drop = Math.min(this.skipping, buf.length);
        this.skipping -= drop;
        this.keep(buf.subarray(drop));
        if (this.skipping > 0) return;
      }
      if (!this.header) {
        const buf = this.flatten();
        const nl = buf.indexOf(10);
        if (nl < 0) return;
        const line = buf.subarray(0, nl).toString("utf8");
        this.keep(buf.subarray(nl + 1));
        const parts = line.split(" ");
        if (parts.length === 2 && (parts[1] === "missing" || parts[1] === "ambiguous")) {
          this.onObject({ id: parts[0]!, problem: parts[1] });
          continue;
        }
        const size = Number(parts[2]);
        if (parts.length !== 3 || !Number.isSafeInteger(size) || size < 0) throw new Error(`unexpected git cat-file header: ${JSON.stringify(line.slice(0, 80))}`);
        if (size > this.maxBytes) {
          // A huge blob in an old revision must not cost memory: report its size, drop its bytes as they pass.
          this.onObject({ id: parts[0]!, type: parts[1]!, size });
          this.skipping = size + 1;
          continue;
        }
        this.header = { id: parts[0]!, type: parts[1]!, size };
      } else {
        const { id, type, size } = this.header;
        if (this.length < size + 1) return;
        const buf = this.flatten();
        if (buf[size] !== 10) throw new Error(`git cat-file output for ${id} does not end where its size says`);
        // A copy, so that a small file does not keep a large chunk alive in the parse cache.
        const bytes = new Uint8Array(buf.subarray(0, size));
        this.keep(buf.subarray(size + 1));
        this.header = undefined;
        this.onObject({ id, type, size, bytes });
      }
    }
  }

  /** Throws when the output stopped in the middle of an object. */
  end(): void {
    if (this.header || this.length > 0 || this.skipping > 0) throw new Error("git cat-file output ended in the middle of an object");
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
  }
}
