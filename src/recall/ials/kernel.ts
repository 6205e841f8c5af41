/**
 * The iALS hot loops as WebAssembly SIMD (four f32 lanes), generated for one
 * row stride (the factor count rounded up to a multiple of 4). Scalar
 * JavaScript reaches about a quarter of scalar C here; the SIMD kernel is
 * what brings a 20M-interaction iteration to implicit's range.
 *
 * Every pointer is a byte offset into the shared memory. The solve follows
 * implicit's least_squares_cg (and src/math/linalg.ts conjugateGradient):
 * per row, `steps` conjugate-gradient steps warm-started from the row's
 * current factors, with (YᵀY + reg_u I + Yᵤᵀ(Cᵤ − I)Yᵤ) applied implicitly.
 *
 * - solve(rowStart, rowEnd, indptr, indices, conf, X, Y, G, reg, steps, scratch)
 *   G = YᵀY (stride × stride, no regularisation), reg = one f32 per row,
 *   conf = one signed confidence (c − 1, negative for preference 0) per entry,
 *   scratch = 3 × stride floats (r, p, Ap).
 * - gram(rowStart, rowEnd, Y, out): out = Σ yᵢ yᵢᵀ over the rows (full matrix).
 * - loss(rowStart, rowEnd, indptr, indices, conf, X, Y, G, reg, scratch) → f64:
 *   Σ over the rows of Σᵢ cᵤᵢ (pᵤᵢ − xᵤ·yᵢ)² + reg_u |xᵤ|², all items counted.
 * - norms(rowStart, rowEnd, Y, reg) → f64: Σ reg_i |yᵢ|².
 */
import { buildModule, FunctionBuilder, wasmApi, type ValType, type WasmMemory, type WasmModule } from './wasm.js';

export interface KernelExports {
  solve(
    rowStart: number,
    rowEnd: number,
    indptr: number,
    indices: number,
    conf: number,
    x: number,
    y: number,
    g: number,
    reg: number,
    steps: number,
    scratch: number,
  ): void;
  gram(rowStart: number, rowEnd: number, y: number, out: number): void;
  loss(
    rowStart: number,
    rowEnd: number,
    indptr: number,
    indices: number,
    conf: number,
    x: number,
    y: number,
    g: number,
    reg: number,
    scratch: number,
  ): number;
  norms(rowStart: number, rowEnd: number, y: number, reg: number): number;
}

/** Bytes of scratch one solving thread needs. */
export const scratchBytes = (stride: number): number => 3 * stride * 4;

type Mode = 'residual' | 'product' | 'loss';

/*
 * Code shape. V8's optimising compiler issues a straight run of loads (no
 * store between them) all at once, ahead of the arithmetic that uses them:
 * fully unrolled load-only loops (a dot product over the factors, the Gram
 * matrix product) then spill most of their values to the stack and read them
 * back. Those loops are therefore real loops over a few vectors per turn,
 * which keeps every value in a register; loops that store as they go
 * (out += s y) stay fully unrolled.
 */

/** Entries per unrolled block, widest first: wide blocks keep more rows of Y in flight. */
const BLOCK_WIDTHS = [4, 1] as const;
const MAX_WIDTH = BLOCK_WIDTHS[0];

/** Code generation for one stride; `f` is the function being written. */
class Emitter {
  readonly chunks: number;
  readonly rowBytes: number;

  constructor(
    readonly f: FunctionBuilder,
    readonly stride: number,
  ) {
    this.chunks = stride / 4;
    this.rowBytes = stride * 4;
  }

  locals(type: ValType, n: number): number[] {
    return Array.from({ length: n }, () => this.f.local(type));
  }

  /** Leaves the sum of the four lanes of v128 local `v` (f32) on the stack. */
  hsum(v: number): void {
    const f = this.f;
    f.get(v).f32x4ExtractLane(0).get(v).f32x4ExtractLane(1).f32Add();
    f.get(v).f32x4ExtractLane(2).get(v).f32x4ExtractLane(3).f32Add();
    f.f32Add();
  }

  /** Leaves a · b (two stride-long vectors at pointer locals) on the stack as f32. */
  dot(a: number, b: number, acc: number): void {
    const f = this.f;
    for (let c = 0; c < this.chunks; c++) {
      f.get(a).v128Load(c * 16).get(b).v128Load(c * 16).f32x4Mul();
      if (c > 0) f.get(acc).f32x4Add();
      f.set(acc);
    }
    this.hsum(acc);
  }

