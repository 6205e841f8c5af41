/**
 * Dot-product kernels for exact search, as a WebAssembly module with 128-bit
 * SIMD (V8 has no SIMD for JavaScript loops; WebAssembly's runs 4 float lanes
 * per instruction). The module is assembled here from its instructions, so
 * there is no build step and no binary blob in the repository.
 *
 * Both kernels score every row of a row-major matrix against one query and
 * write one f32 per row. Rows are `width` wide, a multiple of 16 (callers pad
 * with zeros), so the inner loop keeps four independent accumulators.
 *
 *   dotF32(base, rows, width, query, out)          out[i] = base[i] · query            (f32 rows, f32 query)
 *   dotI8(base, rows, width, query, scales, out)   out[i] = scales[i] * (base[i] · query)  (int8 rows, int16 query)
 *
 * The int8 kernel multiplies in integers (i32x4.dot_i16x8_s: eight products
 * and four additions per instruction), several times the float kernel's speed
 * and a quarter of its memory traffic. The query is quantised to int16, whose
 * error is negligible beside the rows' int8. Each int32 lane sums width / 4
 * products of at most 127 * I16_QUERY_MAX, so widths up to MAX_I8_WIDTH
 * cannot overflow; the lanes are added in f32.
 *
 * Pointers are byte offsets into the module's exported memory.
 */

export const LANES_MULTIPLE = 16;
export const I16_QUERY_MAX = 1 << 14;
export const MAX_I8_WIDTH = 4096;

const I32 = 0x7f;
const V128 = 0x7b;

