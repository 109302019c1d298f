/**
 * NADE training and evaluation speed on MNIST (784 pixels, 500 hidden units, batch 100), per backend,
 * and what that makes an epoch. `npx tsx bench/nade.ts [--backends wasm,cpu]`
 */
import { join } from 'node:path';
import { backendsFromArgs, benchSteps, machine, round } from './lib';

const EXAMPLE = join(__dirname, '..', 'examples', 'nade-mnist.genlab.json');
const BATCH = 100;

async function main() {
  console.log(JSON.stringify({ bench: 'nade-mnist', machine: machine(), date: new Date().toISOString() }));
  for (const backend of backendsFromArgs(['wasm'])) {
    const result = await benchSteps({ config: EXAMPLE, overrides: [], backend, warmup: 1, steps: 5 });
    const stepsPerSecond = result.stepsPerSecond as number;
    console.log(JSON.stringify({ ...result, msPerExample: round(1000 / (stepsPerSecond * BATCH)),
      epochMinutes: round(60000 / BATCH / stepsPerSecond / 60) }));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
