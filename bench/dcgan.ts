/**
 * DCGAN-64 training speed per backend: Radford et al.'s layout at 64×64×3, z = 100, batch 64,
 * width 64, on random images — the same model and count as the PyTorch reference
 * /work/shared/peers/dcgan_step.py (one step = one discriminator update + one generator update).
 *
 *   npx tsx bench/dcgan.ts [--backends tensorflow,webgpu,wasm,cpu] [--steps 5] [--width 64] [--batch 64] [--threads N]
 *
 * Prints one JSON line per backend. Backends that cannot load say why. `cpu` (pure JS, about
 * 800 s a step at width 64) runs only when named. To compare with PyTorch, alternate the two in
 * one session on a quiet machine, e.g.
 *   for i in 1 2; do npx tsx bench/dcgan.ts --backends wasm; /usr/bin/python3 dcgan_step.py --threads 1 --steps 5; done
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpus } from 'node:os';
import { selectBackend } from '../src/engine/backend/select';
import type { ConcreteBackend } from '../src/engine/backend/names';
import { parseConfig } from '../src/engine/config/load';
import { gatherBatch, type ImageSet } from '../src/engine/data/dataset';
import type { GanConfig } from '../src/engine/models/gan/config';
import { ganFactory } from '../src/engine/models/gan/model';
import { deriveSeed, Rng } from '../src/engine/util/rng';
import { formatBackend } from '../src/shared/format';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const steps = Number(option('--steps', '5'));
const width = Number(option('--width', '64'));
const batchSize = Number(option('--batch', '64'));
const backends = option('--backends', 'tensorflow-gpu,tensorflow,wasm').split(',') as ConcreteBackend[];
const threads = Number(option('--threads', '1'));

/**
 * Multiply-adds ×2 of one step, counted from the layers (4×4 kernels): generator transposed convs
 * in·Cin·Cout·16 per input position, discriminator convs the same per output position. A step runs
 * G forward and backward (3 G), and D forward and backward on the real batch, on the fakes for D's
 * update and again for G's (9 D); a backward pass costs twice its forward.
 */
function dcganStepFlops(w: number, batch: number): number {
  const generator = [[1, 100, 8 * w], [4, 8 * w, 4 * w], [8, 4 * w, 2 * w], [16, 2 * w, w], [32, w, 3]];
  const discriminator = [[32, 3, w], [16, w, 2 * w], [8, 2 * w, 4 * w], [4, 4 * w, 8 * w], [1, 8 * w, 1]];
  const macs = (layers: number[][]) => layers.reduce((sum, [side, cin, cout]) => sum + side * side * cin * cout * 16, 0);
  return 2 * batch * (3 * macs(generator) + 9 * macs(discriminator));
}

/** Random 64×64×3 images, as the reference uses: speed does not depend on the pixels. */
function randomImages(count: number): ImageSet {
  const rng = new Rng(1);
  const pixels = new Uint8Array(count * 64 * 64 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rng.int(256);
  return { pixels, labels: new Uint8Array(count), count, height: 64, width: 64, channels: 3 };
}

async function bench(backend: ConcreteBackend): Promise<Record<string, unknown>> {
  let on: string | undefined;
  try {
    const choice = await selectBackend(backend, { threads });
    on = formatBackend(choice.name, choice.adapter);
  } catch (e) {
    return { backend, unavailable: (e as Error).message };
  }
  const config = parseConfig(JSON.stringify({
    model: { type: 'gan', architecture: 'dcgan', width, latentDim: 100 },
    data: { source: 'mnist' }, training: { batchSize },
  }), 'bench-dcgan.genlab.json');
  const images = randomImages(batchSize);
  const model = await ganFactory.create({ model: config.model as GanConfig, config,
    data: { source: 'random', train: images, test: images, skipped: 0 } });
  const indices = Array.from({ length: batchSize }, (_, i) => i);
  const step = async (i: number) => {
    const batch = gatherBatch(images, indices);
    const metrics = model.trainStep(batch, { epoch: 1, step: i, globalStep: i, seed: deriveSeed(9, i) });
    batch.x.dispose();
    // Reading the metrics waits for the step to finish on any backend.
    for (const v of Object.values(metrics)) if (typeof v !== 'number') { await v.data(); v.dispose(); }
  };
  await step(0); // warm-up: kernels, weights packing, Adam's slots
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) await step(i);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  model.dispose();
  return {
    backend, on, threads: backend === 'wasm' ? threads : 1, model: 'dcgan-64', width, batch: batchSize, steps, seconds: round(seconds),
    stepsPerSecond: round(steps / seconds), gflops: round((dcganStepFlops(width, batchSize) * steps) / seconds / 1e9),
    // Below 1 when other processes share the core: then steps/s understates the backend.
    cpuShare: round((cpu.user + cpu.system) / 1e6 / seconds),
  };
}

function round(v: number): number {
  return Number(v.toPrecision(3));
}

async function main() {
  console.log(JSON.stringify({ bench: 'dcgan', machine: `${cpus()[0]?.model ?? '?'} ×${cpus().length}`, node: process.version,
    tfjs: tf.version_core, date: new Date().toISOString() }));
  for (const backend of backends) console.log(JSON.stringify(await bench(backend)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
