import { resolve } from 'node:path';
import type { MetricValues, RunSummary, TrainerEvent } from '../../shared/protocol';
import { selectBackend, type BackendChoice } from '../backend/select';
import { loadConfig } from '../config/load';
import type { GenlabConfig } from '../config/schema';
import { batchesPerEpoch, gatherBatch, type DataSplits } from '../data/dataset';
import { loadData } from '../data/load';
import { encodePng } from '../images/picture';
import type { GenerativeModel } from '../models/model';
import { modelFactory } from '../models/registry';
import { setEpochLearningRate } from '../nn/optimizers';
import { latestCheckpoint, restoreCheckpoint, saveCheckpoint, type TrainingPosition } from '../runs/checkpoint';
import { RunStore } from '../runs/store';
import { deriveSeed, Rng } from '../util/rng';
import { InputError, TrainingError } from './errors';
import { MetricAccumulator } from './metricAccumulator';

export interface TrainOptions {
  /** A config file to start a new run from. */
  configPath?: string;
  overrides?: string[];
  /** Base folder for runs (default: the config's output.dir, relative to the working folder). */
  outDir?: string;
  /** An existing run folder to continue from its last checkpoint. */
  resumeDir?: string;
  /** Receives every event (also written to the run's events.jsonl). */
  emit: (event: TrainerEvent) => void;
  /** Aborting makes the run checkpoint where it is and end as `stopped`. */
  signal?: AbortSignal;
}

