import { picomatch } from '../util/glob.js';

/**
 * Whether two sets of path globs may touch the same file. Conservative: two patterns overlap when
 * one's static base is a prefix of the other's and the literal parts agree, so at worst two cards
 * that would not have collided run one after the other.
 */
export function writeSetsOverlap(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) for (const y of b) if (patternsOverlap(x, y)) return true;
  return false;
}

function patternsOverlap(a: string, b: string): boolean {
  const na = normalise(a);
  const nb = normalise(b);
  if (na === nb) return true;
  const sa = picomatch().scan(na);
  const sb = picomatch().scan(nb);
  if (!sa.isGlob && !sb.isGlob) return na === nb || isWithin(na, nb) || isWithin(nb, na);
  if (!sa.isGlob) return picomatch().isMatch(na, nb, { dot: true }) || isWithin(na, sb.base);
  if (!sb.isGlob) return picomatch().isMatch(nb, na, { dot: true }) || isWithin(nb, sa.base);
  return sa.base === '' || sb.base === '' || isWithin(sa.base, sb.base) || isWithin(sb.base, sa.base) || sa.base === sb.base;
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** `inner` equals `outer` or lies inside it, segment-wise. */
function isWithin(inner: string, outer: string): boolean {
  return outer === '' || inner === outer || inner.startsWith(`${outer}/`);
}
