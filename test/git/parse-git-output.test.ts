// The pure parsers behind the Git reader: ls-tree records with odd paths, and cat-file --batch output
// cut at every possible chunk boundary.
import { describe, expect, it } from "vitest";
import { BatchParser, parseLsTree, type BatchObject } from "../../src/git/parse-git-output";

const ID_A = "a".repeat(40);
const ID_B = "b".repeat(40);

describe("parseLsTree", () => {
  const record = (mode: string, type: string, id: string, size: string, path: string) => Buffer.from(`${mode} ${type} ${id} ${size.padStart(7)}\t${path}\0`);
  const rows: { desc: string; out: Buffer; expected: object[]; noSize?: boolean }[] = [
    { desc: "a regular file", out: record("100644", "blob", ID_A, "120", "guests/fabrikam.yaml"), expected: [{ mode: "100644", type: "blob", id: ID_A, size: 120, path: "guests/fabrikam.yaml" }] },
    { desc: "spaces and non-ASCII in a path (no quoting with -z)", out: record("100755", "blob", ID_A, "1", "guests/Müller & Söhne.yaml"), expected: [{ path: "guests/Müller & Söhne.yaml", mode: "100755" }] },
    { desc: "a tab and a newline inside a path", out: record("100644", "blob", ID_A, "1", "guests/a\tb\nc.yaml"), expected: [{ path: "guests/a\tb\nc.yaml" }] },
    { desc: "a symbolic link", out: record("120000", "blob", ID_A, "14", "guests/link.yaml"), expected: [{ mode: "120000", type: "blob" }] },
    { desc: "a submodule has no size", out: record("160000", "commit", ID_A, "-", "guests/vendor"), expected: [{ mode: "160000", type: "commit" }], noSize: true },
    { desc: "several records", out: Buffer.concat([record("100644", "blob", ID_A, "1", "a.yaml"), record("040000", "tree", ID_B, "-", "b")]), expected: [{ path: "a.yaml" }, { path: "b", type: "tree" }] },
    { desc: "nothing", out: Buffer.alloc(0), expected: [] },
  ];
  it.each(rows)("$desc", ({ out, expected, noSize }) => {
    const entries = parseLsTree(out);
    expect(entries).toHaveLength(expected.length);
    entries.forEach((e, i) => expect(e).toMatchObject(expected[i]!));
    if (noSize) expect(entries[0]).not.toHaveProperty("size");
  });

  it("refuses output it does not understand instead of guessing", () => {
    expect(() => parseLsTree(Buffer.from("garbage\0"))).toThrow(/unexpected git ls-tree output/);
  });
});

describe("BatchParser", () => {
  const body = Buffer.from("partner: Fabrikam\nguests: []\n");
  const binary = Buffer.from([0, 10, 255, 10, 10]);
  const stream = Buffer.concat([
    Buffer.from(`${ID_A} blob ${body.length}\n`),
    body,
    Buffer.from("\n"),
    Buffer.from(`${ID_B} missing\n`),
    Buffer.from(`${ID_B} blob ${binary.length}\n`),
    binary,
    Buffer.from("\n"),
    Buffer.from(`${ID_A} blob 0\n\n`),
  ]);
  const expected = [
    { id: ID_A, type: "blob", size: body.length, bytes: new Uint8Array(body) },
    { id: ID_B, problem: "missing" },
    { id: ID_B, type: "blob", size: binary.length, bytes: new Uint8Array(binary) },
    { id: ID_A, type: "blob", size: 0, bytes: new Uint8Array() },
  ];

  it("parses the stream in one chunk", () => {
    const got: BatchObject[] = [];
    const p = new BatchParser((o) => got.push(o));
    p.push(stream);
    p.end();
    expect(got).toEqual(expected);
  });

  it("parses the same objects however the stream is cut", () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const got: BatchObject[] = [];
      const p = new BatchParser((o) => got.push(o));
      p.push(stream.subarray(0, cut));
      p.push(stream.subarray(cut));
      p.end();
      expect(got, `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it("parses the stream fed one byte at a time", () => {
    const got: BatchObject[] = [];
    const p = new BatchParser((o) => got.push(o));
    for (let i = 0; i < stream.length; i++) p.push(stream.subarray(i, i + 1));
    p.end();
    expect(got).toEqual(expected);
  });

  it("reports an object over the limit by size and skips its bytes, however the stream is cut", () => {
    const limited = expected.map((o) => (o.size !== undefined && o.size > 5 ? { id: o.id, type: o.type, size: o.size } : o));
    for (let cut = 1; cut < stream.length; cut++) {
      const got: BatchObject[] = [];
      const p = new BatchParser((o) => got.push(o), 5);
      p.push(stream.subarray(0, cut));
      p.push(stream.subarray(cut));
      p.end();
      expect(got, `cut at byte ${cut}`).toEqual(limited);
    }
  });

  it("reports output that stops inside an object", () => {
    const p = new BatchParser(() => {});
    p.push(Buffer.from(`${ID_A} blob 10\nshort`));
    expect(() => p.end()).toThrow(/ended in the middle of an object/);
  });

  it("reports a size that does not match the bytes", () => {
    const p = new BatchParser(() => {});
    expect(() => p.push(Buffer.from(`${ID_A} blob 2\nabc\n`))).toThrow(/does not end where its size says/);
  });
});
