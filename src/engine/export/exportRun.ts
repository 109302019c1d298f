import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../backend/select';
import { loadConfig } from '../config/load';
import type { GenlabConfig } from '../config/schema';
import { loadData } from '../data/load';
import type { GenerativeModel } from '../models/model';
import { modelFactory } from '../models/factories';
import { latestCheckpoint, restoreCheckpoint } from '../runs/checkpoint';
import { RunStore } from '../runs/store';
import { InputError } from '../train/errors';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomicFile';
import { ExportRefusal, type ExportedNetwork, type ExportPart } from './network';
import { ONNX_OPSET, toOnnx } from './onnx';
import { toTfjsLayers } from './tfjsLayers';

/** The checkpoint saved at the end of epoch E (its position is epoch E + 1, step 0), or the latest. */
export function checkpointFor(runDir: string, epoch?: number): { dir: string; epoch: number } {
  const checkpoints = join(runDir, 'checkpoints');
  const found = (existsSync(checkpoints) ? readdirSync(checkpoints) : []).filter((f) => f.startsWith('ckpt-')).flatMap((name) => {
    try {
      const state = JSON.parse(readFileSync(join(checkpoints, name, 'state.json'), 'utf8')) as { epoch: number; step: number };
      return state.step === 0 ? [{ dir: join(checkpoints, name), epoch: state.epoch - 1 }] : [];
    } catch {
      return [];
    }
  });
  if (epoch === undefined) {
    const latest = latestCheckpoint(checkpoints);
    if (!latest) throw new InputError(`${runDir} has no checkpoint yet`);
    return found.find((c) => c.dir === latest) ?? { dir: latest, epoch: Math.max(0, ...found.map((c) => c.epoch)) };
  }
  const match = found.find((c) => c.epoch === epoch);
  if (!match) throw new InputError(`${runDir}: no checkpoint of epoch ${epoch} (kept: ${found.map((c) => c.epoch).sort((a, b) => a - b).join(', ') || 'none'})`);
  return match;
}

/** A run's model rebuilt from its config and restored from a checkpoint, as `genlab sample` does. */
export async function openRunModel(runDir: string, epoch?: number): Promise<{ config: GenlabConfig; model: GenerativeModel; epoch: number }> {
  let store: RunStore;
  try {
    store = RunStore.open(runDir);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const checkpoint = checkpointFor(store.dir, epoch);
  const config = loadConfig(store.configPath);
  await selectBackend(config.backend);
  const data = config.data ? await loadData(config.data) : null;
  const model = await modelFactory(config.model.type).create({ model: config.model, config, data });
  await restoreCheckpoint(checkpoint.dir, model.state());
  return { config, model, epoch: checkpoint.epoch };
}

export interface ExportOptions {
  runDir: string;
  epoch?: number;
  part: ExportPart;
  format: 'onnx' | 'tfjs';
  outDir: string;
}

/** Writes a model part as ONNX (`<part>.onnx`) or a tfjs Layers model (`model.json` + `weights.bin`), with `export.json` saying what it is. */
export async function exportNetwork(o: ExportOptions): Promise<string[]> {
  const { config, model, epoch } = await openRunModel(o.runDir, o.epoch);
  let net: ExportedNetwork | undefined;
  try {
    if (!model.exportNetwork) throw new InputError(`a ${config.model.type} run has no network to export (${exportHint(config.model.type)})`);
    try {
      net = model.exportNetwork(o.part);
    } catch (e) {
      if (e instanceof ExportRefusal) throw new InputError(e.message);
      throw e;
    }
    const out = resolve(o.outDir);
    const files: string[] = [];
    if (o.format === 'onnx') {
      files.push(join(out, `${o.part}.onnx`));
      writeFileAtomic(files[0], await toOnnx(net));
    } else {
      const { modelJson, weightsBin } = await toTfjsLayers(net);
      files.push(join(out, 'model.json'), join(out, 'weights.bin'));
      writeFileAtomic(files[1], weightsBin);
      writeFileAtomic(files[0], modelJson);
    }
    files.push(join(out, 'export.json'));
    writeJsonAtomic(files[files.length - 1], { run: resolve(o.runDir), epoch, model: config.model.type, part: o.part, format: o.format,
      ...(o.format === 'onnx' ? { opset: ONNX_OPSET } : {}), input: { name: 'input', shape: [null, ...net.inputShape] },
      output: { name: 'output', shape: [null, ...net.outputShape], layout: 'NHWC', meaning: net.output } });
    return files;
  } finally {
    net?.dispose?.();
    model.dispose();
  }
}

function exportHint(type: string): string {
  if (type === 'mcmc') return 'export its draws with --draws --format csv';
  if (type === 'nade') return 'NADE samples one pixel at a time, each from the pixels before: a loop of draws that one feed-forward ONNX or Layers graph does not hold';
  if (type === 'pixelcnn') return 'PixelCNN samples one pixel at a time, each from the pixels before: a loop of draws that one feed-forward ONNX or Layers graph does not hold';
  return 'its generator works on symbols or numbers, not images; only image decoders and generators are exported';
}

/** Writes an MCMC run's draws as CSV: chain, iteration, θ1…θK, post_burn_in. */
export async function exportDraws(runDir: string, outDir: string, epoch?: number): Promise<string> {
  const { config, model } = await openRunModel(runDir, epoch);
  try {
    if (!model.exportDraws) throw new InputError(`a ${config.model.type} run has no sampler draws (--draws is for mcmc runs)`);
    const { parameters, rows } = model.exportDraws();
    const lines = [['chain', 'iteration', ...parameters, 'post_burn_in'].join(','),
      ...rows.map((r) => [r.chain, r.iteration, ...r.values.map((v) => String(v)), r.postBurnIn].join(','))];
    const file = join(resolve(outDir), 'draws.csv');
    writeFileAtomic(file, lines.join('\n') + '\n');
    return file;
  } finally {
    model.dispose();
  }
}
