// Registration runs with stack traces off (src/pulumi/register-quietly.ts) unless GUESTOPS_STACK_TRACES=1.
// The switch must change nothing the engine receives: the same requests, byte for byte, source positions
// and call stacks included.
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, test } from "vitest";
import { runProgram } from "../../src/pulumi/run-program";
import { STACK_TRACES_ENV } from "../../src/pulumi/register-quietly";
import { installMocks, settled } from "./record-registrations";
import { EXAMPLE_ROOT } from "../helpers/example";

const AS_OF = "2026-12-01";

interface SerializableRequest {
  getName(): string;
  hasSourceposition(): boolean;
  getStacktrace(): { getFramesList(): unknown[] } | undefined;
  serializeBinary(): Uint8Array;
}
interface Monitor {
  registerResource(req: SerializableRequest, callback: (err: unknown, response?: unknown) => void): unknown;
}

interface Recorded {
  /** Each registration request as the engine would receive it, base64. */
  requests: string[];
  names: string[];
  withPositions: number;
  /** Error.stackTraceLimit as the engine saw it while answering each request. */
  limits: Set<number>;
}

/** Runs the program on the example stack under fresh mocks and records every registration request's bytes. */
async function recordExample(stackTraces: boolean): Promise<Recorded> {
  const before = process.env[STACK_TRACES_ENV];
  if (stackTraces) process.env[STACK_TRACES_ENV] = "1";
  else delete process.env[STACK_TRACES_ENV];
  const recorded: Recorded = { requests: [], names: [], withPositions: 0, limits: new Set() };
  try {
    const recorder = await installMocks("prod");
    const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
    const inner = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      recorded.requests.push(Buffer.from(req.serializeBinary()).toString("base64"));
      recorded.names.push(req.getName());
      if (req.hasSourceposition() && (req.getStacktrace()?.getFramesList().length ?? 0) > 0) recorded.withPositions++;
      recorded.limits.add(Error.stackTraceLimit);
      return inner(req, callback);
    };
    const result = await runProgram({ root: EXAMPLE_ROOT, stack: "prod", asOf: AS_OF, allowEmpty: false, warn: () => {} });
    await settled(result.registered.map((r) => r.resource));
    await recorder.waitFor(result.specs.length);
    return recorded;
  } finally {
    if (before === undefined) delete process.env[STACK_TRACES_ENV];
    else process.env[STACK_TRACES_ENV] = before;
  }
}

describe("registration with stack traces off", () => {
  const limit = Error.stackTraceLimit;
  afterEach(() => {
    Error.stackTraceLimit = limit;
  });

  test("sends the same registration requests, byte for byte, as with GUESTOPS_STACK_TRACES=1", async () => {
    const quiet = await recordExample(false);
    const traced = await recordExample(true);
    expect(quiet.requests.length).toBeGreaterThan(20);
    expect(quiet.names).toEqual(traced.names);
    // Source positions and call stacks are part of each request; the SDK still records them.
    expect(quiet.withPositions).toBe(quiet.requests.length);
    expect(quiet.requests).toEqual(traced.requests);
  });

  test("the switch decides whether traces are off while the engine answers, and the limit comes back after", async () => {
    const quiet = await recordExample(false);
    expect([...quiet.limits]).toEqual([0]);
    expect(Error.stackTraceLimit).toBe(limit);
    const traced = await recordExample(true);
    expect([...traced.limits]).toEqual([limit]);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
