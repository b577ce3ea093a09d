// Which signatures the audit trusts: a good one, by a key the auditor named, and nothing else.
import { describe, expect, it } from "vitest";
import { parseTrustedSigner, trustedSignerOf } from "../../src/audit/trusted-signers";

const KEY = "A43AB9014CF7D3C5DFCF099BBC468BBFDED165CF";
const SUB = "B".repeat(40);
const SSH = "SHA256:" + "x".repeat(43);

describe("parseTrustedSigner", () => {
  it.each([
    [KEY, KEY],
    [KEY.toLowerCase().replace(/(.{4})/g, "$1 ").trim(), KEY],
    ["C".repeat(64), "C".repeat(64)],
    [SSH, SSH],
    [`${SSH}=`, SSH],
    ["BC468BBFDED165CF", undefined], // a long key id is not a fingerprint: ids collide
    ["web-flow", undefined],
    ["", undefined],
  ])("%j is %j", (value, want) => expect(parseTrustedSigner(value)).toBe(want));
});

describe("trustedSignerOf", () => {
  const trusted = new Set([KEY, SSH]);
  it.each([
    { desc: "good signature by the key", sig: { status: "G", fingerprint: KEY, primary: KEY }, want: KEY },
    { desc: "good, by a subkey of the key", sig: { status: "G", fingerprint: SUB, primary: KEY }, want: KEY },
    { desc: "good, unknown validity in gpg's web of trust", sig: { status: "U", fingerprint: KEY, primary: KEY }, want: KEY },
    { desc: "good, by a key that has since expired", sig: { status: "Y", fingerprint: KEY, primary: KEY }, want: KEY },
    { desc: "good SSH signature", sig: { status: "G", fingerprint: SSH, primary: "" }, want: SSH },
    { desc: "bad signature", sig: { status: "B", fingerprint: KEY, primary: KEY }, want: undefined },
    { desc: "revoked key", sig: { status: "R", fingerprint: KEY, primary: KEY }, want: undefined },
    { desc: "key not in the keyring", sig: { status: "E", fingerprint: "", primary: "" }, want: undefined },
    { desc: "good signature by another key", sig: { status: "G", fingerprint: SUB, primary: SUB }, want: undefined },
    { desc: "unsigned", sig: { status: "N", fingerprint: "", primary: "" }, want: undefined },
  ])("$desc", ({ sig, want }) => expect(trustedSignerOf(sig, trusted)).toBe(want));

  it("no signature read: nothing trusted", () => expect(trustedSignerOf(undefined, trusted)).toBeUndefined());
});
