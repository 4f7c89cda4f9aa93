// The short human summary printed after a run.
import type { Summary } from '../../schemas/outputs.js';
import { KIND_VI } from './vi.js';
import type { DiscrepancyKind } from '../pipeline/types.js';

export function formatSummary(s: Summary, outputDir: string): string {
  const child = s.inputs.find((i) => i.role === 'children');
  const lists = s.inputs.filter((i) => i.role === 'idlist');
  const lines: string[] = [];
  lines.push(`childlink: pipeline '${s.pipeline}', reference date ${s.referenceDate}`);
  if (child) lines.push(`  child records  ${child.rows} rows read: ${child.accepted} clean, ${child.rejected} rejected`);
  for (const l of lists) lines.push(`  ID list        ${l.file}: ${l.rows} rows, ${l.accepted} accepted, ${l.rejected} rejected`);
  lines.push(`  entities       ${s.entities} children (${(child?.accepted ?? 0) - s.entities} duplicate records merged)`);
  lines.push(`  IDs assigned   ${s.idsAssigned} records (${s.outcomes.assigned} children); review ${s.outcomes.review}, conflict ${s.outcomes.conflict}, no match ${s.outcomes.unmatched}`);
  const kinds = Object.entries(s.discrepancies);
  lines.push(`  discrepancies  ${kinds.reduce((n, [, c]) => n + c, 0)}`);
  for (const [kind, count] of kinds) lines.push(`    ${String(count).padStart(7)}  ${kind.padEnd(26)} ${KIND_VI[kind as DiscrepancyKind] ?? ''}`);
  lines.push(`  rejects        ${s.rejects}`);
  if (s.changes) {
    const c = s.changes;
    lines.push(`  since ${c.since}: records +${c.records.new}/-${c.records.removed}, IDs newly assigned ${c.idsNewlyAssigned}, discrepancies +${c.discrepancies.new}/-${c.discrepancies.resolved} resolved`);
  }
  lines.push(`  check          input rows = clean + rejected: ${s.check.ok ? 'ok' : 'FAILED'}`);
  lines.push(`Outputs: ${outputDir}`);
  return lines.join('\n');
}
