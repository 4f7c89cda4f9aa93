import { describe, expect, it } from 'vitest';
import { assignStableIds } from '../../src/dedupe/stable-ids.js';
import { newEntityId, type Entity } from '../../src/dedupe/entities.js';

/** Entities from groups of record ids. */
function entities(groups: string[][]): { list: Entity[]; ids: (e: Entity) => string[] } {
  const list = groups.map((g, index) => ({ index, id: '', members: g.map((_, k) => index * 100 + k) }));
  return { list, ids: (e) => groups[e.index] };
}

describe('assignStableIds', () => {
  it('keeps the id of an entity whose records are unchanged', () => {
    const { list, ids } = entities([['r1', 'r2'], ['r3']]);
    const r = assignStableIds(list, ids, new Map([['r1', 'E1'], ['r2', 'E1'], ['r3', 'E2']]));
    expect(r.ids).toEqual(['E1', 'E2']);
    expect(r.events).toEqual([]);
    expect(r.kept).toBe(2);
  });

  it('keeps the id while any record remains, and gives new children a new id', () => {
    const { list, ids } = entities([['r2', 'r9'], ['r5']]);
    const r = assignStableIds(list, ids, new Map([['r1', 'E1'], ['r2', 'E1']]));
    expect(r.ids[0]).toBe('E1');
    expect(r.ids[1]).toBe(newEntityId('r5'));
    expect(r.events).toEqual([{ kind: 'new', entityId: newEntityId('r5'), replaces: [] }]);
  });

  it('records a merge with the ids it replaces; the larger earlier entity keeps its id', () => {
    const { list, ids } = entities([['r1', 'r2', 'r3']]);
    const r = assignStableIds(list, ids, new Map([['r1', 'E1'], ['r2', 'E2'], ['r3', 'E2']]));
    expect(r.ids).toEqual(['E2']);
    expect(r.events).toEqual([{ kind: 'merge', entityId: 'E2', replaces: ['E1'] }]);
  });

  it('records a split: the part with most records keeps the id, the other gets a new one', () => {
    const { list, ids } = entities([['r1'], ['r2', 'r3']]);
    const r = assignStableIds(list, ids, new Map([['r1', 'E1'], ['r2', 'E1'], ['r3', 'E1']]));
    expect(r.ids[1]).toBe('E1');
    expect(r.ids[0]).toBe(newEntityId('r1'));
    expect(r.events).toEqual([{ kind: 'split', entityId: newEntityId('r1'), replaces: ['E1'] }]);
  });

  it('breaks ties by the smallest record id, whatever the entity order', () => {
    const prev = new Map([['a', 'E1'], ['b', 'E1']]);
    const one = entities([['b'], ['a']]);
    const two = entities([['a'], ['b']]);
    const r1 = assignStableIds(one.list, one.ids, prev);
    const r2 = assignStableIds(two.list, two.ids, prev);
    expect(r1.ids[1]).toBe('E1');
    expect(r2.ids[0]).toBe('E1');
  });

  it('never reuses an id that an earlier entity had', () => {
    const taken = newEntityId('r7');
    const { list, ids } = entities([['r7']]);
    const r = assignStableIds(list, ids, new Map([['x', taken]]));
    expect(r.ids[0]).not.toBe(taken);
  });
});
