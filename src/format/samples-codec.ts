// Compact, exactly round-trippable storage for large sample arrays (a run can hold millions of
// latencies). Plain JSON numbers would cost ~8-20 bytes each and parse slowly; measured latencies
// almost always have a fixed decimal precision, so they become small integers that delta +
// zigzag + LEB128 + deflate squeeze to ~2-3 bytes each. See docs/format.md, "Samples".
import { t as say } from '../l10n';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { FormatError, type PathSegment } from './errors';

export const SAMPLES_KEY = '$samples';

export type SamplesCodec = 'decimal' | 'float64';

export interface SamplesPayload {
  codec: SamplesCodec;
  count: number;
  /** decimal codec only: stored integers are value * 10^scale. */
  scale?: number;
  /** base64 of the raw-deflated byte stream. */
  data: string;
}

export interface EncodedSamples {
  $samples: SamplesPayload;
}

const MAX_SCALE = 9;
// Decimal integers stay within ±2^50 so deltas (±2^51) and their zigzag (< 2^52) remain exact
// in doubles: the whole codec works on plain numbers, no BigInt.
const INT_LIMIT = 2 ** 50;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
// Rough cost model used only to choose between scales/codecs; precision here only affects size.
const EXCEPTION_COST = 10;
const BYTES_PER_DIGIT = 0.42;
const DEFLATE_LEVEL = 6;
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

function isNegZero(v: number): boolean {
  return v === 0 && 1 / v < 0;
}

/** Smallest k in 0..MAX_SCALE with Math.round(v*10^k)/10^k exactly v, or 255 if none. */
function minimalScale(v: number): number {
  if (!Number.isFinite(v) || isNegZero(v)) return 255;
  for (let k = 0; k <= MAX_SCALE; k++) {
    const p = POW10[k];
    const d = Math.round(v * p);
    if (Math.abs(d) > INT_LIMIT) return 255;
    if (d / p === v) return k;
  }
  return 255;
}

export function encodeSamples(samples: Float64Array): EncodedSamples {
  const n = samples.length;
  const scales = new Uint8Array(n);
  const hist = new Float64Array(MAX_SCALE + 2);
  for (let i = 0; i < n; i++) {
    const k = minimalScale(samples[i]);
    scales[i] = k;
    hist[k === 255 ? MAX_SCALE + 1 : k]++;
  }
  // Choose the scale with the lowest estimated size; values needing more digits become exceptions.
  let bestK = 0;
  let bestCost = Infinity;
  let above = n;
  for (let k = 0; k <= MAX_SCALE; k++) {
    above -= hist[k];
    const cost = above * EXCEPTION_COST + (n - above) * (1 + BYTES_PER_DIGIT * k);
    if (cost < bestCost) {
      bestCost = cost;
      bestK = k;
    }
  }
  if (n > 0 && bestCost >= n * 8) return { $samples: encodeFloat64(samples) };
  return { $samples: encodeDecimal(samples, scales, bestK) };
}

function encodeFloat64(samples: Float64Array): SamplesPayload {
  let bytes: Uint8Array;
  if (LITTLE_ENDIAN) {
    bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  } else {
    bytes = new Uint8Array(samples.length * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < samples.length; i++) view.setFloat64(i * 8, samples[i], true);
  }
  return { codec: 'float64', count: samples.length, data: pack(bytes) };
}

function encodeDecimal(samples: Float64Array, scales: Uint8Array, k: number): SamplesPayload {
  const n = samples.length;
  const p = POW10[k];
  const exceptions: number[] = [];
  let out: Uint8Array<ArrayBuffer> = new Uint8Array(n * 3 + 16);
  let pos = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i];
    let d = prev;
    if (scales[i] <= k) {
      // Fitting at a smaller scale almost always means fitting at k too, but verify: the decoder
      // divides by exactly this p, and only this exact check guarantees bit-identical values.
      const c = Math.round(v * p) + 0; // + 0 turns -0 into 0
      if (Math.abs(c) <= INT_LIMIT && c / p === v) d = c;
      else exceptions.push(i);
    } else {
      exceptions.push(i);
    }
    const delta = d - prev;
    prev = d;
    let z = delta >= 0 ? delta * 2 : -delta * 2 - 1;
    if (pos + 10 > out.length) out = grow(out, pos + 10);
    if (z < 0x80000000) {
      while (z >= 0x80) {
        out[pos++] = (z & 0x7f) | 0x80;
        z >>>= 7;
      }
      out[pos++] = z;
    } else {
      while (z >= 0x80) {
        out[pos++] = (z % 128) | 0x80;
        z = Math.floor(z / 128);
      }
      out[pos++] = z;
    }
  }
  const needed = pos + 10 + exceptions.length * 18;
  if (needed > out.length) out = grow(out, needed);
  pos = writeVarint(out, pos, exceptions.length);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let last = 0;
  for (const idx of exceptions) {
    pos = writeVarint(out, pos, idx - last);
    last = idx;
    view.setFloat64(pos, samples[idx], true);
    pos += 8;
  }
  return { codec: 'decimal', count: n, scale: k, data: pack(out.subarray(0, pos)) };
}

