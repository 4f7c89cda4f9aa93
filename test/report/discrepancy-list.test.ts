import { describe, expect, it } from 'vitest';
import { finalizeDiscrepancies } from '../../src/report/discrepancy-list.js';
import type { DiscrepancyDraft } from '../../src/pipeline/types.js';

const draft = (over: Partial<DiscrepancyDraft>): DiscrepancyDraft => ({
  kind: 'no-match',
  severity: 'warning',
  recordIds: ['TE1'],
  entityId: 'E1',
  citizenId: '',
  field: '',
  childValue: '',
  idListValue: '',
  communeCode: '03646',
  communeName: 'Phường Tô Hiệu',
  explanation: 'x',
  ...over,
});

describe('finalizeDiscrepancies', () => {
  it('gives a key that does not depend on wording or entity ids', () => {
    const [a] = finalizeDiscrepancies([draft({ explanation: 'one', entityId: 'E1' })]);
    const [b] = finalizeDiscrepancies([draft({ explanation: 'other', entityId: 'E9' })]);
    expect(a.id).toBe(b.id);
  });

  it('gives different problems different keys', () => {
    const list = finalizeDiscrepancies([draft({}), draft({ kind: 'over-age' }), draft({ recordIds: ['TE2'] }), draft({ field: 'sex', kind: 'field-mismatch' })]);
    expect(new Set(list.map((d) => d.id)).size).toBe(4);
  });

  it('keeps identical rows apart with a suffix', () => {
    const list = finalizeDiscrepancies([draft({ recordIds: [] }), draft({ recordIds: [] })]);
    expect(list[1].id).toBe(`${list[0].id}-2`);
  });

  it('orders by commune, then kind in the officers order, then records', () => {
    const list = finalizeDiscrepancies([
      draft({ communeCode: '03664', recordIds: ['TE1'] }),
      draft({ kind: 'over-age', recordIds: ['TE3'] }),
      draft({ kind: 'id-belongs-to-other-child', severity: 'error', recordIds: ['TE2'] }),
    ]);
    expect(list.map((d) => [d.communeCode, d.kind])).toEqual([
      ['03646', 'id-belongs-to-other-child'],
      ['03646', 'over-age'],
      ['03664', 'no-match'],
    ]);
  });
});
