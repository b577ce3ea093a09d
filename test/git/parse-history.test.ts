// The git log --raw -z parser, on output split at every byte, with odd paths; and commit objects.
import { describe, expect, it } from "vitest";
import { LogParser, parseCommitObject, type LogCommit } from "../../src/git/parse-history";

const A = "a".repeat(40);
const B = "b".repeat(40);
const Z = "0".repeat(40);
const ID = "1".repeat(40);

function output(): Buffer {
  return Buffer.concat([
    Buffer.from(`\x01${A} \x002026-11-01T10:00:00+00:00\x00\n`),
    Buffer.from(`:000000 100644 ${Z} ${ID} A\x00guests/ä b\x01:weird.yaml\x00`),
    Buffer.from(`:100644 000000 ${ID} ${Z} D\x00old.yaml\x00`),
    Buffer.from(`\x01${B} ${A}\x002026-11-02T10:00:00+01:00\x00\n`), // a commit with no changes
  ]);
}

function parse(chunks: Buffer[]): LogCommit[] {
  const commits: LogCommit[] = [];
  const p = new LogParser((c) => commits.push(c));
  for (const c of chunks) p.push(c);
  p.end();
  return commits;
}

describe("LogParser with the signature fields", () => {
  const FPR = "A43AB9014CF7D3C5DFCF099BBC468BBFDED165CF";
  const out = Buffer.concat([
    Buffer.from(`\x01${A} \x002026-11-01T10:00:00+00:00\x00G\x00${FPR}\x00${FPR}\x00\n`),
    Buffer.from(`:000000 100644 ${Z} ${ID} A\x00guests/a.yaml\x00`),
    Buffer.from(`\x01${B} ${A}\x002026-11-02T10:00:00+01:00\x00N\x00\x00\x00\n`),
  ]);
  const want: LogCommit[] = [
    { commit: A, parents: [], committed: "2026-11-01T10:00:00+00:00", changes: [{ mode: "100644", id: ID, status: "A", path: "guests/a.yaml" }], signature: { status: "G", fingerprint: FPR, primary: FPR } },
    { commit: B, parents: [A], committed: "2026-11-02T10:00:00+01:00", changes: [], signature: { status: "N", fingerprint: "", primary: "" } },
  ];
  const parseSigned = (chunks: Buffer[]) => {
    const commits: LogCommit[] = [];
    const p = new LogParser((c) => commits.push(c), { signed: true });
    for (const c of chunks) p.push(c);
    p.end();
    return commits;
  };

  it("parses the verdict and keys whatever the chunk boundaries", () => {
    for (let cut = 1; cut < out.length; cut++) expect(parseSigned([out.subarray(0, cut), out.subarray(cut)])).toEqual(want);
  });
});

describe("LogParser", () => {
  const want: LogCommit[] = [
    { commit: A, parents: [], committed: "2026-11-01T10:00:00+00:00", changes: [{ mode: "100644", id: ID, status: "A", path: "guests/ä b\x01:weird.yaml" }, { mode: "000000", id: Z, status: "D", path: "old.yaml" }] },
    { commit: B, parents: [A], committed: "2026-11-02T10:00:00+01:00", changes: [] },
  ];

  it("parses whole output", () => expect(parse([output()])).toEqual(want));

  it("parses the same whatever the chunk boundaries", () => {
    const out = output();
    for (let cut = 1; cut < out.length; cut++) expect(parse([out.subarray(0, cut), out.subarray(cut)])).toEqual(want);
    expect(parse([...out].map((b) => Buffer.from([b])))).toEqual(want);
  });

  it("throws on output that stops in a record or is not git's", () => {
    const out = output();
    expect(() => parse([out.subarray(0, out.indexOf("old.yaml"))])).toThrow(/middle of a record/);
    expect(() => parse([Buffer.from("garbage")])).toThrow(/unexpected git log output/);
  });
});

describe("parseCommitObject", () => {
  it("reads author and message", () => {
    const text = `tree ${A}\nparent ${B}\nauthor Olivia Chen <Olivia.Chen@contoso.com> 1764000000 +0100\ncommitter X <x@y> 1764000000 +0000\n\nSubject (#1)\n\nReviewed-by: a@b.c\n`;
    expect(parseCommitObject(Buffer.from(text))).toEqual({ author: "Olivia Chen <Olivia.Chen@contoso.com>", authorEmail: "olivia.chen@contoso.com", message: "Subject (#1)\n\nReviewed-by: a@b.c\n" });
  });
});
