/**
 * Can the second core help? Data-parallel training on worker threads: each worker holds a replica
 * of the model on its own wasm backend (tfjs-wasm runs one thread in Node), takes its share of
 * every batch, and every optimizer update first averages the workers' gradients through shared
 * memory, so all replicas apply the same update and stay identical. The hook is the optimizer's
 * applyGradients, so any model made with makeOptimizer runs unchanged.
 *
 *   npx tsx bench/dataParallel.ts [--workers 1,2] [--steps 30] [--config examples/vae-mnist.genlab.json] [--set path=value]… [--rounds 3]
 *
 * Prints examples/s for each worker count at the same total batch (alternating rounds, medians), the
 * speed-up over the first count, and whether the replicas ended bit-identical.
 */
import * as tf from '@tensorflow/tfjs-core';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { join, resolve } from 'node:path';
import { selectBackend } from '../src/engine/backend/select';
import { loadConfig } from '../src/engine/config/load';
import { gatherBatch } from '../src/engine/data/dataset';
import { loadData } from '../src/engine/data/load';
import { modelFactory } from '../src/engine/models/factories';
import { deriveSeed, Rng } from '../src/engine/util/rng';
import { machine, median, round } from './lib';

const WARMUP = 3;
/** Room for every gradient of one update, per worker (floats). */
const SLOT_FLOATS = 4_000_000;

interface Job { rank: number; size: number; steps: number; config: string; overrides: string[]; slots: SharedArrayBuffer; control: SharedArrayBuffer }

/** A reusable barrier over shared memory: control[0] counts arrivals, control[1] is the generation. */
function barrier(control: Int32Array, size: number): void {
  const generation = Atomics.load(control, 1);
  if (Atomics.add(control, 0, 1) === size - 1) {
    Atomics.store(control, 0, 0);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  } else {
    while (Atomics.load(control, 1) === generation) Atomics.wait(control, 1, generation);
  }
}

/**
 * Replaces `optimizer.applyGradients` by: average the gradients over all workers, then apply.
 * Copies in and out of shared memory are memcpy (TypedArray.set, tf.tensor); the sums run in tfjs,
 * because element loops over a SharedArrayBuffer cost 15–40 ms a step in JS here.
 */
function averageGradientsAcrossWorkers(optimizer: tf.Optimizer, job: Job): void {
  const slots = new Float32Array(job.slots);
  const control = new Int32Array(job.control);
  const apply = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (gradients) => {
    const named = Array.isArray(gradients) ? Object.fromEntries(gradients.map((g) => [g.name, g.tensor])) : gradients;
    const names = Object.keys(named).sort();
    let offset = 0;
    for (const name of names) {
      slots.set(named[name].dataSync() as Float32Array, job.rank * SLOT_FLOATS + offset);
      offset += named[name].size;
    }
    barrier(control, job.size);
    offset = 0;
    const averaged: Record<string, tf.Tensor> = {};
    for (const name of names) {
      const own = named[name];
      const peers = Array.from({ length: job.size }, (_, r) => r).filter((r) => r !== job.rank)
        .map((r) => tf.tensor(slots.subarray(r * SLOT_FLOATS + offset, r * SLOT_FLOATS + offset + own.size), own.shape));
      averaged[name] = tf.tidy(() => tf.mul(tf.addN([own, ...peers]), 1 / job.size));
      tf.dispose(peers);
      offset += own.size;
    }
    // Nobody may overwrite a slot before every worker has read it.
    barrier(control, job.size);
    apply(averaged);
    tf.dispose(Object.values(averaged));
  };
}

async function worker(job: Job): Promise<void> {
  await selectBackend('wasm');
  const config = loadConfig(job.config, job.overrides);
  const data = (await loadData(config.data!))!;
  const model = await modelFactory(config.model.type).create({ model: config.model, config, data });
  for (const optimizer of Object.values(model.state().optimizers)) averageGradientsAcrossWorkers(optimizer, job);
  const total = config.training.batchSize;
  const share = Math.ceil(total / job.size);
  // Every worker draws the same batch indices and trains on its own slice of them.
  const rng = new Rng(1);
  const control = new Int32Array(job.control);
  let start = 0;
  for (let s = 0; s < WARMUP + job.steps; s++) {
    if (s === WARMUP) {
      barrier(control, job.size);
      start = performance.now();
    }
    const indices = Array.from({ length: total }, () => rng.int(data.train.count)).slice(job.rank * share, (job.rank + 1) * share);
    const batch = gatherBatch(data.train, indices);
    const metrics = model.trainStep(batch, { epoch: 1, step: s, globalStep: s, seed: deriveSeed(9, s) });
    batch.x.dispose();
    tf.dispose(Object.values(metrics));
  }
  const seconds = (performance.now() - start) / 1000;
  // A checksum of the weights: replicas that stayed in step agree exactly.
  const weights = Object.values(model.state().variables);
  const checksum = weights.reduce((acc, v) => acc + (v.dataSync() as Float32Array).reduce((a, x, i) => a + x * ((i % 7) + 1), 0), 0);
  parentPort!.postMessage({ seconds, checksum, examplesPerStep: total, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) });
  model.dispose();
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const steps = Number(option('--steps', '30'));
  const config = resolve(option('--config', join(__dirname, '..', 'examples', 'vae-mnist.genlab.json')));
  const counts = option('--workers', '1,2').split(',').map(Number);
  const overrides = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--set' ? [a] : []));
  console.log(JSON.stringify({ bench: 'data-parallel', machine: machine(), date: new Date().toISOString(), config, overrides, steps }));
  const rounds = Number(option('--rounds', '3'));
  // Alternating rounds, medians: this machine's speed drifts by ±30 % from minute to minute.
  const rates = new Map<number, number[]>(counts.map((n) => [n, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const size of counts) {
      const result = await trainTogether(size, steps, config, overrides);
      rates.get(size)!.push(result.examplesPerSecond);
      console.log(JSON.stringify({ round, workers: size, ...result }));
    }
  }
  const one = median(rates.get(counts[0])!);
  for (const size of counts) {
    const m = median(rates.get(size)!);
    console.log(JSON.stringify({ workers: size, medianExamplesPerSecond: round(m), speedup: round(m / one) }));
  }
}

/** `size` workers train `steps` synchronized steps; examples/s of the group, and whether replicas agree. */
async function trainTogether(size: number, steps: number, config: string, overrides: string[]) {
  const slots = new SharedArrayBuffer(4 * SLOT_FLOATS * size);
  const control = new SharedArrayBuffer(8);
  const results = await Promise.all(Array.from({ length: size }, (_, rank) => new Promise<{ seconds: number; checksum: number; examplesPerStep: number; peakRssMiB: number }>((done, fail) => {
    // Workers do not inherit tsx's loader: register its CommonJS hook for the TypeScript sources.
    const w = new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'], workerData: { rank, size, steps, config, overrides, slots, control } satisfies Job });
    w.once('message', done);
    w.once('error', fail);
  })));
  const seconds = Math.max(...results.map((r) => r.seconds));
  return {
    stepsPerSecond: round(steps / seconds), examplesPerSecond: round((steps * results[0].examplesPerStep) / seconds),
    replicasIdentical: results.every((r) => r.checksum === results[0].checksum), peakRssMiB: results[0].peakRssMiB,
  };
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  worker(workerData as Job).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
