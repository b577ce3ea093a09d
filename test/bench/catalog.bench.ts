// Validation of a 5,000-group catalog with 50,000 unknown group references, beside the same repository
// with every reference known: the difference is the "did you mean" work, which has a fixed budget.
import { loadRepo } from "../../src/load/load-repo";
import { validateRepo } from "../../src/rules/validate-repo";
import { blobIdOf, type FileSource } from "../../src/load/file-source";
import type { BenchSection } from "./run";
import { interleaved, ms, ratio } from "./measure";
import { catalogRepo } from "./synthetic-catalog";

const SIZE = { groups: 5_000, guests: 1_000, refsPerGuest: 50 };
const AS_OF = "2026-12-01";

function memorySource(files: Record<string, string>): FileSource {
  return {
    label: "memory",
    async list(dirs) {
      return Object.keys(files).filter((p) => dirs.some((d) => d === "." || p.startsWith(`${d}/`))).sort().map((path) => ({ path }));
    },
    async read(list) {
      return list.map(({ path }) => {
        const bytes = Buffer.from(files[path] ?? "");
        return { path, bytes, blobId: blobIdOf(bytes) };
      });
    },
  };
}

async function validateOnce(files: Record<string, string>): Promise<number> {
  const load = await loadRepo(memorySource(files), "prod");
  return validateRepo(load, AS_OF).errors.length;
}

const section: BenchSection = {
  title: "validate with a 5,000-group catalog and 50,000 group references (unknown vs known)",
  async run() {
    const unknown = catalogRepo(SIZE);
    const known = catalogRepo(SIZE, true);
    const { unknownRefs, knownRefs } = await interleaved(3, { unknownRefs: () => validateOnce(unknown), knownRefs: () => validateOnce(known) });
    console.log("| groups | references | all unknown | all known | ratio |");
    console.log("|---:|---:|---:|---:|---:|");
    console.log(`| ${SIZE.groups} | ${SIZE.guests * SIZE.refsPerGuest} | ${ms(unknownRefs)} | ${ms(knownRefs)} | ${ratio(unknownRefs, knownRefs)} |`);
  },
};

export default section;
