/**
 * 1234567 → "1,234,567" (and 1234.5 → "1,234.5", at most three decimals), as `toLocaleString('en-US')`
 * spells it. Written out because Intl's number formatter loads ICU locale data: ~7 MB of resident
 * memory in a process that only wants commas in its counts (issue 7, memory).
 */
export function groupDigits(n: number): string {
  // (String() writes 1e21 and up in exponent form, which has no digits to group)
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return String(n);
  const sign = n < 0 ? '-' : '';
  const rounded = Math.round(Math.abs(n) * 1000) / 1000;
  const whole = Math.trunc(rounded);
  const fraction = rounded - whole;
  const digits = String(whole);
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    out = out === '' ? digits.slice(start, end) : `${digits.slice(start, end)},${out}`;
  }
  if (fraction > 0) out += fraction.toFixed(3).slice(1).replace(/0+$/, '');
  return sign === '-' && out !== '0' ? `-${out}` : out;
}
