// PR numbers, trailers and approval notes from untrusted commit text.
import { describe, expect, it } from "vitest";
import { buildEvidence, parseApprovalNote, parsePrNumber, parseTrailerApprovers, parseTrailerRequester } from "../../src/audit/parse-evidence";

describe("parsePrNumber", () => {
  it.each([
    ["Merge pull request #12 from fabrikam/ana", 12],
    ["Give Ana expenses (#34)", 34],
    ["Give Ana expenses (#34)  ", 34],
    ["Merged PR 56: Add Henrik", 56],
    ['Revert "Give Ana expenses (#34)"', null],
    ["Fix #12 in the docs", null],
    ["Merge branch 'main' into topic", null],
    ["Merge pull request #12", null],
    ["Merged PR x: nothing", null],
  ])("%s", (subject, pr) => expect(parsePrNumber(subject)).toBe(pr));
});

describe("parseTrailerApprovers", () => {
  it.each([
    { desc: "both trailers, names and bare addresses", message: "Title\n\nBody.\n\nReviewed-by: Olivia Chen <Olivia.Chen@contoso.com>\nApproved-by: priya@contoso.com\nSigned-off-by: sam@contoso.com\n", want: ["olivia.chen@contoso.com", "priya@contoso.com"] },
    { desc: "trailers only count in the last paragraph", message: "Title\n\nReviewed-by: a@contoso.com\n\nMore text.\n", want: [] },
    { desc: "a subject alone has no trailers", message: "Reviewed-by: a@contoso.com\n", want: [] },
    { desc: "not an address", message: "T\n\nReviewed-by: the whole team\nApproved-by: <script>@x\n", want: [] },
  ])("$desc", ({ message, want }) => expect(parseTrailerApprovers(message)).toEqual(want));
});

describe("parseTrailerRequester", () => {
  it.each([
    { desc: "a name and an address", message: "Renew Ana (#9)\n\nRequested-by: Ana Silva <Ana.Silva@fabrikam.com>\n", want: "ana.silva@fabrikam.com" },
    { desc: "beside approval trailers, which it is not", message: "T\n\nRequested-by: ana@fabrikam.com\nApproved-by: priya@contoso.com\n", want: "ana@fabrikam.com" },
    { desc: "the same address twice", message: "T\n\nRequested-by: ana@fabrikam.com\nrequested-by: Ana <ANA@fabrikam.com>\n", want: "ana@fabrikam.com" },
    { desc: "two who disagree: someone's edit, so none", message: "T\n\nRequested-by: ana@fabrikam.com\nRequested-by: mallory@fabrikam.com\n", want: undefined },
    { desc: "only in the last paragraph", message: "T\n\nRequested-by: ana@fabrikam.com\n\nMore text.\n", want: undefined },
    { desc: "in the subject", message: "Requested-by: ana@fabrikam.com\n", want: undefined },
    { desc: "not an address", message: "T\n\nRequested-by: ::warning::ana\n", want: undefined },
    { desc: "an issue-form request's @login", message: "Add Ana\n\nRequested-by: @Ana-Dev\nRequest: #41\n", want: "@ana-dev" },
    { desc: "a login with a double dash: not GitHub's", message: "T\n\nRequested-by: @ana--dev\n", want: undefined },
    { desc: "a login of 40 characters: too long", message: `T\n\nRequested-by: @${"a".repeat(40)}\n`, want: undefined },
    { desc: "a login with a workflow command after it", message: "T\n\nRequested-by: @ana ::error::x\n", want: undefined },
  ])("$desc", ({ message, want }) => expect(parseTrailerRequester(message)).toBe(want));

  it("is the code host's only on a signed merge; otherwise shown as a trailer, and never an approver", () => {
    const input = { commit: "a".repeat(40), committed: "2026-11-20T10:00:00Z", author: "Sam <sam@contoso.com>", authorEmail: "sam@contoso.com", message: "Renew Ana (#9)\n\nRequested-by: priya@contoso.com\n" };
    expect(buildEvidence(input)).toMatchObject({ requester: { by: "priya@contoso.com", source: "trailer" }, approvers: [], approvals: [] });
    expect(buildEvidence({ ...input, signedBy: "F".repeat(40) })).toMatchObject({ requester: { by: "priya@contoso.com", source: "signed-merge" }, approvers: [], approvals: [] });
    expect(buildEvidence({ ...input, message: "Renew Ana (#9)\n" }).requester).toBeUndefined();
  });
});