function grow(buf: Uint8Array, min: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.max(min, buf.length * 2));
  next.set(buf);
  return next;
}

function writeVarint(out: Uint8Array, pos: number, z: number): number {
  while (z >= 0x80) {
    out[pos++] = (z % 128) | 0x80;
    z = Math.floor(z / 128);
  }
  out[pos++] = z;
  return pos;
}

function pack(bytes: Uint8Array): string {
  return deflateRawSync(bytes, { level: DEFLATE_LEVEL }).toString('base64');
}

// A loop, not a regex: V8 runs a regex through its interpreter first, which takes ~0.5 s on a
// multi-megabyte string.
export function isBase64(s: string): boolean {
  const n = s.length;
  if (n % 4 !== 0) return false;
  let pad = 0;
  if (n > 0 && s.charCodeAt(n - 1) === 61) pad = s.charCodeAt(n - 2) === 61 ? 2 : 1;
  for (let i = 0; i < n - pad; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}
const PAYLOAD_KEYS = new Set(['codec', 'count', 'scale', 'data']);

function codecError(message: string, path: readonly PathSegment[]): FormatError {
  return new FormatError(message, { segments: path });
}

/** Checks the payload's shape without inflating it (cheap enough to run on every load). */
export function checkSamplesShape(obj: unknown, path: readonly PathSegment[] = []): SamplesPayload {
  const at = [...path, SAMPLES_KEY];
  if (!isPlainObject(obj) || !(SAMPLES_KEY in obj) || Object.keys(obj).length !== 1) {
    throw codecError(say('expected an object {0}', `{ "${SAMPLES_KEY}": {...} }`), path);
  }
  const p = (obj as Record<string, unknown>)[SAMPLES_KEY];
  if (!isPlainObject(p)) throw codecError(say('samples payload must be an object'), at);
  const { codec, count, scale, data } = p as Record<string, unknown>;
  if (codec !== 'decimal' && codec !== 'float64') {
    throw codecError(
      typeof codec === 'string' ? say('unknown samples codec "{0}" (known: decimal, float64)', codec) : say('samples "codec" must be a string'),
      [...at, 'codec'],
    );
  }
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw codecError(say('samples "count" must be a non-negative integer'), [...at, 'count']);
  }
  if (codec === 'decimal') {
    if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > 22) {
      throw codecError(say('samples "scale" must be an integer 0..22'), [...at, 'scale']);
    }
  } else if (scale !== undefined) {
    throw codecError(say('samples "scale" is only used by the decimal codec'), [...at, 'scale']);
  }
  if (typeof data !== 'string' || !isBase64(data)) {
    throw codecError(say('samples "data" must be a base64 string'), [...at, 'data']);
  }
  return p as unknown as SamplesPayload;
}

/** A field a newer writer added: its meaning is unknown, so the payload is kept, not decoded. */
function unknownPayloadField(payload: SamplesPayload): string | undefined {
  return Object.keys(payload).find((key) => !PAYLOAD_KEYS.has(key));
}

export function decodeSamples(obj: unknown, path: readonly PathSegment[] = []): Float64Array {
  const payload = checkSamplesShape(obj, path);
  const unknown = unknownPayloadField(payload);
  if (unknown !== undefined) {
    throw codecError(say('samples payload field "{0}" is from a newer Xenlat; these samples cannot be decoded', unknown), [...path, SAMPLES_KEY, unknown]);
  }
  const at = [...path, SAMPLES_KEY, 'data'];
  const n = payload.count;
  const maxBytes = payload.codec === 'float64' ? n * 8 : n * 26 + 64;
  let bytes: Uint8Array;
  try {
    bytes = inflateRawSync(Buffer.from(payload.data, 'base64'), { maxOutputLength: Math.max(maxBytes, 1) });
  } catch (e) {
    const why = e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
      ? say('corrupt samples: more data than "count" {0} allows', n)
      : say('corrupt samples: not valid deflate data ({0})', (e as Error).message);
    throw codecError(why, at);
  }
  return payload.codec === 'float64' ? decodeFloat64(bytes, n, at) : decodeDecimal(bytes, n, payload.scale!, at);
}

