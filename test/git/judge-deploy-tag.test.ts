// A deploy record moves a judgement (the plan's base, the audit's deployedAt), so a tag counts only when it
// proves itself. Each row is one way to forge a record; only the first is what record-deploy writes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deployTagName, judgeDeployTag, parseTagObject, renderDeployRecord, sortDeployTags, tagStamp, type DeployTag } from "../../src/git/deploy-records";

const c = (n: number) => String(n).repeat(40).slice(0, 40);
const ctx = { stack: "prod", notAfter: "2026-12-01T23:59:59Z", now: "2026-12-02T02:00:00Z" };
const at = "2026-11-28T05:00:00Z";
const good = (over: Partial<NonNullable<DeployTag["object"]>> = {}, name = deployTagName("prod", at)): DeployTag => ({
  name,
  type: "tag",
  object: { id: c(1), type: "commit", tag: name, taggedAt: "2026-11-28T05:03:00Z", message: renderDeployRecord({ stack: "prod", commit: c(1), at, runUrl: "https://github.com/contoso/guests/actions/runs/7" }), ...over },
});
const future = "2099-01-01T00:00:00Z";

describe("judgeDeployTag", () => {
  it("trusts the record that record-deploy writes", () => {
    expect(judgeDeployTag(good(), ctx)).toEqual({ stack: "prod", commit: c(1), at, tag: deployTagName("prod", at) });
  });

  it.each([
    { desc: "a lightweight tag", tag: { name: deployTagName("prod", at), type: "commit" }, reason: "lightweight tag" },
    { desc: "an annotated tag whose object cannot be read", tag: { name: deployTagName("prod", at), type: "tag" }, reason: "cannot be read" },
    { desc: "a tag object made under another name", tag: good({ tag: deployTagName("prod", "2026-11-01T00:00:00Z") }), reason: "was made as" },
    { desc: "a tag of a tree", tag: good({ type: "tree" }), reason: "not a commit" },
    { desc: "a message that is not a record", tag: good({ message: "deployed by hand\n" }), reason: "not a deploy record" },
    { desc: "a record with a subject that does not match", tag: good({ message: renderDeployRecord({ stack: "prod", commit: c(1), at }).replace("guestops deploy prod", "guestops deploy dev") }), reason: "not a deploy record" },
    { desc: "bare JSON with no subject", tag: good({ message: JSON.stringify({ stack: "prod", commit: c(1), at }) }), reason: "not a deploy record" },
    { desc: "a record of another stack", tag: good({ message: renderDeployRecord({ stack: "dev", commit: c(1), at }) }), reason: 'stack "dev"' },
    { desc: "a record of another commit than the tag's", tag: good({ message: renderDeployRecord({ stack: "prod", commit: c(2), at }) }), reason: "but the tag points at" },
    { desc: "a name that says another time than the record", tag: good({}, deployTagName("prod", "2026-11-30T00:00:00Z")), reason: "not the time its name says" },
    {
      desc: "a record from the future",
      tag: good({ message: renderDeployRecord({ stack: "prod", commit: c(1), at: future }), tag: deployTagName("prod", future), taggedAt: "2026-12-02T01:00:00Z" }, deployTagName("prod", future)),
      reason: "after 2026-12-01T23:59:59Z",
    },
    { desc: "a tag made before the deployment it records", tag: good({ taggedAt: "2026-11-27T09:00:00Z" }), reason: "before the deployment" },
    { desc: "a tag made in the future", tag: good({ taggedAt: "2026-12-05T00:00:00Z" }), reason: "in the future" },
    { desc: "a tag object with no tagger", tag: good({ taggedAt: undefined as unknown as string }), reason: "no tagger time" },
  ])("passes over $desc", ({ tag, reason }) => {
    const judged = judgeDeployTag(tag as DeployTag, ctx);
    expect(judged).toEqual({ tag: tag.name, reason: expect.stringContaining(reason) });
  });

  it("never trusts a record dated after the moment of judging, whatever else it says", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4_000_000_000 }), (seconds) => {
        const when = new Date(Date.parse(ctx.notAfter) + seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
        const name = deployTagName("prod", when);
        const tag = good({ tag: name, taggedAt: when, message: renderDeployRecord({ stack: "prod", commit: c(1), at: when }) }, name);
        return "reason" in judgeDeployTag(tag, { ...ctx, now: when });
      }),
    );
  });

  it("sorts newest first and passes over a record whose commit is not on the head's first-parent history", () => {
    const older = "2026-11-01T05:00:00Z";
    const tags = [good(), good({ tag: deployTagName("prod", older), taggedAt: older, message: renderDeployRecord({ stack: "prod", commit: c(3), at: older }), id: c(3) }, deployTagName("prod", older))];
    const sorted = sortDeployTags(tags, { ...ctx, head: "HEAD" }, new Set([c(3)]));
    expect(sorted.trusted.map((r) => r.tag)).toEqual([`guestops/deploy/prod/${tagStamp(older)}`]);
    expect(sorted.passedOver).toEqual([{ tag: deployTagName("prod", at), reason: `its commit ${c(1).slice(0, 12)} is not on the first-parent history of HEAD` }]);
  });
});

describe("parseTagObject", () => {
  it("reads the target, the name, the tagger's time and the message, without a signature", () => {
    const raw = `object ${c(1)}\ntype commit\ntag guestops/deploy/prod/20261128T050000Z\ntagger Guestops CI <ci@contoso.com> 1764306180 +0100\n\nguestops deploy prod at ${at}\n\n{}\n-----BEGIN PGP SIGNATURE-----\n\nxyz\n-----END PGP SIGNATURE-----\n`;
    expect(parseTagObject(Buffer.from(raw))).toEqual({ id: c(1), type: "commit", tag: "guestops/deploy/prod/20261128T050000Z", taggedAt: new Date(1764306180 * 1000).toISOString().replace(/\.\d+Z$/, "Z"), message: `guestops deploy prod at ${at}\n\n{}\n` });
  });
});