/** How often step metrics are read back, reported and the event loop given a turn (signals, I/O). */
const REPORT_INTERVAL_MS = 250;
/** Models without a data set and no `training.stepsPerEpoch` run this many steps per epoch. */
const DEFAULT_STEPS_PER_EPOCH = 100;

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** Opens the run: a new folder for a config, or the existing one for --resume. */
function openRun(options: TrainOptions): { store: RunStore; config: GenlabConfig } {
  if (options.resumeDir) {
    let store: RunStore;
    try {
      store = RunStore.open(options.resumeDir);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    return { store, config: loadConfig(store.configPath, options.overrides ?? []) };
  }
  if (!options.configPath) throw new InputError('no config given');
  const config = loadConfig(options.configPath, options.overrides ?? []);
  const base = resolve(options.outDir ?? config.output.dir);
  return { store: RunStore.create(base, config), config };
}

async function loadRunData(config: GenlabConfig, configFile: string): Promise<DataSplits | null> {
  if (!config.data) return null;
  try {
    return await loadData(config.data);
  } catch (e) {
    throw new InputError(`${configFile}: data (source ${config.data.source}): ${(e as Error).message}`);
  }
}

/**
 * Trains one run to the end (or until stopped) and returns its summary. Owns everything around
 * the model: backend, data, batching, metrics, artifacts, checkpoints, events and the run folder.
 */
export async function train(options: TrainOptions): Promise<RunSummary> {
  const { store, config } = openRun(options);
  const startedAt = new Date();
  const emit = (event: TrainerEvent) => {
    store.appendEvent(event);
    options.emit(event);
  };
  let backend: BackendChoice = { name: 'cpu', tfBackend: 'cpu', skipped: [] };
  const previous = store.readSummary();
  let summary: RunSummary = {
    runId: store.id, name: config.name, model: config.model.type, backend: '', status: 'running',
    epochs: previous?.epochs ?? 0, totalEpochs: config.training.epochs, steps: previous?.steps ?? 0,
    durationS: previous?.durationS ?? 0, metrics: previous?.metrics ?? {}, startedAt: previous?.startedAt ?? startedAt.toISOString(),
    updatedAt: startedAt.toISOString(), pid: process.pid,
  };
  const priorDuration = summary.durationS;
  const updateSummary = (patch: Partial<RunSummary>) => {
    summary = { ...summary, ...patch, updatedAt: new Date().toISOString(),
      durationS: priorDuration + (Date.now() - startedAt.getTime()) / 1000 };
    store.writeSummary(summary);
  };
  const finish = (status: 'done' | 'stopped' | 'failed', message?: string) => {
    updateSummary({ status, message, pid: undefined });
    emit({ type: 'run-finished', status, message, summary });
    return summary;
  };

  let model: GenerativeModel | null = null;
  try {
    backend = await selectBackend(config.backend);
    updateSummary({ backend: backend.name });
    emit({ type: 'backend', name: backend.name, tfBackend: backend.tfBackend, skipped: backend.skipped });

    const configFile = options.configPath ?? store.configPath;
    const data = await loadRunData(config, configFile);
    if (data) emit({ type: 'data', source: data.source, train: data.train.count, test: data.test.count, skipped: data.skipped, detail: data.detail });

    model = await modelFactory(config.model.type).create({ model: config.model, config, data });
    const state = model.state();
    const seed = config.training.seed;
    const batchSize = config.training.batchSize;
    const stepsPerEpoch = data
      ? Math.min(batchesPerEpoch(data.train, batchSize), config.training.stepsPerEpoch ?? Infinity)
      : config.training.stepsPerEpoch ?? model.stepsPerEpoch ?? DEFAULT_STEPS_PER_EPOCH;

    let position: TrainingPosition = { epoch: 1, step: 0, globalStep: 0, epochSums: {}, epochCount: 0 };
    const checkpoint = options.resumeDir ? latestCheckpoint(store.checkpointsDir) : null;
    if (checkpoint) {
      position = await restoreCheckpoint(checkpoint, state);
      store.truncateMetrics(position.globalStep);
    } else if (options.resumeDir) {
      store.truncateMetrics(0);
    }
    const totalEpochs = config.training.epochs;
    emit({ type: 'run-started', runId: store.id, runDir: store.dir, model: config.model.type, name: config.name,
      totalEpochs, stepsPerEpoch, resumedFrom: options.resumeDir ? { epoch: position.epoch, step: position.step } : undefined,
      pid: process.pid, time: new Date().toISOString() });
    updateSummary({ status: 'running' });

    const acc = new MetricAccumulator(position.epochSums, position.epochCount);
    let globalStep = position.globalStep;
    const totalSteps = totalEpochs * stepsPerEpoch;
    let rateWindow = { t: Date.now(), steps: globalStep };
    let stepsPerSecond = 0;

    const checkpointAt = async (epoch: number, step: number) => {
      const dir = await saveCheckpoint(store.checkpointsDir, state,
        { epoch, step, globalStep, epochSums: acc.sums, epochCount: acc.count });
      emit({ type: 'checkpoint', epoch, step, globalStep, path: dir });
    };

    /** Reads pending step metrics, reports their mean over the window and fails the run on a NaN. */
    const report = async (epoch: number, step: number) => {
      const flushed = await acc.flush();
      if (!flushed) return;
      const { window } = flushed;
      if (!flushed.finite) {
        const [name, value] = Object.entries(window).find(([, v]) => !Number.isFinite(v)) ?? ['loss', NaN];
        throw new TrainingError(`${name} became ${value} at epoch ${epoch}, step ${step}. The last checkpoint is kept; ` +
          `try a lower training.optimizer.learningRate (now ${config.training.optimizer.learningRate}).`);
      }
      const now = Date.now();
      if (now - rateWindow.t > 1000) {
        const rate = ((globalStep - rateWindow.steps) * 1000) / (now - rateWindow.t);
        stepsPerSecond = stepsPerSecond === 0 ? rate : 0.7 * stepsPerSecond + 0.3 * rate;
        rateWindow = { t: now, steps: globalStep };
      }
      emit({ type: 'step', epoch, step, globalStep, metrics: window, stepsPerSecond,
        etaSeconds: stepsPerSecond > 0 ? (totalSteps - globalStep) / stepsPerSecond : null });
      store.appendMetrics({ kind: 'step', epoch, globalStep, metrics: window });
    };

    for (let epoch = position.epoch; epoch <= totalEpochs; epoch++) {
      const epochStart = Date.now();
      for (const optimizer of Object.values(model.state().optimizers)) {
        setEpochLearningRate(optimizer, epoch, config.training.optimizer.learningRateDecay);
      }
      const order = data ? new Rng(deriveSeed(seed, 0xe90c, epoch)).permutation(data.train.count) : null;
      let lastReport = Date.now();
      for (let step = epoch === position.epoch ? position.step : 0; step < stepsPerEpoch; step++) {
        if (options.signal?.aborted) {
          await report(epoch, step);
          await checkpointAt(epoch, step);
          return finish('stopped', `stopped at epoch ${epoch}, step ${step}`);
        }
        const batch = data && order ? gatherBatch(data.train, order.subarray(step * batchSize, (step + 1) * batchSize)) : null;
        const metrics = model.trainStep(batch, { epoch, step, globalStep, seed: deriveSeed(seed, 0x57e9, globalStep) });
        batch?.x.dispose();
        acc.push(metrics);
        globalStep++;
        if (Date.now() - lastReport >= REPORT_INTERVAL_MS) {
          await report(epoch, step + 1);
          await yieldToEventLoop();
          lastReport = Date.now();
        }
      }
      await report(epoch, stepsPerEpoch);
      const evalSeed = deriveSeed(seed, 0xe7a1);
      const metrics: MetricValues = { ...acc.means(), ...(await model.evaluate(epoch, evalSeed)) };
      const nonFinite = Object.entries(metrics).find(([, v]) => !Number.isFinite(v));
      if (nonFinite) throw new TrainingError(`${nonFinite[0]} became ${nonFinite[1]} in epoch ${epoch}; the last checkpoint is kept.`);
      const durationS = (Date.now() - epochStart) / 1000;
      emit({ type: 'epoch', epoch, metrics, durationS });
      store.appendMetrics({ kind: 'epoch', epoch, globalStep, metrics });
      acc.reset();
      const last = epoch === totalEpochs;
      if (last || epoch % config.training.imagesEveryEpochs === 0) {
        for (const artifact of await model.artifacts(epoch, evalSeed)) {
          const ref = artifact.kind === 'image'
            ? store.writeArtifact(artifact.name, epoch, 'image', await encodePng(artifact.picture))
            : store.writeArtifact(artifact.name, epoch, 'json', artifact.data);
          emit({ type: 'artifact', artifact: ref });
        }
      }
      if (last || epoch % config.training.checkpointEveryEpochs === 0) await checkpointAt(epoch + 1, 0);
      updateSummary({ epochs: epoch, steps: globalStep, metrics });
      await yieldToEventLoop();
    }
    return finish('done');
  } catch (e) {
    if (e instanceof TrainingError) return finish('failed', e.message);
    finish('failed', (e as Error).message);
    throw e;
  } finally {
    model?.dispose();
  }
}