function decodeFloat64(bytes: Uint8Array, n: number, at: PathSegment[]): Float64Array {
  if (bytes.length !== n * 8) throw codecError(say('corrupt samples: {0} bytes for {1} float64 values', bytes.length, n), at);
  const out = new Float64Array(n);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  }
  return out;
}

function decodeDecimal(bytes: Uint8Array, n: number, scale: number, at: PathSegment[]): Float64Array {
  const out = new Float64Array(n);
  const p = POW10[scale];
  const len = bytes.length;
  // No closures here: a closure capturing `pos` would force it into a heap context and make
  // this loop ~10x slower.
  let pos = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    if (pos >= len) throw truncatedError(n, at);
    let b = bytes[pos++];
    let z = b;
    if (b >= 0x80) {
      z = b & 0x7f;
      let mul = 128;
      do {
        if (pos >= len) throw truncatedError(n, at);
        if (mul > MAX_VARINT_MUL) throw codecError(say('corrupt samples: varint too long'), at);
        b = bytes[pos++];
        z += (b & 0x7f) * mul;
        mul *= 128;
      } while (b >= 0x80);
    }
    prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    out[i] = prev / p;
  }
  const cursor = { pos };
  const exceptions = readVarint(bytes, cursor, n, at);
  if (exceptions > n) throw codecError(say('corrupt samples: more exceptions than values'), at);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let idx = 0;
  for (let e = 0; e < exceptions; e++) {
    const gap = readVarint(bytes, cursor, n, at);
    if (e > 0 && gap === 0) throw codecError(say('corrupt samples: exception indexes not increasing'), at);
    idx += gap;
    if (idx >= n) throw codecError(say('corrupt samples: exception index out of range'), at);
    if (cursor.pos + 8 > len) throw truncatedError(n, at);
    out[idx] = view.getFloat64(cursor.pos, true);
    cursor.pos += 8;
  }
  if (cursor.pos !== len) throw codecError(say('corrupt samples: {0} bytes left after {1} values', len - cursor.pos, n), at);
  return out;
}

const MAX_VARINT_MUL = 2 ** 56;

function truncatedError(n: number, at: PathSegment[]): FormatError {
  return codecError(say('corrupt samples: data ends before {0} values', n), at);
}

function readVarint(bytes: Uint8Array, cursor: { pos: number }, n: number, at: PathSegment[]): number {
  let z = 0;
  let mul = 1;
  for (;;) {
    if (cursor.pos >= bytes.length) throw truncatedError(n, at);
    const b = bytes[cursor.pos++];
    z += (b & 0x7f) * mul;
    if (b < 0x80) return z;
    mul *= 128;
    if (mul > MAX_VARINT_MUL) throw codecError(say('corrupt samples: varint too long'), at);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isEncodedSamples(v: unknown): v is EncodedSamples {
  return isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, SAMPLES_KEY) && Object.keys(v).length === 1;
}

/**
 * Replaces every Float64Array inside a JSON value by its `{ "$samples": ... }` object, copying
 * only the containers on the way (the caller's value is never mutated). Already-encoded
 * `$samples` objects pass through unchanged, so values that were never decoded save verbatim.
 */
export function toFileJson(value: unknown): unknown {
  if (value instanceof Float64Array) return encodeSamples(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const m = toFileJson(v);
      if (m !== v) {
        copy ??= value.slice();
        copy[i] = m;
      }
    }
    return copy ?? value;
  }
  if (isPlainObject(value)) {
    if (isEncodedSamples(value)) return value;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const v = value[key];
      const m = toFileJson(v);
      if (m !== v) {
        copy ??= { ...value };
        setOwn(copy, key, m);
      }
    }
    return copy ?? value;
  }
  return value;
}

/** Inverse of toFileJson: decodes every `{ "$samples": ... }` object into a Float64Array. */
export function fromFileJson(value: unknown): unknown {
  return fromFileJsonAt(value, []);
}

export function fromFileJsonAt(value: unknown, path: PathSegment[], decode = true): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v === null || typeof v !== 'object') continue;
      const m = fromFileJsonAt(v, [...path, i], decode);
      if (m !== v) {
        copy ??= value.slice();
        copy[i] = m;
      }
    }
    return copy ?? value;
  }
  if (isPlainObject(value)) {
    if (isEncodedSamples(value)) {
      const payload = checkSamplesShape(value, path);
      return decode && unknownPayloadField(payload) === undefined ? decodeSamples(value, path) : value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === null || typeof v !== 'object') continue;
      const m = fromFileJsonAt(v, [...path, key], decode);
      if (m !== v) {
        copy ??= { ...value };
        setOwn(copy, key, m);
      }
    }
    return copy ?? value;
  }
  return value;
}

/** Assignment that treats "__proto__" as an ordinary key (JSON may contain it). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}
