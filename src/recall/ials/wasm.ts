/**
 * A minimal WebAssembly binary writer: just what the iALS kernels need
 * (i32/f32/f64 scalars, 128-bit SIMD, structured control flow, one imported
 * shared memory). Kernels are generated per factor count, so inner loops
 * over the factors are fully unrolled with constant load offsets.
 */

export type ValType = 'i32' | 'f32' | 'f64' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

function uleb(n: number, out: number[]): void {
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(n: number, out: number[]): void {
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** Appends without spreading (bodies can exceed the argument-count limit). */
function append(out: number[], bytes: readonly number[]): void {
  for (const b of bytes) out.push(b);
}

function name(text: string, out: number[]): void {
  const bytes = new TextEncoder().encode(text);
  uleb(bytes.length, out);
  out.push(...bytes);
}

/** A function body under construction; methods append instructions and return `this`. */
export class FunctionBuilder {
  readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];
  private readonly labels: string[] = [];

  constructor(
    readonly params: readonly ValType[],
    readonly results: readonly ValType[],
  ) {}

  /** A new local of the given type; returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  get locals(): readonly ValType[] {
    return this.localTypes;
  }

  /** True when every block opened was closed. */
  get balanced(): boolean {
    return this.labels.length === 0;
  }

  private op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  private simd(code: number): this {
    this.bytes.push(0xfd);
    uleb(code, this.bytes);
    return this;
  }

  private mem(code: number, align: number, offset: number, simd = false): this {
    if (simd) this.simd(code);
    else this.bytes.push(code);
    uleb(align, this.bytes);
    uleb(offset, this.bytes);
    return this;
  }

  // Variables and constants.
  get(i: number): this {
    this.op(0x20);
    uleb(i, this.bytes);
    return this;
  }
  set(i: number): this {
    this.op(0x21);
    uleb(i, this.bytes);
    return this;
  }
  tee(i: number): this {
    this.op(0x22);
    uleb(i, this.bytes);
    return this;
  }
  i32(n: number): this {
    this.op(0x41);
    sleb(n, this.bytes);
    return this;
  }
  f32(x: number): this {
    this.op(0x43);
    this.bytes.push(...new Uint8Array(Float32Array.of(x).buffer));
    return this;
  }
  f64(x: number): this {
    this.op(0x44);
    this.bytes.push(...new Uint8Array(Float64Array.of(x).buffer));
    return this;
  }
  drop(): this {
    return this.op(0x1a);
  }
  select(): this {
    return this.op(0x1b);
  }

  // Control flow (all blocks are of empty type). Blocks may be labelled; br/brIf take a label.
  block(label = ''): this {
    this.labels.push(label);
    return this.op(0x02, 0x40);
  }
  loop(label = ''): this {
    this.labels.push(label);
    return this.op(0x03, 0x40);
  }
  if(label = ''): this {
    this.labels.push(label);
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    if (this.labels.pop() === undefined) throw new Error('end without an open block');
    return this.op(0x0b);
  }
  private depth(label: string): number {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error(`no enclosing block labelled "${label}"`);
    return this.labels.length - 1 - at;
  }
  br(label: string): this {
    this.op(0x0c);
    uleb(this.depth(label), this.bytes);
    return this;
  }
  brIf(label: string): this {
    this.op(0x0d);
    uleb(this.depth(label), this.bytes);
    return this;
  }
  return(): this {
    return this.op(0x0f);
  }

  // Memory (offsets in bytes; alignment hints as log2).
  i32Load(offset = 0): this {
    return this.mem(0x28, 2, offset);
  }
  f32Load(offset = 0): this {
    return this.mem(0x2a, 2, offset);
  }
  f32Store(offset = 0): this {
    return this.mem(0x38, 2, offset);
  }
  f64Store(offset = 0): this {
    return this.mem(0x39, 3, offset);
  }
  v128Load(offset = 0): this {
    return this.mem(0x00, 4, offset, true);
  }
  v128Store(offset = 0): this {
    return this.mem(0x0b, 4, offset, true);
  }

  // i32 arithmetic and comparisons (pointers compare unsigned).
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32GtU(): this {
    return this.op(0x4b);
  }
  i32GeU(): this {
    return this.op(0x4f);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }

  // f32 and f64 scalars.
  f32Add(): this {
    return this.op(0x92);
  }
  f32Sub(): this {
    return this.op(0x93);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f32Div(): this {
    return this.op(0x95);
  }
  f32Abs(): this {
    return this.op(0x8b);
  }
  f32Neg(): this {
    return this.op(0x8c);
  }
  f32Lt(): this {
    return this.op(0x5d);
  }
  f32Gt(): this {
    return this.op(0x5e);
  }
  f32Ge(): this {
    return this.op(0x60);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64PromoteF32(): this {
    return this.op(0xbb);
  }

  // SIMD: four f32 lanes.
  v128Zero(): this {
    this.simd(0x0c);
    for (let i = 0; i < 16; i++) this.bytes.push(0);
    return this;
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4ExtractLane(lane: number): this {
    this.simd(0x1f);
    this.bytes.push(lane);
    return this;
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
}

export interface ExportedFunction {
  name: string;
  fn: FunctionBuilder;
}

/** A module importing one shared memory as env.memory (up to 4 GiB) and exporting the given functions. */
export function buildModule(functions: readonly ExportedFunction[]): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const section = (id: number, body: number[]) => {
    out.push(id);
    uleb(body.length, out);
    append(out, body);
  };

  const types: number[] = [];
  uleb(functions.length, types);
  for (const { fn } of functions) {
    types.push(0x60);
    uleb(fn.params.length, types);
    for (const p of fn.params) types.push(VALTYPE[p]);
    uleb(fn.results.length, types);
    for (const r of fn.results) types.push(VALTYPE[r]);
  }
  section(1, types);

  const imports: number[] = [];
  uleb(1, imports);
  name('env', imports);
  name('memory', imports);
  imports.push(0x02, 0x03); // memory, limits: shared with a maximum
  uleb(1, imports);
  uleb(65536, imports);
  section(2, imports);

  const funcs: number[] = [];
  uleb(functions.length, funcs);
  functions.forEach((_, i) => uleb(i, funcs));
  section(3, funcs);

  const exports: number[] = [];
  uleb(functions.length, exports);
  functions.forEach(({ name: n }, i) => {
    name(n, exports);
    exports.push(0x00);
    uleb(i, exports);
  });
  section(7, exports);

  const code: number[] = [];
  uleb(functions.length, code);
  for (const { name: n, fn } of functions) {
    if (!fn.balanced) throw new Error(`function ${n} has unclosed blocks`);
    const body: number[] = [];
    const groups: { type: ValType; count: number }[] = [];
    for (const t of fn.locals) {
      const last = groups[groups.length - 1];
      if (last && last.type === t) last.count++;
      else groups.push({ type: t, count: 1 });
    }
    uleb(groups.length, body);
    for (const g of groups) {
      uleb(g.count, body);
      body.push(VALTYPE[g.type]);
    }
    append(body, fn.bytes);
    body.push(0x0b);
    uleb(body.length, code);
    append(code, body);
  }
  section(10, code);
  return Uint8Array.from(out);
}

/*
 * The WebAssembly JS API as this project uses it (the Node typings in use do
 * not declare it; the runtime has it).
 */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Bytes per WebAssembly memory page. */
export const PAGE_BYTES = 65536;
