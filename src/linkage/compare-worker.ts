// Worker thread: computes comparison levels for a slice of the candidate pairs.
import { parentPort, workerData } from 'node:worker_threads';
import { compareRange, type PortableTable } from './parallel.js';
import type { FeatureTable } from './table.js';
import type { LinkageSettings } from '../../schemas/linkage.js';

interface Data {
  left: PortableTable;
  right: PortableTable | null;
  settings: LinkageSettings;
  pairLeft: Int32Array;
  pairRight: Int32Array;
  from: number;
  to: number;
  out: Int8Array;
}

const d = workerData as Data;
const left = d.left as unknown as FeatureTable;
const right = (d.right ?? d.left) as unknown as FeatureTable;
compareRange({ left, right, settings: d.settings }, d.pairLeft, d.pairRight, d.from, d.to, d.out);
parentPort!.postMessage('done');
