/**
 * The one-core wasm-SIMD ceiling on this machine, measured two ways, for judging how close a training
 * step comes to it:
 *  - arithmetic peak: a hand-assembled wasm module runs independent chains of f32x4.mul and f32x4.add
 *    (wasm SIMD has no fused multiply-add) on registers only — no loads, so nothing can go faster;
 *  - GEMM peak: the wasm backend's plain matMul (XNNPACK) on large square shapes with reused operands,
 *    its best case: the fastest matrix product wasm reaches here, and what a dense layer could hope for.
 * `npx tsx bench/ceiling.ts [--reps 5]`; prints one JSON line per measurement, medians of the reps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initWasmBackend } from '../src/engine/backend/wasm';
import { machine, median, round } from './lib';

const repsAt = process.argv.indexOf('--reps');
const REPS = repsAt > 0 ? Number(process.argv[repsAt + 1]) : 5;

const MUL_CHAINS = 6;
const ADD_CHAINS = 6;
const FLOPS_PER_ITERATION = (MUL_CHAINS + ADD_CHAINS) * 4;

/**
 * `peak(n: i32, x: f32) -> f32`: n iterations of MUL_CHAINS `acc = acc * splat(x)` and ADD_CHAINS
 * `acc = acc + splat(x)`, all independent so the chains overlap, then the lanes' sum (so nothing is dead).
 */
function peakModule(): Uint8Array<ArrayBuffer> {
  const SIMD = 0xfd;
  const F32X4_SPLAT = [SIMD, 0x13];
  const F32X4_ADD = [SIMD, 0xe4, 0x01];
  const F32X4_MUL = [SIMD, 0xe6, 0x01];
  const F32X4_EXTRACT_LANE_0 = [SIMD, 0x1f, 0x00];
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const splat = 2; // locals 0 and 1 are the parameters
  const chains = Array.from({ length: MUL_CHAINS + ADD_CHAINS }, (_, i) => 3 + i);
  const code = [
    ...get(1), ...F32X4_SPLAT, ...set(splat),
    ...chains.flatMap((c) => [...get(splat), ...set(c)]),
    0x03, 0x40, // loop
    ...chains.flatMap((c, i) => [...get(c), ...get(splat), ...(i < MUL_CHAINS ? F32X4_MUL : F32X4_ADD), ...set(c)]),
    ...get(0), 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, // n -= 1; br_if n != 0
    0x0b, // end loop
    ...get(chains[0]), ...chains.slice(1).flatMap((c) => [...get(c), ...F32X4_ADD]), ...F32X4_EXTRACT_LANE_0,
    0x0b,
  ];
  const body = [0x01, 1 + chains.length, 0x7b, ...code]; // one local group: the splat and the chains, v128
  const section = (id: number, bytes: number[]) => [id, ...leb128(bytes.length), ...bytes];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7d, 0x01, 0x7d]), // type (i32, f32) -> f32
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, 0x04, ...Buffer.from('peak'), 0x00, 0x00]),
    ...section(10, [0x01, ...leb128(body.length), ...body]),
  ]);
}

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function arithmeticPeak(): number {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(peakModule()));
  const peak = instance.exports.peak as (n: number, x: number) => number;
  const iterations = 50_000_000;
  peak(1_000_000, 1); // tier up
  const rates: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    peak(iterations, 1);
    rates.push((iterations * FLOPS_PER_ITERATION) / ((performance.now() - t0) / 1000) / 1e9);
  }
  return median(rates);
}

function gemmPeak(n: number): number {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  tf.matMul(a, b).dispose(); // packs b once; later calls reuse it, XNNPACK's best case
  const rates: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    rates.push((2 * n ** 3) / ((performance.now() - t0) / 1000) / 1e9);
    c.dispose();
  }
  tf.dispose([a, b]);
  return median(rates);
}

async function main() {
  console.log(JSON.stringify({ bench: 'wasm-simd-ceiling', machine: machine(), date: new Date().toISOString() }));
  console.log(JSON.stringify({ what: 'arithmetic peak (f32x4 mul + add, registers only)', gflops: round(arithmeticPeak()) }));
  await initWasmBackend();
  await tf.setBackend('wasm');
  for (const n of [512, 1024, 2048]) {
    console.log(JSON.stringify({ what: `wasm matMul ${n}³, reused operands`, gflops: round(gemmPeak(n)) }));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
