/**
 * GFLOP/s of the wasm kernels GenLab replaces or adds, stock against GenLab's, on one core.
 * Run: npx tsx bench/kernels.ts [--reps N] [--only TEXT]
 *
 * Every repetition gets freshly created operands, as a training step does (the stock matMul caches
 * its packed right-hand operand per tensor, which would flatter reused weights). Stock and GenLab
 * repetitions alternate, so load from other processes falls on both alike. Two medians per kernel:
 * of wall-clock time, and of this process's CPU time (user + system), which a busy machine inflates
 * far less — the wasm backend runs on this one thread.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initWasmBackend } from '../src/engine/backend/wasm';
import { registerGenlabWasmKernels, restoreStockWasmKernels } from '../src/engine/backend/wasmKernels';
import { median } from './lib';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const REPS = Number(option('--reps') ?? 5);
/** Only the cases whose name contains this text. */
const ONLY = option('--only') ?? '';

interface Case {
  name: string;
  flops: number;
  /** Operand shapes; each repetition fills new tensors of these shapes. */
  shapes: number[][];
  run(operands: tf.Tensor[]): tf.Tensor;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One call on fresh operands; the error's first line if the kernel cannot run. */
function timeOnce(c: Case): Timing | string {
  const operands = c.shapes.map((shape) => tf.randomNormal(shape));
  try {
    const wall = performance.now();
    const cpu = cpuMs();
    const out = c.run(operands);
    out.dataSync(); // the wasm backend computes synchronously; this only settles the result
    const timing = { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
    out.dispose();
    return timing;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  } finally {
    tf.dispose(operands);
  }
}

type Result = Timing | string;

/** Medians over REPS alternating stock/GenLab calls, after one warm-up call of each. */
function compare(c: Case): { stock: Result; genlab: Result } {
  const runs = { stock: [] as Timing[], genlab: [] as Timing[] };
  const failures: { stock?: string; genlab?: string } = {};
  for (let rep = 0; rep <= REPS; rep++) {
    for (const side of ['stock', 'genlab'] as const) {
      if (failures[side] !== undefined) continue;
      if (side === 'stock') restoreStockWasmKernels();
      else registerGenlabWasmKernels();
      const t = timeOnce(c);
      if (typeof t === 'string') failures[side] = t;
      else if (rep > 0) runs[side].push(t);
    }
  }
  const summary = (side: 'stock' | 'genlab'): Result =>
    failures[side] ?? { wallMs: median(runs[side].map((t) => t.wallMs)), cpuMs: median(runs[side].map((t) => t.cpuMs)) };
  return { stock: summary('stock'), genlab: summary('genlab') };
}

function matMulCases(): Case[] {
  const sizes: [number, number, number, number][] = [
    // [batch, m, k, n]: a VAE dense layer at batch 128, a square product, a batched 3-D product
    [1, 128, 784, 512],
    [1, 512, 512, 512],
    [8, 128, 128, 128],
  ];
  const cases: Case[] = [];
  for (const [batch, m, k, n] of sizes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const lead = batch > 1 ? [batch] : [];
      cases.push({
        name: `matMul ${batch > 1 ? `${batch}×` : ''}${m}×${k}·${k}×${n} ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`,
        flops: 2 * batch * m * k * n,
        shapes: [
          [...lead, ...(ta ? [k, m] : [m, k])],
          [...lead, ...(tb ? [n, k] : [k, n])],
        ],
        run: ([a, b]) => tf.matMul(a, b, ta, tb),
      });
    }
  }
  const [batch, m, k, n] = [8, 128, 128, 128];
  cases.push({
    name: `fused matMul ${batch}×${m}×${k}·${k}×${n} + bias, relu`,
    flops: 2 * batch * m * k * n,
    shapes: [[batch, m, k], [k, n], [n]],
    run: ([a, b, bias]) => tf.fused.matMul({ a, b, bias, activation: 'relu' }),
  });
  return cases;
}

/** The 4×4 stride-2 'same' convs of a DCGAN-64 (width 64) at batch 64: [side, inChannels, outChannels]. */
const dcganConvs: [number, number, number][] = [
  [64, 3, 64],
  [32, 64, 128],
  [16, 128, 256],
  [8, 256, 512],
];

function convCases(): Case[] {
  const batch = 64;
  const cases: Case[] = [];
  for (const [side, ci, co] of dcganConvs) {
    const out = side / 2;
    const flops = 2 * batch * out * out * 16 * ci * co;
    const xShape: [number, number, number, number] = [batch, side, side, ci];
    const filterShape: [number, number, number, number] = [4, 4, ci, co];
    cases.push({
      name: `conv2d ${side}²×${ci}→${co} (forward, stock in both: a yardstick)`,
      flops,
      shapes: [xShape, filterShape],
      run: ([x, filter]) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'same'),
    });
    cases.push({
      name: `conv2DBackpropFilter ${side}²×${ci}→${co}`,
      flops,
      shapes: [xShape, [batch, out, out, co]],
      // tfjs-core does not export the op; conv2d's gradient reaches the kernel the same way.
      run: ([x, dy]) =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
          strides: 2,
          pad: 'same',
          dataFormat: 'NHWC',
          filterShape,
        }) as tf.Tensor,
    });
    cases.push({
      name: `conv2DBackpropInput ${side}²×${ci}←${co} (conv2dTranspose)`,
      flops,
      shapes: [[batch, out, out, co], filterShape],
      run: ([dy, filter]) => tf.conv2dTranspose(dy as tf.Tensor4D, filter as tf.Tensor4D, xShape, 2, 'same'),
    });
  }
  return cases;
}

function format(result: Result, flops: number): string {
  if (typeof result === 'string') return `fails: ${result}`.slice(0, 33).padEnd(33);
  const rate = (ms: number) => (flops / ms / 1e6).toFixed(1).padStart(5);
  return `${rate(result.cpuMs)} (wall ${rate(result.wallMs)}) ${result.cpuMs.toFixed(0).padStart(5)} ms`;
}

async function main(): Promise<void> {
  await initWasmBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  console.log(`wasm backend, one thread, SIMD; GFLOP/s per CPU-second (and per wall-second), CPU ms;`);
  console.log(`medians of ${REPS} alternating calls after one warm-up\n`);
  console.log(`${'case'.padEnd(58)} ${'stock'.padEnd(33)} GenLab`);
  for (const c of [...matMulCases(), ...convCases()].filter((c) => c.name.includes(ONLY))) {
    const { stock, genlab } = compare(c);
    console.log(`${c.name.padEnd(58)} ${format(stock, c.flops)} ${format(genlab, c.flops)}`);
  }
}

void main();
