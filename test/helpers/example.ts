// The bundled Contoso example, and the tool's own copy of it.
//
// The tool's tests read the example from test/fixtures/example/ (EXAMPLE_ROOT), never from the repository's
// stacks/ and guests/: a team that forks this repository replaces those with its own tenant, and the
// tool's tests must keep passing there. Only the tests of the bundled example itself (the README's
// block, the docs' outputs, the example plan, the audit of this repository's own history, the lint of the
// real data) read the repository's files; they are wrapped in describeExample and skip in a fork.
//
// "The example is bundled" means stacks/prod.yaml exists and declares the example's tenant id. The id is
// fictitious, so a team's own stack file never carries it, and a fork that renames or rewrites the stack
// skips these tests. An edit to one guest, or any other change that keeps the example's tenant, still
// runs them, and they fail: the README, the docs and the example then disagree, which is what they are
// for. (A hash of the example's files would skip them on any edit, hiding exactly those failures here.)
// While the example is bundled, test/example/fixture-copy.test.ts keeps the fixture equal to it.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe } from "vitest";

export const REPO_ROOT = resolve(__dirname, "../..");
/** The example as this repository bundles it, copied for the tool's tests. */
export const EXAMPLE_ROOT = join(REPO_ROOT, "test/fixtures/example");
export const EXAMPLE_TENANT_ID = "94064533-4527-47b7-9975-e04a81fb6295";
/** The files a team replaces with its own, and the ones derived from them; the fixture holds each. */
export const EXAMPLE_FILES = ["stacks/prod.yaml", "guests/fabrikam.yaml", "guests/northwind.yaml", "people.yaml", "Pulumi.prod.yaml", "Pulumi.yaml", "CODEOWNERS", ".github/ISSUE_TEMPLATE/guest-access.yml"] as const;
export const REPLACED_REASON = "the bundled Contoso example has been replaced: these tests check the example, not the tool";

/** Whether `root` (default: this repository) still holds the bundled example. */
export function exampleIsBundled(root: string = REPO_ROOT): boolean {
  const stack = join(root, "stacks/prod.yaml");
  if (!existsSync(stack)) return false;
  return new RegExp(`^tenantId:\\s*["']?${EXAMPLE_TENANT_ID}["']?\\s*(#.*)?$`, "m").test(readFileSync(stack, "utf8"));
}

/** The text of one of the example's files, from the tool's copy. */
export function exampleText(path: string): string {
  return readFileSync(join(EXAMPLE_ROOT, path), "utf8");
}

/**
 * A describe block of tests that check the bundled example: skipped in a fork, the reason in its name
 * (test/example/announce.ts says it once for the whole run).
 */
export function describeExample(name: string, body: () => void | Promise<void>): void {
  const bundled = exampleIsBundled();
  describe.skipIf(!bundled)(bundled ? name : `${name} (skipped: ${REPLACED_REASON})`, body);
}
