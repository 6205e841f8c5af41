/**
 * Model state <-> text. Plain JSON, except that typed arrays are stored as
 * base64 of their bytes (tagged with their type), which is compact and
 * loads without per-element parsing.
 */
const TYPED = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
} as const;
type TypedName = keyof typeof TYPED;
const TAG = '$typed';

function isTypedName(name: string): name is TypedName {
  return Object.hasOwn(TYPED, name);
}

export function encodeState(state: unknown): string {
  return JSON.stringify(state, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const name = value.constructor.name;
      if (!isTypedName(name)) throw new TypeError(`cannot persist ${name}`);
      return { [TAG]: name, data: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    }
    return value;
  });
}

export function decodeState(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && TAG in value) {
      const { [TAG]: name, data } = value as { [TAG]: string; data: string };
      if (!isTypedName(name)) throw new TypeError(`unknown typed array ${name}`);
      const bytes = Buffer.from(data, 'base64');
      const Ctor = TYPED[name];
      // Copy into a fresh, aligned buffer: Buffer's pool offset may not be aligned.
      const aligned = new Uint8Array(bytes.byteLength);
      aligned.set(bytes);
      return new Ctor(aligned.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
    return value;
  });
}