  /** out = (G + reg I) v, for pointer locals v and out, f32 local reg, G at pointer local g. */
  symv(g: number, v: number, out: number, reg: number, t: { gp: number; vp: number; n: number; acc: number[]; s: number }): void {
    const f = this.f;
    const { chunks, rowBytes } = this;
    for (let group = 0; group * 4 < chunks; group++) {
      const width = Math.min(4, chunks - group * 4);
      for (let c = 0; c < width; c++) {
        f.get(reg).f32x4Splat().get(v).v128Load((group * 4 + c) * 16).f32x4Mul().set(t.acc[c]!);
      }
      f.get(g).i32(group * 64).i32Add().set(t.gp);
      f.get(v).set(t.vp);
      // Two columns of G a turn (the stride is even).
      f.i32(this.stride / 2).set(t.n);
      f.loop('b');
      for (let j = 0; j < 2; j++) {
        f.get(t.vp).f32Load(j * 4).f32x4Splat().set(t.s);
        for (let c = 0; c < width; c++) {
          f.get(t.acc[c]!).get(t.s).get(t.gp).v128Load(j * rowBytes + c * 16).f32x4Mul().f32x4Add().set(t.acc[c]!);
        }
      }
      f.get(t.gp).i32(2 * rowBytes).i32Add().set(t.gp);
      f.get(t.vp).i32(8).i32Add().set(t.vp);
      f.get(t.n).i32(1).i32Sub().tee(t.n).brIf('b');
      f.end();
      for (let c = 0; c < width; c++) f.get(out).get(t.acc[c]!).v128Store((group * 4 + c) * 16);
    }
  }

  /**
   * The low-rank part over the row's entries [kStart, kEnd) (byte pointers
   * into indices; conf is at the same place + confDelta):
   * out += Σ t(c, y·v) y, with t by mode (c the signed confidence):
   * - residual: (c > 0 ? 1 + c : 0) − |c| (y·v)   (b − (C − I) part of A v)
   * - product:  |c| (y·v)
   * - loss:     (c > 0 ? −2(1 + c) : 0) + |c| (y·v), and cst += (c > 0 ? 1 + c : 0)
   * Entries are taken four at a time (then one by one), so v and out are read once per four rows of Y.
   */
  lowRank(
    mode: Mode,
    v: number,
    out: number,
    l: {
      kStart: number;
      kEnd: number;
      k: number;
      y: number;
      confDelta: number;
      o: number[];
      c: number[];
      acc: number[];
      s: number[];
      vv: number;
      cst: number;
      at: number;
    },
  ): void {
    const f = this.f;
    const { chunks, rowBytes } = this;
    const emitBlock = (width: number) => {
      for (let j = 0; j < width; j++) {
        f.get(l.y).get(l.k).i32Load(j * 4).i32(rowBytes).i32Mul().i32Add().set(l.o[j]!);
        f.get(l.k).get(l.confDelta).i32Add().f32Load(j * 4).set(l.c[j]!);
      }
      // acc[j] = y_j · v, two chunks a turn (one when the chunk count is odd); `at` is the byte offset.
      const perTurn = chunks % 2 === 0 ? 2 : 1;
      for (let j = 0; j < width; j++) f.v128Zero().set(l.acc[j]!);
      f.i32(0).set(l.at);
      f.loop('dot');
      for (let c = 0; c < perTurn; c++) {
        f.get(v).get(l.at).i32Add().v128Load(c * 16).set(l.vv);
        for (let j = 0; j < width; j++) {
          f.get(l.o[j]!).get(l.at).i32Add().v128Load(c * 16).get(l.vv).f32x4Mul().get(l.acc[j]!).f32x4Add().set(l.acc[j]!);
        }
      }
      f.get(l.at).i32(perTurn * 16).i32Add().tee(l.at).i32(rowBytes).i32LtU().brIf('dot');
      f.end();
      for (let j = 0; j < width; j++) {
        const c = l.c[j]!;
        // |c| · dot
        f.get(c).f32Abs();
        this.hsum(l.acc[j]!);
        f.f32Mul();
        if (mode === 'residual') {
          f.f32Neg();
          f.f32(1).get(c).f32Add().f32(0).get(c).f32(0).f32Gt().select();
          f.f32Add();
        } else if (mode === 'loss') {
          f.f32(-2).f32(1).get(c).f32Add().f32Mul().f32(0).get(c).f32(0).f32Gt().select();
          f.f32Add();
          f.get(l.cst).f32(1).get(c).f32Add().f32(0).get(c).f32(0).f32Gt().select().f32Add().set(l.cst);
        }
        f.f32x4Splat().set(l.s[j]!);
      }
      for (let c = 0; c < chunks; c++) {
        f.get(out);
        f.get(out).v128Load(c * 16);
        for (let j = 0; j < width; j++) f.get(l.s[j]!).get(l.o[j]!).v128Load(c * 16).f32x4Mul().f32x4Add();
        f.v128Store(c * 16);
      }
    };
    f.get(l.kStart).set(l.k);
    for (const width of BLOCK_WIDTHS) {
      f.block(`done${width}`).loop(`by${width}`);
      f.get(l.k).i32(4 * width).i32Add().get(l.kEnd).i32GtU().brIf(`done${width}`);
      emitBlock(width);
      f.get(l.k).i32(4 * width).i32Add().set(l.k).br(`by${width}`);
      f.end().end();
    }
  }
}

