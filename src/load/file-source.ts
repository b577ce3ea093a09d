// Where files come from: the working tree or a Git revision. Everything above this reads through it,
// so every command sees files the same way.
import { createHash } from "node:crypto";

export interface ListedFile {
  /** Repository-relative, forward slashes. */
  path: string;
  /** Git blob id, when the source knows it without reading the file. */
  blobId?: string;
  /** What the entry is, when the source knows it is not a regular file; such entries are never read. */
  kind?: "file" | "symlink" | "submodule" | "other";
}

export interface ReadFile {
  path: string;
  bytes?: Uint8Array;
  /** Why the file could not be read, e.g. "permission denied". */
  error?: string;
  /** The size of a file refused unread for being over the size limit. */
  tooLarge?: number;
  blobId: string;
}

export interface FileSource {
  /** Shown in messages: "working tree" or "origin/main (3f2a9c1)". */
  readonly label: string;
  /** Files below `dirs` (repository-relative folders). */
  list(dirs: readonly string[]): Promise<ListedFile[]>;
  /** Reads the files; `known` blob ids are not fetched again, only reported. */
  read(files: readonly ListedFile[], known?: (blobId: string) => boolean): Promise<ReadFile[]>;
}

/** Git's blob id of some bytes, so that working-tree files and Git objects compare by id. */
export function blobIdOf(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
