import { readFile, writeFile } from 'node:fs/promises';

/** Small measuring helpers shared by the figures. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (values: number[]) => percentile(values, 50);

/**
 * Peak resident memory of another process (the server) while `work` runs: Linux keeps the high-water mark
 * (VmHWM) per process, and writing 5 to clear_refs resets it, so the figure is the peak of this work alone,
 * not of the server's start or of an earlier figure. Sampling from outside would miss short peaks.
 */
export async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakRssMb: number; wallMs: number }> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return { result, peakRssMb: kb / 1024, wallMs };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export interface Figure {
  id: string;
  title: string;
  value: string;
  ceiling: string;
  target: string;
  pass: boolean;
  details?: Record<string, unknown>;
}