function solveFunction(stride: number): FunctionBuilder {
  const f = new FunctionBuilder(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], []);
  const [rowStart, rowEnd, indptr, indices, conf, X, Y, G, reg, steps, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
  const e = new Emitter(f, stride);
  const { chunks, rowBytes } = e;
  const u = f.local('i32');
  const kStart = f.local('i32');
  const kEnd = f.local('i32');
  const k = f.local('i32');
  const confDelta = f.local('i32');
  const x = f.local('i32');
  const r = f.local('i32');
  const p = f.local('i32');
  const ap = f.local('i32');
  const it = f.local('i32');
  const gp = f.local('i32');
  const vp = f.local('i32');
  const n = f.local('i32');
  const o = e.locals('i32', MAX_WIDTH);
  const c = e.locals('f32', MAX_WIDTH);
  const rs = f.local('f32');
  const rsNew = f.local('f32');
  const alpha = f.local('f32');
  const regU = f.local('f32');
  const cst = f.local('f32');
  const acc = e.locals('v128', MAX_WIDTH);
  const s = e.locals('v128', MAX_WIDTH);
  const vv = f.local('v128');
  const sv = f.local('v128');
  const a4 = f.local('v128');
  const low = { kStart: kStart, kEnd: kEnd, k: k, y: Y, confDelta: confDelta, o, c, acc, s, vv: vv, cst: cst, at: f.local('i32') };
  const sym = { gp: gp, vp: vp, n: n, acc, s: sv };

  f.get(scratch).set(r);
  f.get(scratch).i32(rowBytes).i32Add().set(p);
  f.get(scratch).i32(2 * rowBytes).i32Add().set(ap);
  f.get(conf).get(indices).i32Sub().set(confDelta);
  f.get(rowStart).set(u);
  f.block('rows').loop('row');
  f.get(u).get(rowEnd).i32GeS().brIf('rows');
  f.block('next');
  f.get(X).get(u).i32(rowBytes).i32Mul().i32Add().set(x);
  f.get(indptr).get(u).i32(4).i32Mul().i32Add().set(n);
  f.get(indices).get(n).i32Load(0).i32(4).i32Mul().i32Add().set(kStart);
  f.get(indices).get(n).i32Load(4).i32(4).i32Mul().i32Add().set(kEnd);
  // A row without entries gets zero factors (as in implicit).
  f.get(kStart).get(kEnd).i32Eq().if();
  for (let ch = 0; ch < chunks; ch++) f.get(x).v128Zero().v128Store(ch * 16);
  f.br('next').end();
  f.get(reg).get(u).i32(4).i32Mul().i32Add().f32Load().set(regU);
  // r = b − A x
  e.symv(G, x, ap, regU, sym);
  for (let ch = 0; ch < chunks; ch++) f.get(r).v128Zero().get(ap).v128Load(ch * 16).f32x4Sub().v128Store(ch * 16);
  e.lowRank('residual', x, r, low);
  // p = r, rs = r·r
  for (let ch = 0; ch < chunks; ch++) f.get(p).get(r).v128Load(ch * 16).v128Store(ch * 16);
  e.dot(r, r, vv);
  f.tee(rs).f32(1e-20).f32Lt().brIf('next');
  f.i32(0).set(it);
  f.block('cgDone').loop('cg');
  f.get(it).get(steps).i32GeS().brIf('cgDone');
  e.symv(G, p, ap, regU, sym);
  e.lowRank('product', p, ap, low);
  f.get(rs);
  e.dot(p, ap, vv);
  f.f32Div().tee(alpha).f32x4Splat().set(a4);
  // x += alpha p; r −= alpha Ap; rsNew = r·r
  for (let ch = 0; ch < chunks; ch++) {
    const off = ch * 16;
    f.get(x).get(x).v128Load(off).get(a4).get(p).v128Load(off).f32x4Mul().f32x4Add().v128Store(off);
    f.get(r).v128Load(off).get(a4).get(ap).v128Load(off).f32x4Mul().f32x4Sub().set(vv);
    f.get(r).get(vv).v128Store(off);
    f.get(vv).get(vv).f32x4Mul();
    if (ch > 0) f.get(acc[0]!).f32x4Add();
    f.set(acc[0]!);
  }
  e.hsum(acc[0]!);
  f.tee(rsNew).f32(1e-20).f32Lt().brIf('cgDone');
  // p = r + (rsNew / rs) p
  f.get(rsNew).get(rs).f32Div().f32x4Splat().set(a4);
  for (let ch = 0; ch < chunks; ch++) {
    const off = ch * 16;
    f.get(p).get(r).v128Load(off).get(a4).get(p).v128Load(off).f32x4Mul().f32x4Add().v128Store(off);
  }
  f.get(rsNew).set(rs);
  f.get(it).i32(1).i32Add().set(it).br('cg');
  f.end().end();
  f.end(); // next
  f.get(u).i32(1).i32Add().set(u).br('row');
  f.end().end();
  return f;
}

