// Types of build-cli.js, which is plain JavaScript because it runs before any TypeScript can.
/** Path of the compiled CLI for the current sources, building it into the cache first if need be. */
export function compiledCli(root?: string, env?: NodeJS.ProcessEnv): Promise<string>;
/** Hash of the sources, schemas, lockfile and builder that the compiled CLI is made from. */
export function sourceHash(root?: string): string;
export function cacheDir(root?: string, env?: NodeJS.ProcessEnv): string;
/** ajv's standalone code for every schema, a CommonJS module exporting `validators`. */
export function validatorsSource(root?: string): Promise<string>;
/** The compiled CLI's code, and its parse worker's, which the CLI finds as `workerName` beside it. */
export function bundleCli(root?: string, workerName?: string): Promise<{ cli: string; checkWorker: string }>;
export const CACHE_ENV: string;
