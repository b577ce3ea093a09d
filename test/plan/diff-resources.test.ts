// diffResources judged like Pulumi and the azuread provider: ignoreChanges never diffs, every input of
// Invitation, GroupMember and AppRoleAssignment forces a replacement, a new tenant replaces everything.
import { describe, expect, it } from "vitest";
import {
  APP_ROLE_ASSIGNMENT,
  GROUP_MEMBER,
  INVITATION,
  INVITATION_IGNORE_CHANGES,
  PROVIDER,
  PROVIDER_NAME,
  type ResourceSpec,
} from "../../src/model/resources-for";
import { diffResources } from "../../src/plan/diff-resources";

const ANA = "ana.silva@fabrikam.com";
const GROUP = "22222222-2222-4222-8222-222222222222";
const SP = "55555555-5555-4555-8555-555555555555";
const ROLE = "66666666-6666-4666-8666-666666666666";

const provider = (tenantId = "11111111-1111-4111-8111-111111111111", extra: Record<string, string> = {}): ResourceSpec => ({
  type: PROVIDER,
  name: PROVIDER_NAME,
  inputs: { tenantId, ...extra },
  options: {},
});
const invitation = (inputs: Partial<Record<string, any>> = {}, options: Partial<ResourceSpec["options"]> = {}): ResourceSpec => ({
  type: INVITATION,
  name: ANA,
  guest: ANA,
  inputs: { userEmailAddress: ANA, userDisplayName: "Ana Silva", redirectUrl: "https://myapps.microsoft.com", userType: "Guest", message: { language: "en-US" }, ...inputs },
  options: { provider: PROVIDER_NAME, retainOnDelete: true, ignoreChanges: INVITATION_IGNORE_CHANGES, ...options },
});
const member = (inputs: Partial<Record<string, any>> = {}): ResourceSpec => ({
  type: GROUP_MEMBER,
  name: `erp-project/${ANA}`,
  guest: ANA,
  inputs: { groupObjectId: GROUP, memberObjectId: { ref: ANA, output: "userId" }, ...inputs },
  options: { provider: PROVIDER_NAME },
});
const assignment = (inputs: Partial<Record<string, any>> = {}): ResourceSpec => ({
  type: APP_ROLE_ASSIGNMENT,
  name: `expenses/Submitter/${ANA}`,
  guest: ANA,
  inputs: { appRoleId: ROLE, principalObjectId: { ref: ANA, output: "userId" }, resourceObjectId: SP, ...inputs },
  options: { provider: PROVIDER_NAME },
});
const all = () => [provider(), invitation(), member(), assignment()];
const OTHER = "99999999-9999-4999-8999-999999999999";

interface Row {
  desc: string;
  base: ResourceSpec[];
  head: ResourceSpec[];
  changes: { op: string; type: string; name?: string; retained?: boolean; diffs?: string[] }[];
  ignored?: string[];
  reason?: RegExp;
}

