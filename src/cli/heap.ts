// How much heap the `childlink` launcher gives the run (see childlink.ts).

const MiB = 1024 * 1024;

export type HeapSetting = { mb: number } | { error: string };

/**
 * The heap limit to run with, in MiB: CHILDLINK_MAX_HEAP_MB when set (0 keeps Node's default),
 * otherwise three quarters of the machine's memory (the rest is for the operating system, SQLite
 * and the worker threads' own heaps).
 */
export function wantedHeap(env: NodeJS.ProcessEnv, machineBytes: number): HeapSetting {
  const configured = env.CHILDLINK_MAX_HEAP_MB?.trim();
  if (configured === undefined || configured === '') return { mb: Math.floor((machineBytes * 0.75) / MiB) };
  if (!/^\d+$/.test(configured)) return { error: `CHILDLINK_MAX_HEAP_MB must be a whole number of MiB (0 keeps Node's default), not '${configured}'` };
  return { mb: Number(configured) };
}

/** Whether Node must be started again with `wantedMb`: not when the current limit is about as large. */
export function needsRelaunch(wantedMb: number, currentLimitBytes: number): boolean {
  return wantedMb > 0 && currentLimitBytes / MiB < wantedMb * 0.95;
}

/** Whether whoever started Node chose the heap limit (a flag or NODE_OPTIONS): then it is kept. */
export function heapChosenByUser(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(a));
}