describe("parseApprovalNote", () => {
  const at = "2026-11-20T10:00:00Z";
  const commit = "c".repeat(40);
  it("reads the documented format, with or without its commit", () => {
    const want = { note: { pr: 12, approvals: [{ by: "olivia.chen@contoso.com", at }] }, problems: [] };
    expect(parseApprovalNote(`{ "pr": 12, "approvals": [ { "by": "Olivia.Chen@contoso.com", "at": "${at}" } ] }`)).toEqual(want);
    expect(parseApprovalNote(JSON.stringify({ commit, pr: 12, approvals: [{ by: "olivia.chen@contoso.com", at }] }), { commit, subjectPr: 12 })).toEqual(want);
  });
  it.each([
    ["@ana-dev", "@ana-dev", []],
    ["Ana.Silva@Fabrikam.com", "ana.silva@fabrikam.com", []],
    ["::error::forged", undefined, ['"requestedBy" is "::error::forged", not an address or an @login; the requester is left out']],
    [42, undefined, ['"requestedBy" is 42, not an address or an @login; the requester is left out']],
  ])("reads requestedBy %j as %j, keeping the approvals", (requestedBy, want, problems) => {
    const read = parseApprovalNote(JSON.stringify({ commit, pr: 12, approvals: [{ by: "olivia.chen@contoso.com", at }], requestedBy }), { commit, subjectPr: 12 });
    expect(read.note?.requestedBy).toBe(want);
    expect(read.note?.approvals).toHaveLength(1);
    expect(read.problems).toEqual(problems);
  });
  it("takes a request's author from the record over a trailer", () => {
    const note = JSON.stringify({ commit, pr: 12, approvals: [], requestedBy: "@ana-dev" });
    const evidence = buildEvidence({ commit, committed: at, author: "Sam <sam@contoso.com>", authorEmail: "sam@contoso.com", message: "Merge pull request #12\n\nRequested-by: mallory@fabrikam.com\n", note });
    expect(evidence.requester).toEqual({ by: "@ana-dev", source: "record" });
  });
  it.each([
    ["not json", /^the note is not JSON/],
    ["[]", /^the note is \[\], not an object/],
    ['{"pr": 12}', /^"approvals" is missing, not a list$/],
    [JSON.stringify({ commit: "d".repeat(40), pr: 12, approvals: [{ by: "a@contoso.com", at }] }), /names commit "d{40}", not the commit it is on/],
    [JSON.stringify({ commit: 7, approvals: [] }), /names commit 7/],
    [JSON.stringify({ pr: 13, approvals: [{ by: "a@contoso.com", at }] }), /^the note is for PR 13, but the commit's subject names PR 12$/],
  ])("uses none of %s, and says why", (text, reason) => {
    const read = parseApprovalNote(text, { commit, subjectPr: 12 });
    expect(read.note?.approvals ?? []).toEqual([]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(reason);
  });
  it.each([
    ['{"pr": "12", "approvals": [GOOD]}', ['"pr" is "12", not a pull request number']],
    ['{"pr": null, "approvals": [GOOD]}', ['"pr" is null, not a pull request number']],
    ['{"pr": -1, "approvals": [GOOD]}', ['"pr" is -1, not a pull request number']],
    ['{"approvals": [GOOD, {"by": "x"}]}', ['approvals[1]: "by" is "x", not an address; that approval is left out']],
    ['{"approvals": [{"by": "b@contoso.com", "at": "soon"}, GOOD]}', ['approvals[0] (b@contoso.com): "at" is "soon", not a time; that approval is left out']],
    ['{"approvals": [GOOD, 3]}', ['approvals[1]: "by" is missing, not an address; that approval is left out']],
  ])("keeps the good approvals of %s and names the bad part", (text, problems) => {
    const read = parseApprovalNote(text.replace("GOOD", `{"by": "a@contoso.com", "at": "${at}"}`), { commit, subjectPr: null });
    expect(read.note?.approvals).toEqual([{ by: "a@contoso.com", at }]);
    expect(read.problems).toEqual(problems);
  });

  it('keeps an approval with "at": null or no "at" (an Azure DevOps vote, which has no time), its time unknown', () => {
    const read = parseApprovalNote(JSON.stringify({ pr: 17, approvals: [{ by: "a@contoso.com", at: null }, { by: "b@contoso.com" }] }), { commit, subjectPr: 17 });
    expect(read).toEqual({ note: { pr: 17, approvals: [{ by: "a@contoso.com", at: null }, { by: "b@contoso.com", at: null }] }, problems: [] });
  });
});

describe("buildEvidence", () => {
  it("joins trailers and note, takes the subject's PR before the note's, and states the time in UTC", () => {
    const e = buildEvidence({
      commit: "a".repeat(40),
      committed: "2026-11-20T12:00:00+02:00",
      author: "Sam <sam@contoso.com>",
      authorEmail: "sam@contoso.com",
      message: "Add Ana (#7)\n\nReviewed-by: b@contoso.com\n",
      note: '{"pr": 8, "approvals": [{"by": "a@contoso.com", "at": "2026-11-20T09:00:00Z"}, {"by": "b@contoso.com", "at": "2026-11-20T09:01:00Z"}]}',
    });
    // The note is for PR 8, the commit is PR 7: its approvals are not this commit's, and that is said.
    // A trailer of an unsigned commit is shown, and counts for nothing; the subject's PR is unverified.
    expect(e).toEqual({
      commit: "a".repeat(40),
      at: "2026-11-20T10:00:00Z",
      author: "Sam <sam@contoso.com>",
      authorEmail: "sam@contoso.com",
      subject: "Add Ana (#7)",
      pr: 7,
      prSource: "subject",
      approvers: [],
      approvals: [{ by: "b@contoso.com", source: "trailer" }],
      unreadable: ["the note is for PR 8, but the commit's subject names PR 7"],
    });
    const agreeing = buildEvidence({ ...e, committed: e.at, message: "Add Ana (#8)\n\nReviewed-by: b@contoso.com\n", note: '{"pr": 8, "approvals": [{"by": "a@contoso.com", "at": "2026-11-20T09:00:00Z"}]}' });
    expect(agreeing).toMatchObject({ pr: 8, prSource: "record", approvers: ["a@contoso.com"], approvals: [{ by: "a@contoso.com", source: "record", at: "2026-11-20T09:00:00Z" }, { by: "b@contoso.com", source: "trailer" }] });
    // Signed by a trusted signer: the subject's PR and the trailers are the code host's.
    const signed = buildEvidence({ ...e, committed: e.at, message: "Add Ana (#7)\n\nReviewed-by: b@contoso.com\n", signedBy: "F".repeat(40) });
    expect(signed).toMatchObject({ pr: 7, prSource: "signed-merge", approvers: ["b@contoso.com"], approvals: [{ by: "b@contoso.com", source: "signed-merge" }], signedBy: "F".repeat(40) });
    expect(agreeing.unreadable).toBeUndefined();
    expect(buildEvidence({ ...e, committed: e.at, message: "Direct push\n", note: '{"pr": 8, "approvals": []}' }).pr).toBe(8);
  });
});
