// Validation across the shards of a tenant, and the shape of shard and tenant files, as table tests.
// The tenant file is test/helpers/fixtures' STACK; each shard selects guests/<shard>/**.
import { describe, expect, it } from "vitest";
import { memorySource } from "../../src/load/memory-source";
import { loadShards, loadStack } from "../../src/rules/load-stack";
import { mergeValidations } from "../../src/rules/validate-shards";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { expectProblems, oneGuest, type Expected, type Files } from "../validate/helpers";

const T = "tenants/contoso.yaml";
const shard = (folder: string, extra = "") => `tenant: contoso\nguestFiles: ["guests/${folder}/**/*.yaml"]\n${extra}`;
const split = (extra: Files = {}): Files => ({ [T]: STACK, "stacks/eu.yaml": shard("eu"), "stacks/us.yaml": shard("us"), "guests/eu/fabrikam.yaml": FABRIKAM, "guests/us/northwind.yaml": oneGuest({ email: "omar@fabrikam.com" }), ...extra });

async function validateTenant(files: Files) {
  return mergeValidations((await loadShards(memorySource(files), "contoso", { asOf: AS_OF })).map((s) => s.validation));
}

interface Case {
  desc: string;
  files: Files;
  expected: Expected[];
}

const cases: Case[] = [
  { desc: "two shards with their own folders", files: split(), expected: [] },
  {
    desc: "an address in two shards: an error at each place, naming the other",
    files: split({ "guests/us/fabrikam.yaml": oneGuest({ email: "Ana.Silva@fabrikam.com" }) }),
    expected: [
      { rule: "addressInOneShard", file: "guests/eu/fabrikam.yaml", line: 6, column: 12, words: ['email "ana.silva@fabrikam.com" is also declared in shard "us" at guests/us/fabrikam.yaml:5:12', "an address belongs to one shard only"] },
      { rule: "addressInOneShard", file: "guests/us/fabrikam.yaml", line: 5, column: 12, words: ['email "Ana.Silva@fabrikam.com" is also declared in shard "eu" at guests/eu/fabrikam.yaml:6:12'] },
    ],
  },
  {
    desc: "one adopted account in two shards: an error at each objectId, naming the other",
    files: split({
      "guests/eu/northwind.yaml": oneGuest({ email: "ines@fabrikam.com", more: "    objectId: 99999999-9999-4999-8999-999999999999" }),
      "guests/us/fabrikam.yaml": oneGuest({ email: "other@fabrikam.com", more: "    objectId: 99999999-9999-4999-8999-999999999999" }),
    }),
    expected: [
      { rule: "objectIdInOneShard", file: "guests/eu/northwind.yaml", line: 11, words: ['objectId 99999999-9999-4999-8999-999999999999 is also adopted in shard "us" at guests/us/fabrikam.yaml:11:'] },
      { rule: "objectIdInOneShard", file: "guests/us/fabrikam.yaml", line: 11, words: ['is also adopted in shard "eu"'] },
    ],
  },
  {
    desc: "a guest file two shards select: one error per shard at the file, naming both (its entries are not reported again)",
    files: { ...split(), "stacks/us.yaml": `tenant: contoso\nguestFiles: ["guests/**/*.yaml"]\n` },
    expected: [
      { rule: "fileInOneShard", file: "guests/eu/fabrikam.yaml", line: 1, column: 1, words: ['selected by shards "eu" (stacks/eu.yaml) and "us" (stacks/us.yaml) of tenant "contoso"', "belongs to exactly one shard"] },
    ],
  },
  {
    desc: "files a sibling selects are not 'unselected' in a shard whose patterns share their folder",
    files: { [T]: STACK, "stacks/eu.yaml": `tenant: contoso\nguestFiles: ["guests/eu-*.yaml"]\n`, "stacks/us.yaml": `tenant: contoso\nguestFiles: ["guests/us-*.yaml"]\n`, "guests/eu-fabrikam.yaml": FABRIKAM, "guests/us-fabrikam.yaml": oneGuest({ email: "omar@fabrikam.com" }), "guests/old.yaml.bak": "x" },
    expected: [{ rule: "unselectedFile", file: "guests/old.yaml.bak", line: 1, column: 1, severity: "warning", words: ["this file is not read"] }],
  },
  {
    desc: "a shard that sets policy: it belongs in the tenant file",
    files: split({ "stacks/us.yaml": shard("us", "policy:\n  maxExpiryDays: 30\n") }),
    expected: [{ rule: "shardKeys", file: "stacks/us.yaml", line: 3, column: 1, words: ['"policy" belongs in the tenant file tenants/contoso.yaml', "a shard sets only tenant, guestFiles and deploys"] }],
  },
  {
    desc: "a shard without guestFiles",
    files: split({ "stacks/us.yaml": "tenant: contoso\n" }),
    // Without patterns it would read the default guests/**, every sibling's files too: both are said.
    expected: [
      { rule: "schema", file: "stacks/us.yaml", line: 1, column: 1, words: ['missing required field "guestFiles"'] },
      { rule: "fileInOneShard", file: "guests/eu/fabrikam.yaml", line: 1, column: 1, words: ['"eu" (stacks/eu.yaml) and "us" (stacks/us.yaml)'] },
    ],
  },
  {
    desc: "a tenant file that does not exist",
    files: { "stacks/eu.yaml": shard("eu"), "guests/eu/fabrikam.yaml": FABRIKAM },
    expected: [{ rule: "tenantFile", file: "stacks/eu.yaml", line: 1, column: 9, words: ['tenant "contoso" has no file tenants/contoso.yaml', "create it"] }],
  },
  {
    desc: "a tenant name that would leave tenants/",
    files: { "stacks/eu.yaml": `tenant: ../stacks/eu\nguestFiles: ["guests/eu/**/*.yaml"]\n`, "guests/eu/fabrikam.yaml": FABRIKAM },
    expected: [],
  },
  {
    desc: "a tenant file with guestFiles or a tenant of its own",
    files: split({ [T]: `tenant: other\nguestFiles: ["guests/**"]\n${STACK}` }),
    expected: [
      { rule: "tenantFile", file: T, line: 1, column: 1, words: ["a tenant file cannot name another tenant"] },
      { rule: "tenantFile", file: T, line: 2, column: 1, words: ["guestFiles belongs in each shard's stack file"] },
    ],
  },
  {
    desc: "a catalog problem is reported once, in the tenant file",
    files: split({ [T]: STACK.replace("owners: [priya.natarajan@contoso.com]", "owners: [priya.natarajan@fabrikam.com]") }),
    expected: [{ rule: "ownersAreInternal", file: T, line: 11, column: 14, words: ['owner "priya.natarajan@fabrikam.com"'] }],
  },
];

