// Agreement gates: levels a pair must reach on some comparisons to be linked automatically.
import type { LinkageSettings } from '../../schemas/linkage.js';
import { SpecError } from './comparisons.js';

/** The settings' mustAgree gates as a test on a pair's levels. */
export function compileGates(settings: LinkageSettings): (levels: ArrayLike<number>, offset: number) => boolean {
  const gates = settings.mustAgree.map((g) => {
    const c = settings.comparisons.findIndex((s) => s.name === g.comparison);
    if (c < 0) throw new SpecError(`mustAgree: no comparison named '${g.comparison}'`);
    const max = settings.comparisons[c].levels.findIndex((l) => l.label === g.atLeast);
    if (max < 0) throw new SpecError(`mustAgree: comparison '${g.comparison}' has no level '${g.atLeast}'`);
    return { c, max, allowMissing: g.allowMissing };
  });
  return (levels, offset) => {
    for (const g of gates) {
      const l = levels[offset + g.c];
      if (l < 0 ? !g.allowMissing : l > g.max) return false;
    }
    return true;
  };
}

