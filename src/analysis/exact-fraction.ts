/**
 * floor(f × n) for a fraction given as a JS number, computed on its shortest decimal text
 * (String(f)) so that 0.57 × 100 is 57, as a user who wrote 0.57 expects, not 56 from
 * 0.57 * 100 = 56.99999999999999 in binary floating point.
 */
const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** `f` must be a finite non-negative number, `n` a non-negative integer. */
export function floorFractionOf(f: number, n: number): number {
  const m = DECIMAL.exec(String(f));
  if (!m || !Number.isInteger(n) || n < 0)
    throw new RangeError(`floorFractionOf(${f}, ${n}): unsupported operands`);
  const fractionDigits = m[2] ?? '';
  // f = digits × 10^exponent, exactly
  const digits = BigInt(m[1] + fractionDigits);
  const exponent = Number(m[3] ?? '0') - fractionDigits.length;
  const product = digits * BigInt(n);
  if (exponent >= 0) return Number(product * 10n ** BigInt(exponent));
  return Number(product / 10n ** BigInt(-exponent));
}