describe("rules across shards", () => {
  it.each(cases.filter((c) => !c.desc.includes("leave tenants/")))("$desc", async ({ files, expected }) => {
    expectProblems(await validateTenant(files), expected);
  });

  it("a tenant name that would leave tenants/ is refused by the schema and never read", async () => {
    const files = cases.find((c) => c.desc.includes("leave tenants/"))!.files;
    const source = memorySource({ ...files, "stacks/x.yaml": "secret" });
    const eu = await loadStack(source, "eu", { asOf: AS_OF });
    expect(eu.load.tenant).toBeUndefined();
    expect(eu.validation.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.rule}`)).toContain("stacks/eu.yaml:1:9 schema");
    expect(source.reads.filter((p) => !p.startsWith("guests/") && p !== "stacks/eu.yaml")).toEqual([]);
  });

  it("a shard's desired state is the tenant's policy and catalog with its own guests", async () => {
    const [eu, us] = await loadShards(memorySource(split({ "guests/us/n.yaml": oneGuest({ email: "omar@fabrikam.com" }) })), "contoso", { asOf: AS_OF });
    expect(eu!.desired.tenantId).toBe("11111111-1111-4111-8111-111111111111");
    expect(us!.desired.catalog).toEqual(eu!.desired.catalog);
    expect([eu!.desired.guests.map((g) => g.key), us!.desired.guests.map((g) => g.key)]).toEqual([["ana.silva@fabrikam.com", "ben.carter@fabrikam.com"], ["omar@fabrikam.com"]]);
  });
});
