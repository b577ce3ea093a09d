// Registration with V8's stack traces off. The SDK captures `new Error().stack` for every promise it makes
// (runtime/debuggable.ts) and for every resource's pre-allocated error; at thousands of resources that was
// about half of the program's time and most of its memory (test/bench/program.bench.ts). The traces are
// only read when the SDK reports a leaked promise, which a RunError or a failed RPC explains anyway.
// The request itself does not change: the SDK raises the limit again while it records each resource's
// source position and call stack (Resource.callsites), so the engine receives the same bytes.
import * as pulumi from "@pulumi/pulumi";
import type { RegisteredResource } from "./register-resources";

/** Set to 1 to keep the SDK's stack traces (and source maps) while chasing a bug in the program. */
export const STACK_TRACES_ENV = "GUESTOPS_STACK_TRACES";

export function stackTracesWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[STACK_TRACES_ENV] === "1";
}

/**
 * Runs `register` with `Error.stackTraceLimit = 0`, and keeps it there until the engine has answered
 * every registration: most of the SDK's promises are made after the constructors return.
 */
export function registerQuietly(register: () => RegisteredResource[], env: NodeJS.ProcessEnv = process.env): RegisteredResource[] {
  const quiet = !stackTracesWanted(env);
  const limit = Error.stackTraceLimit;
  // A later registration may have lowered it again; only undo our own change.
  const restore = () => {
    if (quiet && Error.stackTraceLimit === 0) Error.stackTraceLimit = limit;
  };
  if (quiet) Error.stackTraceLimit = 0;
  let registered: RegisteredResource[] = [];
  try {
    // One call site for both settings: it is a frame of every request's recorded call stack.
    registered = register();
  } finally {
    if (registered.length === 0) restore();
    else pulumi.all(registered.map((r) => r.resource.urn)).apply(restore);
  }
  return registered;
}
