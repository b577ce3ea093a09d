// PR numbers, trailers and approval notes from untrusted commit text.
import { describe, expect, it } from "vitest";
import { buildEvidence, parseApprovalNote, parsePrNumber, parseTrailerApprovers } from "../../src/audit/parse-evidence";

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

describe("parseApprovalNote", () => {
  it("reads the documented format", () => {
    expect(parseApprovalNote('{ "pr": 12, "approvals": [ { "by": "Olivia.Chen@contoso.com", "at": "2026-11-20T10:00:00Z" } ] }')).toEqual({ pr: 12, approvals: [{ by: "olivia.chen@contoso.com", at: "2026-11-20T10:00:00Z" }] });
  });
  it.each([["not json"], ["[]"], ['{"pr": "12", "approvals": []}'], ['{"pr": 12}'], ['{"approvals": [{"by": "x"}]}'], ['{"approvals": [{"by": "a@contoso.com", "at": "soon"}]}'], ['{"pr": -1, "approvals": []}']])("refuses %s whole", (text) => {
    expect(parseApprovalNote(text)).toBeUndefined();
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
    expect(e).toEqual({ commit: "a".repeat(40), at: "2026-11-20T10:00:00Z", author: "Sam <sam@contoso.com>", authorEmail: "sam@contoso.com", subject: "Add Ana (#7)", pr: 7, approvers: ["a@contoso.com", "b@contoso.com"] });
    expect(buildEvidence({ ...e, committed: e.at, message: "Direct push\n", note: '{"pr": 8, "approvals": []}' }).pr).toBe(8);
  });
});
