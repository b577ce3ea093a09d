// Pure parsers for what the history reader streams: `git log --raw -z` records and commit objects.
// Kept apart from the processes so that odd paths, chunk boundaries and hostile messages are tested
// without git.

/** One file a commit changed, from `--raw`: `:<old mode> <new mode> <old id> <new id> <status> NUL <path> NUL`. */
export interface RawChange {
  /** The mode and blob id after the commit; mode "000000" when the file was deleted. */
  mode: string;
  id: string;
  status: string;
  path: string;
}

export interface LogCommit {
  commit: string;
  parents: string[];
  /** Committer date, ISO 8601 with offset: when the commit reached the branch. */
  committed: string;
  changes: RawChange[];
  /** With LOG_FORMAT_SIGNED only: what git made of the commit's signature. */
  signature?: CommitSignature;
}

/** git's verdict on a commit's signature (`%G?`), the signing key's fingerprint (`%GF`) and its primary key's (`%GP`). */
export interface CommitSignature {
  /** G good, U good but of unknown validity, X good but expired, Y good by an expired key, R revoked key, E cannot check, B bad, N none. */
  status: string;
  fingerprint: string;
  primary: string;
}

/** The format the parser expects: a SOH, the id and parents, a NUL, the committer date, a NUL. */
export const LOG_FORMAT = "%x01%H %P%x00%cI%x00";
/**
 * LOG_FORMAT with the signature's verdict and keys, each followed by a NUL. git checks each signed commit
 * itself, in the same process's stream (it asks gpg or ssh-keygen), so nothing is spawned per commit here.
 */
export const LOG_FORMAT_SIGNED = "%x01%H %P%x00%cI%x00%G?%x00%GF%x00%GP%x00";

const SOH = 1;
const NUL = 0;
const COLON = 0x3a;
const LF = 10;

/**
 * Incremental parser of `git log --format=LOG_FORMAT --raw -z --no-renames --no-abbrev`. Chunks may
 * split anywhere. Only the header and the raw entries are read: commit messages are not in this stream,
 * so no message can forge a record (they are read as commit objects instead).
 */
export class LogParser {
  private buf: Buffer = Buffer.alloc(0);
  private current?: LogCommit;
  /** The raw entry's metadata, while its path is still to come. */
  private pendingMeta?: string;

  /** NUL-ended fields after the SOH: 2 for LOG_FORMAT, 5 for LOG_FORMAT_SIGNED. */
  private readonly fields: number;

  constructor(
    private readonly onCommit: (commit: LogCommit) => void,
    options: { signed?: boolean } = {},
  ) {
    this.fields = options.signed ? 5 : 2;
  }

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let pos = 0;
    for (;;) {
      if (this.pendingMeta !== undefined) {
        const end = this.buf.indexOf(NUL, pos);
        if (end < 0) break;
        this.addChange(this.pendingMeta, this.buf.subarray(pos, end).toString("utf8"));
        this.pendingMeta = undefined;
        pos = end + 1;
        continue;
      }
      // Separators git puts between records.
      while (pos < this.buf.length && (this.buf[pos] === LF || this.buf[pos] === NUL)) pos++;
      if (pos >= this.buf.length) break;
      const first = this.buf[pos];
      if (first === SOH) {
        const ends: number[] = [];
        for (let from = pos; ends.length < this.fields; ) {
          const at = this.buf.indexOf(NUL, from);
          if (at < 0) break;
          ends.push(at);
          from = at + 1;
        }
        if (ends.length < this.fields) break;
        this.flush();
        const field = (i: number) => this.buf.subarray(i === 0 ? pos + 1 : ends[i - 1]! + 1, ends[i]).toString("latin1");
        const [commit = "", ...parents] = field(0).split(" ").filter(Boolean);
        if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new Error(`unexpected git log header: ${JSON.stringify(commit.slice(0, 80))}`);
        this.current = { commit, parents, committed: field(1), changes: [] };
        if (this.fields === 5) this.current.signature = { status: field(2), fingerprint: field(3), primary: field(4) };
        pos = ends[this.fields - 1]! + 1;
      } else if (first === COLON) {
        const end = this.buf.indexOf(NUL, pos);
        if (end < 0) break;
        this.pendingMeta = this.buf.subarray(pos + 1, end).toString("latin1");
        pos = end + 1;
      } else {
        throw new Error(`unexpected git log output: ${JSON.stringify(this.buf.subarray(pos, pos + 40).toString("latin1"))}`);
      }
    }
    this.buf = this.buf.subarray(pos);
  }

  /** Emits the last commit; throws when the output stopped in the middle of a record. */
  end(): void {
    if (this.pendingMeta !== undefined || this.buf.some((b) => b !== LF && b !== NUL)) throw new Error("git log output ended in the middle of a record");
    this.flush();
  }

  private flush(): void {
    if (this.current) this.onCommit(this.current);
    this.current = undefined;
  }

  private addChange(meta: string, path: string): void {
    const [, newMode = "", , newId = "", status = ""] = meta.split(" ");
    if (!this.current || !/^[0-7]{6}$/.test(newMode) || !/^[0-9a-f]{40,64}$/.test(newId)) throw new Error(`unexpected git log raw entry: ${JSON.stringify(meta.slice(0, 120))}`);
    this.current.changes.push({ mode: newMode, id: newId, status: status.charAt(0), path });
  }
}

export interface CommitObject {
  /** `Name <email>` as recorded. */
  author: string;
  authorEmail: string;
  /** The whole message: subject, body and trailers. */
  message: string;
}

/** A commit object's author and message (`tree …\nparent …\nauthor N <e> ts tz\n…\n\nmessage`). */
export function parseCommitObject(bytes: Uint8Array): CommitObject {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const split = text.indexOf("\n\n");
  const headers = split < 0 ? text : text.slice(0, split);
  const message = split < 0 ? "" : text.slice(split + 2);
  const line = headers.split("\n").find((l) => l.startsWith("author ")) ?? "";
  const m = /^author (.*?) ?<([^<>]*)> \d+ [+-]\d{4}$/.exec(line);
  const name = m?.[1] ?? "";
  const email = m?.[2] ?? "";
  return { author: `${name} <${email}>`, authorEmail: email.toLowerCase(), message };
}
