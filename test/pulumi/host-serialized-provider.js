// Plays the Pulumi provider host for a serialized dynamic provider: a plain Node process, no tsx, in the
// working directory it was started in. Reads { text, steps } as JSON on stdin; `text` is what Pulumi
// stored as `__provider`. It is evaluated as @pulumi/pulumi's cmd/dynamic-provider does (require-from-string,
// no file name, so that packages resolve from the working directory), and each step calls one method with
// the resource's properties and `__provider` among them, as the host passes them. Prints one JSON line: a
// result per step, { value } or { error }; a step after a failed one still runs.
"use strict";
const { createRequire } = require("node:module");

// require-from-string is @pulumi/pulumi's own dependency, found from where that package is installed.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const requireFromString = fromPulumi("require-from-string");

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const { text, steps } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const withProvider = (props) => (props && typeof props === "object" ? { ...props, __provider: text } : props);
  const results = [];
  let provider;
  try {
    provider = requireFromString(text).handler();
  } catch (err) {
    process.stdout.write(JSON.stringify([{ error: String(err && err.message) }]));
    return;
  }
  for (const { method, args } of steps) {
    try {
      const value = await provider[method](...args.map(withProvider));
      results.push({ value: value === undefined ? null : value });
    } catch (err) {
      results.push({ error: String(err && err.message) });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

void main();
