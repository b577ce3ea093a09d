// A Git revision as a FileSource: files come straight from Git objects, with no checkout, so a plan can
// compare the working tree with any commit (the PR's base, `origin/main`, a commit found by message).
import { posix } from "node:path";
import type { FileSource, ListedFile, ReadFile } from "../load/file-source";
import { MAX_FILE_BYTES } from "../load/parse-yaml";
import { parseLsTree, type TreeEntry } from "./parse-git-output";
import { readBlobs } from "./read-blobs";
import { gitOutput, GitError, runGit } from "./run-git";

export interface Revision {
  /** As the user wrote it, e.g. "origin/main" or ":/^example: base state". */
  ref: string;
  commit: string;
  short: string;
  /** Committer date, ISO 8601 with offset. */
  date: string;
  subject: string;
}

export interface GitRevisionSource extends FileSource {
  readonly revision: Revision;
}

/** Resolves `ref` in the repository that contains `cwd` and reads files at that commit, relative to `cwd`. */
export async function openRevision(cwd: string, ref: string): Promise<GitRevisionSource> {
  checkRefSyntax(ref);
  const { root, prefix, revision } = await resolve(cwd, ref);
  const fromRepo = (path: string) => (prefix ? path.slice(prefix.length) : path);
  // One listing of the tree below `cwd` answers every list() and read() of this source. It starts now,
  // so that git lists the base in its own process while the caller parses the working tree.
  const listing = gitOutput(root, ["ls-tree", "-r", "-t", "-z", revision.commit, "--", ...(prefix ? [prefix] : [])]).then((out) => {
    const entries = new Map<string, TreeEntry>();
    for (const entry of parseLsTree(out)) if (!prefix || entry.path.startsWith(prefix)) entries.set(fromRepo(entry.path), { ...entry, path: fromRepo(entry.path) });
    return entries;
  });
  listing.catch(() => undefined); // reported when list() or read() awaits it, not as an unhandled rejection
  const tree = () => listing;

  return {
    label: `${ref} (${revision.short})`,
    revision,
    async list(dirs) {
      const entries = await tree();
      // Paths are relative to `cwd` already; "." asks for everything.
      const folders = dirs.map((d) => posix.normalize(d).replace(/\/+$/, ""));
      const whole = folders.some((f) => f === "." || f === "");
      const under = folders.map((f) => `${f}/`);
      const found: ListedFile[] = [];
      for (const [path, entry] of entries) {
        if (entry.type === "tree" || !(whole || under.some((u) => path.startsWith(u)))) continue;
        // Links and submodules are listed without an id, so read() reports them instead of reading them.
        found.push(isRegularFile(entry) ? { path, blobId: entry.id } : { path, kind: kindOf(entry) });
      }
      return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async read(files, known = () => false) {
      const entries = await tree();
      const results: ReadFile[] = files.map(({ path }) => {
        const entry = entries.get(path);
        const error = entry ? unreadable(entry) : "file not found";
        return error ? { path, error, blobId: "" } : { path, blobId: entry!.id };
      });
      const wanted = results.filter((r) => r.error === undefined && !known(r.blobId));
      const blobs = await readBlobs(root, wanted.map((r) => r.blobId), MAX_FILE_BYTES);
      for (const r of wanted) {
        const blob = blobs.get(r.blobId)!;
        if (blob.bytes) r.bytes = blob.bytes;
        else Object.assign(r, { blobId: "", tooLarge: blob.size });
      }
      return results;
    },
  };
}

function kindOf(entry: TreeEntry): ListedFile["kind"] {
  if (entry.mode === "120000") return "symlink";
  if (entry.type === "commit") return "submodule";
  return "other";
}

function isRegularFile(entry: TreeEntry): boolean {
  return entry.type === "blob" && (entry.mode === "100644" || entry.mode === "100755");
}

/** Why an entry cannot be read as a guest or stack file, in the working tree's words where they exist. */
function unreadable(entry: TreeEntry): string | undefined {
  if (entry.type === "tree") return "is a folder, not a file";
  if (entry.mode === "120000") return "is a symbolic link; guest and stack files must be regular files";
  if (entry.type === "commit") return "is a Git submodule; guest and stack files must be regular files";
  if (!isRegularFile(entry)) return `has Git mode ${entry.mode}; guest and stack files must be regular files`;
  return undefined;
}

function checkRefSyntax(ref: string): void {
  // A leading "-" would be read by git as an option; control characters cannot be part of a revision.
  if (ref === "" || ref.startsWith("-") || /[\0-\x1f\x7f]/.test(ref)) {
    throw new GitError(`--base ${JSON.stringify(ref)} is not a Git revision`, "pass a branch, tag or commit, for example --base origin/main");
  }
}

/** One rev-parse finds the repository, the folder's place in it and the commit; one log describes it. */
async function resolve(cwd: string, ref: string): Promise<{ root: string; prefix: string; revision: Revision }> {
  const r = await runGit(cwd, ["rev-parse", "--show-toplevel", "--show-prefix", "--verify", "--quiet", ref]);
  const [root = "", prefix = "", id = ""] = r.stdout.toString("utf8").split("\n");
  if (root === "") {
    const why = r.stderr.trim().split("\n")[0]?.replace(/^fatal: /, "") ?? "";
    throw new GitError(`${cwd} is not inside a Git repository (${why}); plan compares the working tree with a Git revision`, "run guestops plan in a clone of the repository");
  }
  if (r.code !== 0 || !/^[0-9a-f]{40,64}$/.test(id)) throw new GitError(`--base ${JSON.stringify(ref)} is not a revision in this repository`, fetchHint(ref));
  // ":/<regex>" takes the rest of the string as its pattern, so "^{commit}" cannot be appended to the
  // name itself; it is appended to the plain id instead.
  const info = await runGit(root, ["log", "-1", "--no-show-signature", "--format=%H%x00%h%x00%cI%x00%s", `${id}^{commit}`, "--"]);
  if (info.code !== 0) throw new GitError(`--base ${JSON.stringify(ref)} names a Git object that is not a commit`, "pass a branch, tag or commit, for example --base origin/main");
  const [commit = id, short = id.slice(0, 7), date = "", subject = ""] = info.stdout.toString("utf8").replace(/\n$/, "").split("\0");
  return { root, prefix, revision: { ref, commit, short, date, subject } };
}

/** Shallow CI clones often lack the base branch: say how to fetch it. */
export function fetchHint(ref: string): string {
  if (ref.startsWith(":/")) return "no commit message matches that pattern; list commits with git log --oneline";
  // HEAD~5 or a commit id: fetching would not help a shallow clone name it; deepening would.
  if (/[~^@:]|^HEAD$|^[0-9a-f]{7,64}$/.test(ref)) return "check it with git log --oneline; a shallow clone may need git fetch --unshallow";
  const remote = /^(?:refs\/remotes\/)?([A-Za-z0-9._-]+)\/(.+)$/.exec(ref);
  if (remote) return `fetch it first: git fetch ${remote[1]} ${remote[2]}`;
  return `check the name with git log --oneline, or fetch it first: git fetch origin ${ref}`;
}

/** The label of the base a repository with no commit yet is planned against. */
export const NO_COMMIT_LABEL = "no commit yet";

/**
 * HEAD, or an empty base when HEAD is a branch with no commit yet: the first plan of a new repository
 * shows everything it declares as new, instead of failing on a revision the user never named.
 */
export async function openHeadOrEmpty(cwd: string): Promise<GitRevisionSource> {
  try {
    return await openRevision(cwd, "HEAD");
  } catch (err) {
    if (!(err instanceof GitError) || !(await isUnbornHead(cwd))) throw err;
    return emptyRevision("HEAD", NO_COMMIT_LABEL);
  }
}

/** Whether `cwd` is in a Git repository whose HEAD names a branch that has no commit yet. */
async function isUnbornHead(cwd: string): Promise<boolean> {
  const branch = await runGit(cwd, ["symbolic-ref", "--quiet", "HEAD"]);
  if (branch.code !== 0) return false;
  const commit = await runGit(cwd, ["rev-parse", "--verify", "--quiet", branch.stdout.toString("utf8").trim()]);
  return commit.code !== 0;
}

/** A revision with no files: no commit, no tree. */
export function emptyRevision(ref: string, label: string): GitRevisionSource {
  return {
    label,
    revision: { ref, commit: "", short: "", date: "", subject: "" },
    async list() {
      return [];
    },
    async read(files) {
      return files.map(({ path }) => ({ path, error: "file not found", blobId: "" }));
    },
  };
}