function gramFunction(stride: number): FunctionBuilder {
  const f = new FunctionBuilder(['i32', 'i32', 'i32', 'i32'], []);
  const [rowStart, rowEnd, Y, out] = [0, 1, 2, 3] as const;
  const e = new Emitter(f, stride);
  const { chunks, rowBytes } = e;
  const yp = f.local('i32');
  const yEnd = f.local('i32');
  const gp = f.local('i32');
  const bp = f.local('i32');
  const n = f.local('i32');
  const s = e.locals('v128', 4);

  // out = 0
  f.get(out).set(gp).i32(stride).set(n);
  f.loop('zero');
  for (let ch = 0; ch < chunks; ch++) f.get(gp).v128Zero().v128Store(ch * 16);
  f.get(gp).i32(rowBytes).i32Add().set(gp);
  f.get(n).i32(1).i32Sub().tee(n).brIf('zero');
  f.end();

  f.get(Y).get(rowStart).i32(rowBytes).i32Mul().i32Add().set(yp);
  f.get(Y).get(rowEnd).i32(rowBytes).i32Mul().i32Add().set(yEnd);
  const rankUpdate = (width: number, label: string) => {
    f.block(`${label}Done`).loop(label);
    f.get(yp).i32(width * rowBytes).i32Add().get(yEnd).i32GtU().brIf(`${label}Done`);
    f.get(out).set(gp).get(yp).set(bp).i32(stride).set(n);
    f.loop(`${label}Col`);
    for (let j = 0; j < width; j++) f.get(bp).f32Load(j * rowBytes).f32x4Splat().set(s[j]!);
    for (let ch = 0; ch < chunks; ch++) {
      f.get(gp).get(gp).v128Load(ch * 16);
      for (let j = 0; j < width; j++) f.get(s[j]!).get(yp).v128Load(j * rowBytes + ch * 16).f32x4Mul().f32x4Add();
      f.v128Store(ch * 16);
    }
    f.get(gp).i32(rowBytes).i32Add().set(gp);
    f.get(bp).i32(4).i32Add().set(bp);
    f.get(n).i32(1).i32Sub().tee(n).brIf(`${label}Col`);
    f.end();
    f.get(yp).i32(width * rowBytes).i32Add().set(yp).br(label);
    f.end().end();
  };
  rankUpdate(4, 'four');
  rankUpdate(1, 'one');
  return f;
}

