// Small helpers shared by the benchmarks: polling with a deadline, bounded parallelism, percentiles,
// ratio wording, this machine's process-spawn rate (performance.md §2 a1) and its sandbox-creation rate.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function poll(probe: () => Promise<boolean>, timeoutMs: number, what: string, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(intervalMs);
  }
}

export /** Sequential spawn+reap of /bin/true for ~1 s (performance.md §2 a1: 790/s median on a quiet box). */
async function spawnRate(): Promise<number> {
  const once = () => new Promise<void>((resolve, reject) => spawn('/bin/true', { stdio: 'ignore' }).once('close', () => resolve()).once('error', reject));
  for (let i = 0; i < 20; i++) await once();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1_000) {
    await once();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

/**
 * Sandboxes per second the file system under `dir` can make, sequentially for ~1 s: what the agent
 * creates for every task in Mesos' layout (`executors/<task>/runs/<container>`, the `runs/latest` link,
 * and the `stdout` and `stderr` files). On some machines each of these costs a millisecond of kernel time.
 */
export function sandboxRate(dir: string): number {
  const executors = join(dir, 'executors');
  mkdirSync(executors, { recursive: true });
  const once = (i: number) => {
    const runs = join(executors, `task-${i}`, 'runs');
    mkdirSync(join(executors, `task-${i}`));
    mkdirSync(runs);
    mkdirSync(join(runs, 'c'));
    symlinkSync('c', join(runs, 'latest'));
    closeSync(openSync(join(runs, 'c', 'stdout'), 'a'));
    closeSync(openSync(join(runs, 'c', 'stderr'), 'a'));
  };
  let n = 0;
  for (; n < 20; n++) once(n);
  const start = performance.now();
  const first = n;
  while (performance.now() - start < 1_000) once(n++);
  const rate = (n - first) / ((performance.now() - start) / 1000);
  rmSync(executors, { recursive: true, force: true });
  return rate;
}

export async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `N.Nx better/worse than <anchor><unit>`. */
export function vs(anchor: number, ours: number, unit: string, higherIsBetter: boolean): string {
  const r = higherIsBetter ? ours / anchor : anchor / ours;
  const a = Number.isInteger(anchor) ? String(anchor) : anchor.toFixed(1);
  return r >= 1 ? `${r.toFixed(1)}x better than ${a}${unit}` : `${(1 / r).toFixed(1)}x worse than ${a}${unit}`;
}
