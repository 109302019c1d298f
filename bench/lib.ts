/**
 * Shared benchmark harness: builds a model from an example config with overrides, on a chosen
 * backend, and times its training steps after a warm-up. Prints one JSON line per measurement
 * so runs can be collected and compared; figures go to BENCHMARKS.md by hand, with machine and date.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpus } from 'node:os';
import { restoreStockWasmKernels } from '../src/engine/backend/wasmKernels';
import { enableSimdKernels } from '../src/engine/backend/simdKernels/instance';
import { selectBackend } from '../src/engine/backend/select';
import type { ThreadsSetting } from '../src/engine/backend/threadPolicy';
import { formatBackend } from '../src/shared/format';
import { loadConfig } from '../src/engine/config/load';
import { gatherBatch } from '../src/engine/data/dataset';
import { loadData } from '../src/engine/data/load';
import { modelFactory } from '../src/engine/models/factories';
import { deriveSeed, Rng } from '../src/engine/util/rng';

/**
 * `wasm-stock` is the wasm backend without GenLab's kernels, so their gain is visible; `wasm-stock-adam` keeps
 * GenLab's kernels but steps with tfjs's own Adam (14 elementwise kernels instead of the fused one).
 */
export type BenchBackend = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'wasm' | 'wasm-stock' | 'wasm-stock-adam' | 'cpu';

export interface StepBenchOptions {
  config: string;
  overrides: string[];
  backend: BenchBackend;
  warmup: number;
  steps: number;
  /** Floating-point operations per step, for GFLOP/s (omit where it does not apply). */
  flopsPerStep?: number;
  /** wasm threads (`training.threads`); the backend is one per process, so a process measures one setting. */
  threads?: ThreadsSetting;
}

export async function benchSteps(o: StepBenchOptions): Promise<Record<string, unknown>> {
  const choice = await selectBackend(o.backend === 'wasm-stock' || o.backend === 'wasm-stock-adam' ? 'wasm' : o.backend, { threads: o.threads ?? 1 });
  if (o.backend === 'wasm-stock') restoreStockWasmKernels();
  if (o.backend === 'wasm-stock-adam') enableSimdKernels(false);
  const config = loadConfig(o.config, o.overrides);
  const data = config.data ? await loadData(config.data) : null;
  const model = await modelFactory(config.model.type).create({ model: config.model, config, data });
  const batchSize = config.training.batchSize;
  const rng = new Rng(1);
  const step = async (i: number) => {
    const batch = data ? gatherBatch(data.train, Array.from({ length: batchSize }, () => rng.int(data.train.count))) : null;
    const metrics = model.trainStep(batch, { epoch: 1, step: i, globalStep: i, seed: deriveSeed(9, i) });
    batch?.x.dispose();
    // Reading the loss waits for the step to finish on any backend.
    for (const v of Object.values(metrics)) if (typeof v !== 'number') { await v.data(); v.dispose(); }
  };
  for (let i = 0; i < o.warmup; i++) await step(i);
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  for (let i = 0; i < o.steps; i++) await step(o.warmup + i);
  const seconds = (performance.now() - t0) / 1000;
  const leaked = tf.memory().numTensors - tensorsBefore;
  model.dispose();
  if (o.backend === 'wasm-stock') await import('../src/engine/backend/wasmKernels').then((k) => k.registerGenlabWasmKernels());
  if (o.backend === 'wasm-stock-adam') enableSimdKernels(true);
  const stepsPerSecond = o.steps / seconds;
  return {
    backend: o.backend, tfBackend: choice.tfBackend, on: formatBackend(choice.name, choice.adapter), threads: choice.threads.threads, threadsReason: choice.threads.reason, steps: o.steps, seconds: round(seconds), stepsPerSecond: round(stepsPerSecond),
    ...(o.flopsPerStep ? { gflops: round((o.flopsPerStep * stepsPerSecond) / 1e9) } : {}),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), leakedTensors: leaked,
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function round(v: number, digits = 3): number {
  return Number(v.toPrecision(digits));
}

export function machine(): string {
  return `${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}, Node ${process.version}`;
}

/** Backends named on the command line (`--backends wasm,cpu`), or the default list. */
export function backendsFromArgs(defaults: BenchBackend[]): BenchBackend[] {
  const i = process.argv.indexOf('--backends');
  return i > 0 ? (process.argv[i + 1].split(',') as BenchBackend[]) : defaults;
}

/** `--threads N|auto`: wasm threads for this process (1 by default, the single-threaded build). */
export function threadsFromArgs(): ThreadsSetting {
  const i = process.argv.indexOf('--threads');
  if (i > 0 && process.argv[i + 1] === 'auto') return 'auto';
  return numberFromArgs('--threads') ?? 1;
}

/** A numeric flag (`--steps 10`), or undefined when it is not given. */
export function numberFromArgs(flag: string): number | undefined {
  const i = process.argv.indexOf(flag);
  if (i < 0) return undefined;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number, got ${process.argv[i + 1]}`);
  return value;
}
