// The parse worker of check-files.ts: parses and checks the files it is sent, and sends back each result
// as plain data with its positions (the Document itself cannot cross threads, and is not kept anyway).
import { parentPort } from "node:worker_threads";
import { checkFile } from "./check-file";
import type { CheckJob, PortableCheck } from "./check-files";
import { portablePositions } from "./parse-yaml";

parentPort?.on("message", (jobs: CheckJob[]) => {
  const results = jobs.map((job): PortableCheck => {
    const checked = checkFile(job.bytes, job.schema);
    const positions = portablePositions(checked.parsed);
    return positions ? { checked, positions } : { checked };
  });
  parentPort!.postMessage(results);
});
