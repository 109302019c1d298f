/**
 * VAE training speed: the Keras MNIST model (784-512-512-2, batch 128) and the conv variant, per
 * backend. `npx tsx bench/vae.ts [--backends webgpu,wasm,wasm-stock,cpu] [--conv] [--threads N] [--steps N]`
 * (a software WebGPU adapter runs under 1 step/s: give it `--steps 5`).
 */
import { join } from 'node:path';
import { backendsFromArgs, benchSteps, machine, numberFromArgs, threadsFromArgs } from './lib';

const EXAMPLE = join(__dirname, '..', 'examples', 'vae-mnist.genlab.json');
// Forward 2·(784·512 + 512·512 + 512·4 + 2·512 + 512·512 + 512·784) per example, backward twice that.
const MLP_FLOPS = 3 * 2 * (784 * 512 + 512 * 512 + 512 * 4 + 2 * 512 + 512 * 512 + 512 * 784) * 128;

async function main() {
  const conv = process.argv.includes('--conv');
  console.log(JSON.stringify({ bench: conv ? 'vae-conv' : 'vae-mlp', machine: machine(), date: new Date().toISOString() }));
  for (const backend of backendsFromArgs(['wasm', 'wasm-stock', 'cpu'])) {
    const slow = backend === 'cpu';
    const result = await benchSteps({
      config: EXAMPLE,
      overrides: conv ? ['model.architecture="conv"', 'model.hidden=[16]'] : [],
      backend, warmup: slow ? 1 : 5, steps: numberFromArgs('--steps') ?? (slow ? 3 : 40), flopsPerStep: conv ? undefined : MLP_FLOPS, threads: threadsFromArgs(),
    });
    const stepsPerEpoch = Math.ceil(60000 / 128);
    console.log(JSON.stringify({ ...result, epochSeconds: Math.round(stepsPerEpoch / (result.stepsPerSecond as number)) }));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
