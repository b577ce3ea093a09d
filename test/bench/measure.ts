// Timing helpers for benchmarks: median of several runs, after a warm-up.
import { performance } from "node:perf_hooks";

export async function median(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn(); // warm-up: JIT, file cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 0)} ms`;
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}x`;
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/**
 * Medians of several functions measured in turn, run after run, so that a noisy moment on a shared
 * machine falls on all of them alike rather than on whichever was measured then.
 */
export async function interleaved<K extends string>(runs: number, fns: Record<K, () => unknown | Promise<unknown>>): Promise<Record<K, number>> {
  const keys = Object.keys(fns) as K[];
  for (const k of keys) await fns[k](); // warm-up
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const k of keys) {
      const start = performance.now();
      await fns[k]();
      times[k].push(performance.now() - start);
    }
  }
  const medians = {} as Record<K, number>;
  for (const k of keys) medians[k] = times[k].sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return medians;
}

/**
 * As `interleaved`, with the median CPU time of this process (all its threads) beside the wall time. On a
 * shared machine the wall time includes waiting for a core; the CPU time is the work itself, and its
 * ratios move far less from run to run. Work done by child processes (git) is not in it.
 */
export async function interleavedWithCpu<K extends string>(runs: number, fns: Record<K, () => unknown | Promise<unknown>>): Promise<{ wall: Record<K, number>; cpu: Record<K, number> }> {
  const keys = Object.keys(fns) as K[];
  for (const k of keys) await fns[k](); // warm-up
  const wall = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  const cpu = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const k of keys) {
      const start = performance.now();
      const used = process.cpuUsage();
      await fns[k]();
      const { user, system } = process.cpuUsage(used);
      wall[k].push(performance.now() - start);
      cpu[k].push((user + system) / 1000);
    }
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  const medians = (t: Record<K, number[]>) => Object.fromEntries(keys.map((k) => [k, mid(t[k])])) as Record<K, number>;
  return { wall: medians(wall), cpu: medians(cpu) };
}
