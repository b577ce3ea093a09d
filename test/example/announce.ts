// vitest's global setup: says once per run why the tests of the bundled example skip, in a fork.
import { exampleIsBundled, REPLACED_REASON } from "../helpers/example";

export default function announce(): void {
  if (!exampleIsBundled()) process.stdout.write(`\nSkipping the tests of the bundled example: ${REPLACED_REASON}.\n\n`);
}
