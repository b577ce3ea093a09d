// Lints the repository's own stacks/ and guests/ with the functions `guestops validate` calls.
import { join } from "node:path";
import { expect, it } from "vitest";
import { listStacks, loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF } from "../helpers/fixtures";
import { describeExample } from "../helpers/example";

const root = join(__dirname, "..", "..");

describeExample("the repository's own example", async () => {
  const source = workingTree(root);
  const stacks = await listStacks(source);

  it("has at least one stack", () => {
    expect(stacks.length).toBeGreaterThan(0);
  });

  it.each(stacks)(`stack %s and its guest files have no errors as of ${AS_OF}`, async (stack) => {
    const load = await loadRepo(source, stack);
    const { errors } = validateRepo(load, AS_OF);
    expect(errors.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.rule}]`)).toEqual([]);
    // Not vacuous: the stack and the partner files were found and read.
    expect(load.stack?.value).toBeDefined();
    expect(load.guestFiles.map((f) => f.path)).toEqual(expect.arrayContaining(["guests/fabrikam.yaml", "guests/northwind.yaml"]));
    expect(load.guestFiles.every((f) => f.value !== undefined)).toBe(true);
  });
});
