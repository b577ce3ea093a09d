// guestops drift against the Graph double holding 50,000 guests and 200,000 memberships (in a child
// process), beside a bare paging loop over the same endpoints with the same page size and the same four
// requests in flight, in the same run. Time, peak heap above the start, and requests for each; and the
// same at 10,000 guests, and at 50,000 guests of whom 10,000 hold access: memory follows the memberships
// and the declared guests, not the number of guests in the tenant.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createGraphClient } from "../../src/graph/graph-client";
import { readDrift } from "../../src/graph/read-drift";
import { staticToken } from "../../src/graph/read-token";
import type { BenchSection } from "./run";
import { interleaved, mib, ms, ratio } from "./measure";
import { driftPaths, syntheticState } from "./synthetic-tenant";

const RUNS = 3;
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function startChild(guests: number, withAccess: number): Promise<{ url: string; token: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "serve-graph-double.ts"), String(guests), String(withAccess)], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the Graph double exited ${code}`)));
  });
  return { ...(JSON.parse(line) as { url: string; token: string }), child };
}

/** The loop a person would write: fetch, parse, follow nextLink; four collections at a time. */
async function bareLoop(url: string, token: string, paths: string[]): Promise<{ items: number; requests: number }> {
  let items = 0;
  let requests = 0;
  const queue = [...paths];
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      let next: string | undefined = `${url}/v1.0${path}`;
      while (next) {
        requests++;
        const body = (await (await fetch(next, { headers: { Authorization: `Bearer ${token}` } })).json()) as { value: unknown[]; "@odata.nextLink"?: string };
        items += body.value.length;
        next = body["@odata.nextLink"];
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { items, requests };
}

/** Peak heap above the heap at the start, sampled while `fn` runs. */
async function peakHeap<T>(fn: () => Promise<T>): Promise<{ value: T; peak: number }> {
  gc();
  const start = process.memoryUsage().heapUsed;
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - start)), 5);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().heapUsed - start);
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

async function measure(guests: number, withAccess = guests): Promise<void> {
  const { url, token, child } = await startChild(guests, withAccess);
  try {
    const state = syntheticState(withAccess);
    const paths = driftPaths(state);
    let driftRequests = 0;
    let loopRequests = 0;
    let found = "";
    const times = await interleaved(RUNS, {
      drift: async () => {
        const client = createGraphClient({ baseUrl: url, token: staticToken(token) });
        const d = await readDrift(client, [state], false);
        driftRequests = client.requestCount;
        found = `${d.undeclaredGuests.length} undeclared, ${d.missingGuests.length} missing, ${d.memberships.length} membership differences`;
      },
      loop: async () => {
        loopRequests = (await bareLoop(url, token, paths)).requests;
      },
    });
    const driftMem = await peakHeap(() => readDrift(createGraphClient({ baseUrl: url, token: staticToken(token) }), [state], false));
    const loopMem = await peakHeap(() => bareLoop(url, token, paths));
    const scope = withAccess === guests ? "" : `, ${withAccess.toLocaleString("en")} of them declared and with access`;
    console.log(`${guests.toLocaleString("en")} guests${scope}, ${(withAccess * 4).toLocaleString("en")} memberships (${found}):`);
    console.log(`  drift         ${ms(times.drift).padStart(9)}  peak heap +${mib(driftMem.peak).padStart(7)}  ${driftRequests} requests  (${ratio(times.drift, times.loop)} the loop's time)`);
    console.log(`  paging loop   ${ms(times.loop).padStart(9)}  peak heap +${mib(loopMem.peak).padStart(7)}  ${loopRequests} requests`);
  } finally {
    child.kill("SIGTERM");
  }
}

const section: BenchSection = {
  title: `drift against the Graph double (median of ${RUNS}, the double in a child process)`,
  async run() {
    await measure(10_000);
    await measure(50_000, 10_000);
    await measure(50_000);
  },
};

export default section;