function lossFunction(stride: number): FunctionBuilder {
  const f = new FunctionBuilder(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], ['f64']);
  const [rowStart, rowEnd, indptr, indices, conf, X, Y, G, reg, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
  const e = new Emitter(f, stride);
  const { rowBytes } = e;
  const u = f.local('i32');
  const kStart = f.local('i32');
  const kEnd = f.local('i32');
  const k = f.local('i32');
  const confDelta = f.local('i32');
  const x = f.local('i32');
  const r = f.local('i32');
  const gp = f.local('i32');
  const vp = f.local('i32');
  const n = f.local('i32');
  const o = e.locals('i32', MAX_WIDTH);
  const c = e.locals('f32', MAX_WIDTH);
  const zero = f.local('f32');
  const cst = f.local('f32');
  const regU = f.local('f32');
  const total = f.local('f64');
  const acc = e.locals('v128', MAX_WIDTH);
  const s = e.locals('v128', MAX_WIDTH);
  const vv = f.local('v128');
  const sv = f.local('v128');
  const low = { kStart: kStart, kEnd: kEnd, k: k, y: Y, confDelta: confDelta, o, c, acc, s, vv: vv, cst: cst, at: f.local('i32') };

  f.get(scratch).set(r);
  f.get(conf).get(indices).i32Sub().set(confDelta);
  f.get(rowStart).set(u);
  f.block('rows').loop('row');
  f.get(u).get(rowEnd).i32GeS().brIf('rows');
  f.get(X).get(u).i32(rowBytes).i32Mul().i32Add().set(x);
  f.get(indptr).get(u).i32(4).i32Mul().i32Add().set(n);
  f.get(indices).get(n).i32Load(0).i32(4).i32Mul().i32Add().set(kStart);
  f.get(indices).get(n).i32Load(4).i32(4).i32Mul().i32Add().set(kEnd);
  f.get(reg).get(u).i32(4).i32Mul().i32Add().f32Load().set(regU);
  f.f32(0).set(cst);
  // r = YᵀY x, then r += Σ t y so that r·x + cst is the row's weighted squared error.
  e.symv(G, x, r, zero, { gp: gp, vp: vp, n: n, acc, s: sv });
  e.lowRank('loss', x, r, low);
  f.get(total);
  e.dot(r, x, vv);
  f.get(cst).f32Add();
  f.get(regU);
  e.dot(x, x, vv);
  f.f32Mul().f32Add();
  f.f64PromoteF32().f64Add().set(total);
  f.get(u).i32(1).i32Add().set(u).br('row');
  f.end().end();
  f.get(total);
  return f;
}

function normsFunction(stride: number): FunctionBuilder {
  const f = new FunctionBuilder(['i32', 'i32', 'i32', 'i32'], ['f64']);
  const [rowStart, rowEnd, Y, reg] = [0, 1, 2, 3] as const;
  const e = new Emitter(f, stride);
  const u = f.local('i32');
  const y = f.local('i32');
  const total = f.local('f64');
  const acc = f.local('v128');
  f.get(rowStart).set(u);
  f.block('rows').loop('row');
  f.get(u).get(rowEnd).i32GeS().brIf('rows');
  f.get(Y).get(u).i32(e.rowBytes).i32Mul().i32Add().set(y);
  f.get(total);
  f.get(reg).get(u).i32(4).i32Mul().i32Add().f32Load();
  e.dot(y, y, acc);
  f.f32Mul().f64PromoteF32().f64Add().set(total);
  f.get(u).i32(1).i32Add().set(u).br('row');
  f.end().end();
  f.get(total);
  return f;
}

const modules = new Map<number, WasmModule>();

/** The compiled kernel module for a stride (a multiple of 4), cached. */
export function kernelModule(stride: number): WasmModule {
  if (stride % 4 !== 0 || stride < 4) throw new RangeError(`kernel stride must be a positive multiple of 4, got ${stride}`);
  let module = modules.get(stride);
  if (!module) {
    const bytes = buildModule([
      { name: 'solve', fn: solveFunction(stride) },
      { name: 'gram', fn: gramFunction(stride) },
      { name: 'loss', fn: lossFunction(stride) },
      { name: 'norms', fn: normsFunction(stride) },
    ]);
    module = new wasmApi.Module(bytes);
    modules.set(stride, module);
  }
  return module;
}

export function instantiateKernel(module: WasmModule, memory: WasmMemory): KernelExports {
  const instance = new wasmApi.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
