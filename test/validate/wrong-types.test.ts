// Rules run on files that may have failed the schema, so each must cope with any value of any type.
// Every node of the fixture stack and guest file is replaced by values of the wrong type in turn;
// validation must return positioned problems and never throw.
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { loadRepo, type ParseCache } from "../../src/load/load-repo";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { memorySource } from "./helpers";

type Path = (string | number)[];

/** Paths of every node below the top level, in document order. */
function pathsOf(text: string): Path[] {
  const out: Path[] = [];
  const walk = (node: unknown, path: Path) => {
    if (path.length > 0) out.push(path);
    if (isMap(node)) for (const pair of node.items) walk(pair.value, [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)]);
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(parseDocument(text).contents, []);
  return out;
}

const WRONG = [null, 42, "x", "constructor", ["toString"], { toString: 1 }];
// The file that is not being changed is parsed once.
const cache: ParseCache = new Map();

const targets = [
  ...pathsOf(STACK).map((path) => ({ file: "stacks/prod.yaml", text: STACK, path })),
  ...pathsOf(FABRIKAM).map((path) => ({ file: "guests/fabrikam.yaml", text: FABRIKAM, path })),
].map((t) => ({ ...t, at: `${t.file} ${t.path.join(".")}` }));

describe("values of the wrong type", () => {
  it("reach every node of both files", () => {
    expect(targets.length).toBeGreaterThan(50);
  });

  it.each(targets)("at $at never make validation throw", async ({ file, text, path }) => {
    for (const value of WRONG) {
      const doc = parseDocument(text);
      doc.setIn(path, doc.createNode(value));
      const files = { "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM, [file]: doc.toString() };
      const v = validateRepo(await loadRepo(memorySource(files), "prod", cache), AS_OF);
      for (const p of [...v.errors, ...v.warnings]) {
        expect(p.file, JSON.stringify(value)).toMatch(/^(stacks|guests)\/[a-z]+\.yaml$/);
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.column).toBeGreaterThanOrEqual(1);
        expect(p.message.length).toBeGreaterThan(10);
      }
    }
  });
});