const rows: Row[] = [
  { desc: "identical lists", base: all(), head: all(), changes: [] },
  { desc: "an output reference naming the same output", base: [member()], head: [member({ memberObjectId: { ref: ANA, output: "userId" } })], changes: [] },
  { desc: "a display name edit is ignored, not a change", base: [invitation()], head: [invitation({ userDisplayName: "Ana M. Silva" })], changes: [], ignored: ["userDisplayName"] },
  { desc: "a nested message edit is ignored", base: [invitation({ message: { body: "Hi" } })], head: [invitation({ message: { body: "Hello" } })], changes: [], ignored: ["message.body"] },
  { desc: "email case is ignored", base: [invitation()], head: [invitation({ userEmailAddress: "Ana.Silva@fabrikam.com" })], changes: [], ignored: ["userEmailAddress"] },
  {
    desc: "an Invitation input outside ignoreChanges replaces it",
    base: [invitation()],
    head: [invitation({ redirectUrl: "https://contoso.example" }, { ignoreChanges: ["userDisplayName"] })],
    changes: [{ op: "replace", type: INVITATION, diffs: ["redirectUrl"] }],
  },
  { desc: "GroupMember groupObjectId forces replacement", base: [member()], head: [member({ groupObjectId: OTHER })], changes: [{ op: "replace", type: GROUP_MEMBER, diffs: ["groupObjectId"] }] },
  { desc: "GroupMember memberObjectId forces replacement", base: [member({ memberObjectId: GROUP })], head: [member({ memberObjectId: OTHER })], changes: [{ op: "replace", type: GROUP_MEMBER, diffs: ["memberObjectId"] }] },
  { desc: "AppRoleAssignment appRoleId forces replacement", base: [assignment()], head: [assignment({ appRoleId: OTHER })], changes: [{ op: "replace", type: APP_ROLE_ASSIGNMENT, diffs: ["appRoleId"] }] },
  { desc: "AppRoleAssignment principalObjectId forces replacement", base: [assignment()], head: [assignment({ principalObjectId: OTHER })], changes: [{ op: "replace", type: APP_ROLE_ASSIGNMENT }], reason: /unless that is the same account/ },
  { desc: "AppRoleAssignment resourceObjectId forces replacement", base: [assignment()], head: [assignment({ resourceObjectId: OTHER })], changes: [{ op: "replace", type: APP_ROLE_ASSIGNMENT, diffs: ["resourceObjectId"] }] },
  {
    desc: "a new tenantId replaces the provider and everything under it",
    base: all(),
    head: [provider(OTHER), invitation(), member(), assignment()],
    changes: [
      { op: "replace", type: PROVIDER },
      { op: "replace", type: INVITATION },
      { op: "replace", type: GROUP_MEMBER },
      { op: "replace", type: APP_ROLE_ASSIGNMENT },
    ],
  },
  { desc: "another provider input updates it in place", base: all(), head: [provider(undefined, { environment: "global" }), invitation(), member(), assignment()], changes: [{ op: "update", type: PROVIDER, diffs: ["environment"] }] },
  {
    desc: "a replaced invitation replaces what uses its userId",
    base: [invitation(), member()],
    head: [invitation({ userType: "Member" }, { ignoreChanges: [] }), member()],
    changes: [
      { op: "replace", type: INVITATION, diffs: ["userType"] },
      { op: "replace", type: GROUP_MEMBER },
    ],
    reason: /comes from/,
  },
  { desc: "a new resource is created", base: [provider()], head: [provider(), invitation()], changes: [{ op: "create", type: INVITATION, name: ANA }] },
  { desc: "a dropped invitation keeps the account when the base retained it", base: [invitation()], head: [], changes: [{ op: "delete", type: INVITATION, retained: true }] },
  {
    desc: "a dropped invitation deletes the account when the base did not retain it",
    base: [invitation({}, { retainOnDelete: false })],
    head: [],
    changes: [{ op: "delete", type: INVITATION, retained: false }],
  },
  { desc: "a dropped membership is deleted", base: [member()], head: [], changes: [{ op: "delete", type: GROUP_MEMBER, name: `erp-project/${ANA}` }] },
];

describe("diffResources", () => {
  it.each(rows)("$desc", ({ base, head, changes, ignored, reason }) => {
    const diff = diffResources(base, head);
    expect(diff.changes).toHaveLength(changes.length);
    diff.changes.forEach((c, i) => expect(c).toMatchObject(changes[i]!));
    expect(diff.ignored.flatMap((i) => i.inputs)).toEqual(ignored ?? []);
    if (reason) expect(diff.changes.map((c) => c.reason).join("\n")).toMatch(reason);
  });

  it("retained comes from the base's options, which Pulumi stored at the last deploy", () => {
    // The head no longer registers the resource, so its options cannot matter; only the base's can.
    expect(diffResources([invitation({}, { retainOnDelete: false })], [provider()]).changes.find((c) => c.type === INVITATION)?.retained).toBe(false);
    expect(diffResources([invitation({}, { retainOnDelete: true })], [provider()]).changes.find((c) => c.type === INVITATION)?.retained).toBe(true);
  });

  it("resources are keyed by type and name, so the same name in two types never pairs up", () => {
    const a = { ...member(), name: "x" };
    const b = { ...assignment(), name: "x" };
    expect(diffResources([a], [b]).changes.map((c) => c.op).sort()).toEqual(["create", "delete"]);
  });
});
