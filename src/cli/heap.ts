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

/** Heap a run needs at its peak per input row (child records plus ID-list rows), measured at a million children. */
const HEAP_BYTES_PER_ROW = 2048;

/** MiB of heap a run over this many input rows needs at its peak. */
export function heapNeededMb(inputRows: number): number {
  return (inputRows * HEAP_BYTES_PER_ROW) / MiB;
}

/**
 * The warning a run logs when its inputs are large for its heap (null when they fit): near the
 * limit the garbage collector thrashes, past it the run dies. Two different remedies: a heap
 * smaller than this machine allows is raised by running through `childlink` (or a flag); a heap
 * already sized to the machine needs a machine with more memory.
 */
export function heapWarning(inputRows: number, heapLimitMb: number, machineHeapMb: number): string | null {
  if (heapNeededMb(inputRows) <= heapLimitMb * 0.7) return null;
  if (machineHeapMb > 0 && heapLimitMb < machineHeapMb * 0.95) {
    return "Node's heap limit is small for this many rows: run through the childlink command (it sizes the heap to the machine), or raise CHILDLINK_MAX_HEAP_MB or --max-old-space-size";
  }
  return "this machine's memory is tight for this many rows (the heap is already sized to it): the run may be slow or stop with 'heap out of memory'; give it a machine with more memory";
}
