import { describe, expect, it } from 'vitest';
import { diffSnapshots, type Snapshot } from '../../src/report/diff.js';

const snap = (records: Array<[string, string]>, disc: Array<[string, string]>): Snapshot => ({ records: new Map(records), discrepancies: new Map(disc) });

describe('diffSnapshots', () => {
  const before = snap([['r1', ''], ['r2', '014215000001'], ['r3', '']], [['D1', '03646'], ['D2', '03664']]);
  const after = snap([['r1', '014215000009'], ['r2', '014215000002'], ['r4', '']], [['D2', '03664'], ['D3', '03646']]);
  const d = diffSnapshots(before, after, (id) => (id === 'r1' ? '03646' : '03664'));

  it('counts new and removed records', () => expect(d.records).toEqual({ new: 1, removed: 1 }));
  it('counts newly assigned and changed IDs', () => {
    expect(d.idsNewlyAssigned).toBe(1);
    expect(d.idsChanged).toBe(1);
    expect(d.idsNoLongerAssigned).toBe(0);
  });
  it('counts new and resolved discrepancies per commune', () => {
    expect(d.discrepancies).toEqual({ new: 1, resolved: 1 });
    expect(d.byCommune['03646']).toEqual({ newDiscrepancies: 1, resolvedDiscrepancies: 1, idsNewlyAssigned: 1 });
  });
  it('finds no change between a snapshot and itself', () => {
    const same = diffSnapshots(after, after, () => '');
    expect(same).toMatchObject({ records: { new: 0, removed: 0 }, idsNewlyAssigned: 0, discrepancies: { new: 0, resolved: 0 } });
  });
});
