// A temporary Git repository holding a copy of the example (from test/fixtures/example), committed on
// main, with an identity of its own so that --branch can commit.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_FILES, EXAMPLE_ROOT } from "../helpers/example";
import { testdir } from "../helpers/testdir";
import { git } from "../git/git-repo";

export function exampleRepo(extra: Record<string, string> = {}): string {
  const files: Record<string, string> = Object.fromEntries(EXAMPLE_FILES.map((f) => [f, readFileSync(join(EXAMPLE_ROOT, f), "utf8")]));
  const root = testdir({ ...files, ...extra });
  git(root, ["init", "-q", "-b", "main"]);
  git(root, ["config", "user.name", "Priya Natarajan"]);
  git(root, ["config", "user.email", "priya.natarajan@contoso.com"]);
  git(root, ["config", "commit.gpgsign", "false"]);
  git(root, ["add", "-A"]);
  git(root, ["commit", "-q", "-m", "example: base state"]);
  return root;
}

export function read(root: string, path: string): string {
  return readFileSync(join(root, path), "utf8");
}
