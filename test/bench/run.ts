// npm run bench: every *.bench.ts section in this folder, in name order. Each prints its own figures
// beside a baseline measured in the same run.
import { readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

export interface BenchSection {
  title: string;
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  console.log(`guestops bench: node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  const files = readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only))).sort();
  for (const file of files) {
    const section = (await import(join(__dirname, file))) as { default: BenchSection };
    console.log(`\n## ${section.default.title}`);
    await section.default.run();
  }
}

void main();
