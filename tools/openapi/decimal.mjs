// Money is a decimal: the spec's `multipleOf: 0.01` means "at most two decimals", which a
// floating-point division cannot check (136653.17 / 0.01 is 13665316.999999998). The
// validator checks such schemas on the number's shortest decimal form instead: the digits
// a JSON parser read.

// The number of decimal places of x as JavaScript prints it (12.5 -> 1, 1e-7 -> 7).
export function decimalPlaces(x) {
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(x));
  if (!m) return Infinity;
  const frac = m[1] ? m[1].length : 0;
  return Math.max(0, frac - (m[2] ? Number(m[2]) : 0));
}

// A copy of an OpenAPI document where every `multipleOf: 0.1`, `0.01`, `0.001` ... is
// `x-decimal-places: 1, 2, 3 ...`, the keyword the validator registers.
export function decimalMoney(node) {
  if (Array.isArray(node)) return node.map(decimalMoney);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    const step = /^0\.0*1$/.test(String(v)) ? String(v).length - 2 : null;
    if (k === 'multipleOf' && step !== null) out['x-decimal-places'] = step;
    else out[k] = decimalMoney(v);
  }
  return out;
}
