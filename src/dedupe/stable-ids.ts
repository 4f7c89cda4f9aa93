// Stable entity identities across nights: an entity keeps its id from run to run while any of its
// records remain, so worklists, decisions and diffs point at the same child every night. New ids go
// only to new children; merges and splits are recorded with the ids they replace.
import type { Entity } from './entities.js';
import { newEntityId } from './entities.js';

export type IdentityEventKind = 'new' | 'merge' | 'split';

export interface IdentityEvent {
  kind: IdentityEventKind;
  entityId: string;
  /** merge: the earlier ids now part of this entity; split: the id this entity came out of. */
  replaces: string[];
}

export interface StableIdResult {
  /** Entity index → id. */
  ids: string[];
  events: IdentityEvent[];
  kept: number;
}

const NO_VOTES: ReadonlyMap<string, number> = new Map();

/**
 * @param recordIdsOf record ids of an entity's members
 * @param previous record id → entity id of the last successful run
 */
export function assignStableIds(entities: readonly Entity[], recordIdsOf: (e: Entity) => string[], previous: ReadonlyMap<string, string>): StableIdResult {
  // For each entity: how many of its records each earlier id had (one shared empty map for the
  // entities of new children: a first run has a million of them), and its smallest record id.
  const votes: Array<ReadonlyMap<string, number>> = new Array(entities.length);
  const smallest: string[] = new Array(entities.length);
  entities.forEach((e, k) => {
    let counts: Map<string, number> | null = null;
    let least: string | undefined;
    for (const r of recordIdsOf(e)) {
      if (least === undefined || r < least) least = r;
      const p = previous.get(r);
      if (p) (counts ??= new Map()).set(p, (counts.get(p) ?? 0) + 1);
    }
    votes[k] = counts ?? NO_VOTES;
    smallest[k] = least!;
  });

  // Each earlier id goes to the entity holding most of its records (ties: the smallest record id).
  const claims = new Map<string, number>();
  entities.forEach((_, k) => {
    for (const [pid, n] of votes[k]) {
      const holder = claims.get(pid);
      if (holder === undefined) {
        claims.set(pid, k);
        continue;
      }
      const m = votes[holder].get(pid)!;
      if (n > m || (n === m && smallest[k] < smallest[holder])) claims.set(pid, k);
    }
  });

  const ids: string[] = new Array(entities.length).fill('');
  const used = new Set<string>(previous.values());
  entities.forEach((_, k) => {
    if (votes[k].size === 0) return;
    // An entity that won several earlier ids keeps the one with most of its records.
    const won = [...votes[k]].filter(([pid]) => claims.get(pid) === k).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (won.length > 0) ids[k] = won[0][0];
  });
  const events: IdentityEvent[] = [];
  let kept = 0;
  entities.forEach((_, k) => {
    if (ids[k]) {
      kept++;
      const others = [...votes[k].keys()].filter((pid) => pid !== ids[k] && claims.get(pid) === k).sort();
      if (others.length > 0) events.push({ kind: 'merge', entityId: ids[k], replaces: others });
      return;
    }
    let id = newEntityId(smallest[k]);
    for (let salt = 1; used.has(id); salt++) id = newEntityId(`${smallest[k]}#${salt}`);
    used.add(id);
    ids[k] = id;
    const from = [...votes[k].keys()].sort();
    events.push(from.length > 0 ? { kind: 'split', entityId: id, replaces: from } : { kind: 'new', entityId: id, replaces: [] });
  });
  return { ids, events, kept };
}
