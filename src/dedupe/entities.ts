// Entities: groups of child records that describe the same child.
import { hash } from 'node:crypto';
import { DisjointSets } from '../linkage/disjoint-sets.js';

export { DisjointSets };

export interface Entity {
  /** Position in the entity list (entities are ordered by their first record). */
  index: number;
  /** Stable identifier written to the outputs: '' until assignStableIds gives it (from last night's ids, or newEntityId). */
  id: string;
  /** Record indexes (ChildRecord.idx), ascending. */
  members: number[];
}

/** A deterministic id for an entity, derived from its smallest record id (independent of row order). */
// One-shot hash: a million entities per run, and a Hash object per call costs about 2.5 times more.
export function newEntityId(firstRecordId: string): string {
  return 'E' + hash('sha256', firstRecordId, 'hex').slice(0, 12).toUpperCase();
}

/**
 * Turns the sets into entities ordered by their smallest record index. Their ids stay '' for
 * assignStableIds, which keeps last night's ids: hashing a million ids here would be thrown away.
 */
export function entitiesFromSets(sets: DisjointSets, n: number): { entities: Entity[]; entityOf: Int32Array } {
  const entityOf = new Int32Array(n).fill(-1);
  const entities: Entity[] = [];
  // Roots are record indexes: an array indexed by root instead of a map of a million entries.
  const entityOfRoot = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const root = sets.find(i);
    let k = entityOfRoot[root];
    if (k < 0) {
      k = entities.length;
      entityOfRoot[root] = k;
      entities.push({ index: k, id: '', members: [] });
    }
    entities[k].members.push(i);
    entityOf[i] = k;
  }
  return { entities, entityOf };
}