// Opcodes (core and SIMD, the latter after the 0xfd prefix).
const OP = {
  block: 0x02, loop: 0x03, end: 0x0b, br_if: 0x0d, void: 0x40,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  f32Load: 0x2a, f32Store: 0x38, i32Const: 0x41,
  i32GeU: 0x4f, i32LtU: 0x49, i32Add: 0x6a, i32Shl: 0x74,
  f32Add: 0x92, f32Mul: 0x94,
} as const;
const SIMD = {
  load: 0x00, load8x8S: 0x01, const: 0x0c, f32x4ExtractLane: 0x1f,
  i32x4Add: 0xae, i32x4DotI16x8S: 0xba, f32x4Add: 0xe4, f32x4Mul: 0xe6, f32x4ConvertI32x4S: 0xfa,
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
const get = (i: number): number[] => [OP.localGet, i];
const set = (i: number): number[] => [OP.localSet, i];
const tee = (i: number): number[] => [OP.localTee, i];
const i32 = (v: number): number[] => [OP.i32Const, ...sleb(v)];
/** v128.load with alignment 2^4 and a constant byte offset. */
const loadV = (offset: number): number[] => simd(SIMD.load, 4, ...uleb(offset));
const load8x8 = (offset: number): number[] => simd(SIMD.load8x8S, 3, ...uleb(offset));

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** acc_k += product, where `product` leaves one f32x4 on the stack. */
const accumulate = (acc: number, product: number[]): number[] => [...get(acc), ...product, ...simd(SIMD.f32x4Add), ...set(acc)];

/** Horizontal sum of a f32x4 local, leaving one f32 on the stack. */
const horizontalSum = (v: number): number[] => [
  ...get(v), ...simd(SIMD.f32x4ExtractLane, 0),
  ...get(v), ...simd(SIMD.f32x4ExtractLane, 1), OP.f32Add,
  ...get(v), ...simd(SIMD.f32x4ExtractLane, 2), OP.f32Add,
  ...get(v), ...simd(SIMD.f32x4ExtractLane, 3), OP.f32Add,
];

const ZERO_V128 = simd(SIMD.const, ...new Array<number>(16).fill(0));

/**
 * The row loop shared by both kernels: `rowBody` scores the row at local
 * `row` (a pointer) into accumulators acc0..acc3 and `finish` stores out[i].
 */
function rowLoop(p: {
  rows: number; i: number; row: number; rowStride: number[]; acc: readonly number[];
  innerLoop: number[]; finish: number[];
}): number[] {
  return [
    ...i32(0), ...set(p.i),
    OP.block, OP.void,
    ...get(p.i), ...get(p.rows), OP.i32GeU, OP.br_if, 0,
    OP.loop, OP.void,
    ...p.acc.flatMap((a) => [...ZERO_V128, ...set(a)]),
    ...p.innerLoop,
    ...p.finish,
    ...get(p.row), ...p.rowStride, OP.i32Add, ...set(p.row),
    ...get(p.i), ...i32(1), OP.i32Add, ...tee(p.i),
    ...get(p.rows), OP.i32LtU, OP.br_if, 0,
    OP.end,
    OP.end,
  ];
}

/** The sum of acc0..acc3, then its lanes: one f32 on the stack. */
function reduce(acc: readonly number[], into: number): number[] {
  return [
    ...get(acc[0]!), ...get(acc[1]!), ...simd(SIMD.f32x4Add),
    ...get(acc[2]!), ...simd(SIMD.f32x4Add),
    ...get(acc[3]!), ...simd(SIMD.f32x4Add), ...set(into),
    ...horizontalSum(into),
  ];
}

function dotF32Body(): number[] {
  // params: 0 base, 1 rows, 2 width, 3 query, 4 out
  // locals: 5 i, 6 j (byte offset in row), 7 rowBytes, 8 row, 9 a, 10 b (i32); 11-14 acc, 15 sum (v128)
  const acc = [11, 12, 13, 14] as const;
  const innerLoop = [
    ...i32(0), ...set(6),
    OP.loop, OP.void,
    ...get(8), ...get(6), OP.i32Add, ...set(9),
    ...get(3), ...get(6), OP.i32Add, ...set(10),
    ...[0, 1, 2, 3].flatMap((k) =>
      accumulate(acc[k]!, [...get(9), ...loadV(16 * k), ...get(10), ...loadV(16 * k), ...simd(SIMD.f32x4Mul)]),
    ),
    ...get(6), ...i32(64), OP.i32Add, ...tee(6),
    ...get(7), OP.i32LtU, OP.br_if, 0,
    OP.end,
  ];
  const finish = [...get(4), ...get(5), ...i32(2), OP.i32Shl, OP.i32Add, ...reduce(acc, 15), OP.f32Store, 2, 0];
  return [
    ...get(2), ...i32(2), OP.i32Shl, ...set(7),
    ...get(0), ...set(8),
    ...rowLoop({ rows: 1, i: 5, row: 8, rowStride: get(7), acc, innerLoop, finish }),
  ];
}

function dotI8Body(): number[] {
  // params: 0 base, 1 rows, 2 width, 3 query (int16), 4 scales, 5 out
  // locals: 6 i, 7 j (element offset in row), 8 row, 9 a, 10 b (i32); 11-12 acc (v128)
  const [acc0, acc1] = [11, 12] as const;
  // Eight int8 at `a + offset` widened to int16, times eight int16 query lanes, summed in pairs into int32 lanes.
  const eight = (acc: number, offset: number): number[] => [
    ...get(acc),
    ...get(9), ...load8x8(offset),
    ...get(10), ...loadV(2 * offset),
    ...simd(SIMD.i32x4DotI16x8S), ...simd(SIMD.i32x4Add), ...set(acc),
  ];
  const innerLoop = [
    ...i32(0), ...set(7),
    OP.loop, OP.void,
    ...get(8), ...get(7), OP.i32Add, ...set(9),
    ...get(3), ...get(7), ...i32(1), OP.i32Shl, OP.i32Add, ...set(10),
    ...eight(acc0, 0),
    ...eight(acc1, 8),
    ...get(7), ...i32(16), OP.i32Add, ...tee(7),
    ...get(2), OP.i32LtU, OP.br_if, 0,
    OP.end,
  ];
  const finish = [
    ...get(5), ...get(6), ...i32(2), OP.i32Shl, OP.i32Add,
    ...get(acc0), ...get(acc1), ...simd(SIMD.i32x4Add), ...simd(SIMD.f32x4ConvertI32x4S), ...set(acc0),
    ...horizontalSum(acc0),
    ...get(4), ...get(6), ...i32(2), OP.i32Shl, OP.i32Add, OP.f32Load, 2, 0,
    OP.f32Mul,
    OP.f32Store, 2, 0,
  ];
  return [...get(0), ...set(8), ...rowLoop({ rows: 1, i: 6, row: 8, rowStride: get(2), acc: [acc0, acc1], innerLoop, finish })];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];

function funcBody(locals: [count: number, type: number][], code: number[]): number[] {
  const body = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...code, OP.end];
  return [...uleb(body.length), ...body];
}

function assemble(): Uint8Array {
  const type = (params: number): number[] => [0x60, ...vec(new Array<number[]>(params).fill([I32])), 0];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type(5), type(6)])),
    ...section(3, vec([[0], [1]])),
    ...section(5, vec([[0x00, 1]])), // one memory, at least one page, no maximum
    ...section(7, vec([
      [...name('memory'), 0x02, 0],
      [...name('dotF32'), 0x00, 0],
      [...name('dotI8'), 0x00, 1],
    ])),
    ...section(10, vec([
      funcBody([[6, I32], [5, V128]], dotF32Body()),
      funcBody([[5, I32], [2, V128]], dotI8Body()),
    ])),
  ];
  return Uint8Array.from(bytes);
}

export interface KernelMemory {
  readonly buffer: ArrayBuffer;
  /** Adds pages of 64 KiB; detaches the old buffer. */
  grow(pages: number): number;
}

export interface Kernels {
  memory: KernelMemory;
  dotF32(base: number, rows: number, width: number, query: number, out: number): void;
  dotI8(base: number, rows: number, width: number, query: number, scales: number, out: number): void;
}

// The compiler's ES2023 library has no WebAssembly declarations (they come with
// the DOM library), so the two constructors used here are typed locally.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

let compiled: object | undefined;

/** A fresh instance (with its own memory) of the kernels. */
export function instantiateKernels(): Kernels {
  compiled ??= new WebAssembly.Module(assemble());
  return new WebAssembly.Instance(compiled).exports as Kernels;
}
