// The words a plan gives a GuestLifecycle update when which account it manages changes.
import { describe, expect, test } from "vitest";
import { lifecycleUpdateReason } from "../../src/model/resource-types";

describe("lifecycleUpdateReason and the account's source", () => {
  test.each([
    { before: { userId: "u1", accountFrom: "invitation" }, after: { userId: "u1", accountFrom: "objectId" }, diffs: ["accountFrom"], reason: "account now adopted by objectId" },
    { before: { userId: "u1", accountFrom: "objectId" }, after: { userId: "u1", accountFrom: "invitation" }, diffs: ["accountFrom"], reason: "account now the invitation's" },
    // A new userId says it all: the source is not repeated.
    { before: { userId: { ref: "x", output: "userId" }, accountFrom: "invitation" }, after: { userId: "u2", accountFrom: "objectId" }, diffs: ["userId", "accountFrom"], reason: "now manages account u2" },
  ])("$diffs → $reason", ({ before, after, diffs, reason }) => {
    expect(lifecycleUpdateReason(before, after, diffs)).toBe(reason);
  });
});
