// Ports of fdlibm's (FreeBSD msun) e_log.c and e_exp.c.
//
// Why not Math.log / Math.exp: ECMAScript leaves their results "implementation-approximated", so
// two engines (or two builds of one engine) may differ in the last bit, and one differing bit in a
// sampled delay changes every later event of a simulation. These ports use only IEEE-754 + - * /
// (correctly rounded, and JS never fuses a*b+c), plus exact bit manipulation, so they give the
// same bits everywhere. V8 itself ships the same fdlibm port (namespace ieee754), so on V8 they
// agree with Math.log / Math.exp bit for bit (the unit tests check that).
//
// Only log and exp are needed: every distribution in random.ts is built from them and sqrt
// (which IEEE-754 requires to be correctly rounded). sin/cos are avoided on purpose: V8 can be
// built to use glibc-derived trig (v8_use_libm_trig_functions), so they are the least portable.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Signed view of the same words: fdlibm's high word is an `int`, and reading it signed keeps V8 on small integers.
const i32 = new Int32Array(f64.buffer);
// Typed arrays use the platform's byte order; every platform Node ships on today is little-endian,
// but checking once is cheap and keeps the bit twiddling honest.
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;

const ln2_hi = 6.93147180369123816490e-01; // 3fe62e42 fee00000
const ln2_lo = 1.90821492927058770002e-10; // 3dea39ef 35793c76
const two54 = 1.80143985094819840000e+16; // 43500000 00000000
const Lg1 = 6.666666666666735130e-01;
const Lg2 = 3.999999999940941908e-01;
const Lg3 = 2.857142874366239149e-01;
const Lg4 = 2.222219843214978396e-01;
const Lg5 = 1.818357216161805012e-01;
const Lg6 = 1.531383769920937332e-01;
const Lg7 = 1.479819860511658591e-01;

/** Natural logarithm, bit-identical to fdlibm's __ieee754_log. */
export function log(x: number): number {
  f64[0] = x;
  let hx = i32[HI];
  const lx = u32[LO];
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= two54;
    f64[0] = x;
    hx = i32[HI];
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  u32[HI] = hx | (i ^ 0x3ff00000); // normalize x or x/2
  k += i >> 20;
  const f = f64[0] - 1.0;
  let dk: number;
  let R: number;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      dk = k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - R;
    dk = k;
    return dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  const s = f / (2.0 + f);
  dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

const o_threshold = 7.09782712893383973096e+02; // 0x40862E42 FEFA39EF
const u_threshold = -7.45133219101941108420e+02; // 0xc0874910 D52D3051
const invln2 = 1.44269504088896338700e+00; // 0x3ff71547 652b82fe
const twom1000 = 9.33263618503218878990e-302; // 2^-1000
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;

/** 2^k for -1022 <= k <= 1023, built from its bits (exact). */
function pow2(k: number): number {
  u32[HI] = (0x3ff00000 + (k << 20)) >>> 0;
  u32[LO] = 0;
  return f64[0];
}

/** e^x, bit-identical to FreeBSD msun's __ieee754_exp. */
export function exp(x: number): number {
  f64[0] = x;
  let hx = i32[HI];
  const xsb = hx >>> 31;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | u32[LO]) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0.0;
    }
    if (x > o_threshold) return Infinity;
    if (x < u_threshold) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      hi = xsb === 0 ? x - ln2_hi : x + ln2_hi;
      lo = xsb === 0 ? ln2_lo : -ln2_lo;
      k = 1 - xsb - xsb;
    } else {
      k = (invln2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      const t = k;
      hi = x - t * ln2_hi; // t*ln2_hi is exact here
      lo = t * ln2_lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * 8.98846567431158e307; // 0x1p1023
    return y * pow2(k);
  }
  return y * pow2(k + 1000) * twom1000;
}
