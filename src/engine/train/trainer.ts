import { basename } from 'node:path';
import type { AdapterInfo, MetricValues, RunSummary, TrainerEvent } from '../../shared/protocol';
import { assertFitsAdapter } from '../backend/memoryLimits';
import { selectBackend } from '../backend/select';
import type { GenlabConfig } from '../config/schema';
import { batchesPerEpoch, gatherBatch, type DataSplits } from '../data/dataset';
import { loadData } from '../data/load';
import { encodePng } from '../images/picture';
import type { GenerativeModel, ModelState } from '../models/model';
import { qualityJudge, type QualityJudge } from '../quality/qualityJudge';
import { modelFactory } from '../models/factories';
import { setEpochLearningRate } from '../nn/optimizers';
import { chooseCheckpoint, latestCheckpointPosition, restoreCheckpoint, saveCheckpoint, type TrainingPosition } from '../runs/checkpoint';
import { DiskFullError } from '../util/diskFull';
import { deriveSeed, Rng } from '../util/rng';
import { InputError, TrainingError } from './errors';
import { MetricAccumulator } from './metricAccumulator';
import { openRun, type RunRecorder } from './runRecorder';

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
  /** Aborting makes the run checkpoint where it is and end as `stopped` (a string reason goes into its message). */
  signal?: AbortSignal;
}

/** How often step metrics are read back, reported and the event loop given a turn (signals, I/O). */
const REPORT_INTERVAL_MS = 250;
/** Models without a data set and no `training.stepsPerEpoch` run this many steps per epoch. */
const DEFAULT_STEPS_PER_EPOCH = 100;

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Trains one run to the end (or until stopped) and returns its summary. Owns everything around
 * the model: backend, data, batching, metrics, artifacts, checkpoints, events and the run folder.
 * The phases: open (or resume) the run, build the model, continue from the checkpoint, then
 * TrainingLoop's steps, epoch ends and checkpoints, and the finish.
 */
export async function train(options: TrainOptions): Promise<RunSummary> {
  const run = openRun(options, options.emit);
  let model: GenerativeModel | null = null;
  let judge: QualityJudge | null = null;
  try {
    const { data, adapter } = await prepare(run, options.configPath ?? run.store.configPath);
    model = await modelFactory(run.config.model.type).create({ model: run.config.model, config: run.config, data });
    if (adapter) assertFitsAdapter(model.state(), run.config.training.batchSize, adapter);
    const start = await resumePosition(run, model.state(), options.resumeDir !== undefined);
    judge = qualityJudge(run.config, data, model);
    return await new TrainingLoop(run, model, judge, data, start, options).run();
  } catch (e) {
    if (e instanceof TrainingError) return run.finish('failed', e.message);
    const error = e instanceof DiskFullError ? e.withHint(`free some space, then: genlab train --resume ${run.store.dir}`) : e;
    run.fail((error as Error).message);
    throw error;
  } finally {
    model?.dispose();
    judge?.dispose();
    run.release();
  }
}

/** Picks the backend and loads the data set (if the model has one), reporting both. */
async function prepare(run: RunRecorder, configFile: string): Promise<{ data: DataSplits | null; adapter?: AdapterInfo }> {
  const backend = await selectBackend(run.config.backend, { threads: run.config.training.threads });
  run.update({ backend: backend.name, adapter: backend.adapter, threads: backend.threads.threads });
  run.emit({ type: 'backend', name: backend.name, tfBackend: backend.tfBackend, skipped: backend.skipped, adapter: backend.adapter,
    threads: backend.threads.threads, threadsReason: backend.threads.reason });
  const data = await loadRunData(run.config, configFile);
  if (data) run.emit({ type: 'data', source: data.source, train: data.train.count, test: data.test.count, skipped: data.skipped, detail: data.detail });
  return { data, adapter: backend.adapter };
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
 * Where training starts: the latest intact checkpoint of a resumed run (its metric rows after that point are
 * dropped, since the steps run again), or the beginning. A damaged checkpoint is passed over with a warning;
 * a run whose checkpoints are all damaged is refused rather than started again over its metrics.
 */
async function resumePosition(run: RunRecorder, state: ModelState, resuming: boolean): Promise<TrainingPosition> {
  const start = { epoch: 1, step: 0, globalStep: 0, epochSums: {}, epochCount: 0 };
  if (!resuming) return start;
  const { dir, damaged } = chooseCheckpoint(run.store.checkpointsDir);
  if (!dir && damaged.length) {
    throw new InputError(`cannot resume ${run.store.dir}: no intact checkpoint (${damaged.join('; ')})`);
  }
  if (!dir) {
    run.emit({ type: 'log', level: 'warn', message: 'no checkpoint was saved yet: starting again from epoch 1' });
    run.store.truncateMetrics(0);
    return start;
  }
  const position = await restoreCheckpoint(dir, state);
  if (damaged.length) {
    run.emit({ type: 'log', level: 'warn', message: `passed over damaged checkpoint data (${damaged.join('; ')}); ` +
      `resuming from ${basename(dir)} (epoch ${position.epoch}, step ${position.step})` });
  }
  run.store.truncateMetrics(position.globalStep);
  return position;
}

/** The reported steps per second: smoothed over windows of at least a second. */
class StepRate {
  perSecond = 0;
  private window: { t: number; steps: number };

  constructor(steps: number) {
    this.window = { t: Date.now(), steps };
  }

  update(steps: number): number {
    const now = Date.now();
    if (now - this.window.t > 1000) {
      const rate = ((steps - this.window.steps) * 1000) / (now - this.window.t);
      this.perSecond = this.perSecond === 0 ? rate : 0.7 * this.perSecond + 0.3 * rate;
      this.window = { t: now, steps };
    }
    return this.perSecond;
  }
}

/** The epochs of a run from its start position: per-step work, reports, epoch ends, checkpoints. */
class TrainingLoop {
  private readonly config: GenlabConfig;
  private readonly state: ModelState;
  private readonly stepsPerEpoch: number;
  private readonly acc: MetricAccumulator;
  private readonly rate: StepRate;
  private globalStep: number;

  constructor(
    private readonly recorder: RunRecorder,
    private readonly model: GenerativeModel,
    private readonly judge: QualityJudge | null,
    private readonly data: DataSplits | null,
    private readonly start: TrainingPosition,
    private readonly options: Pick<TrainOptions, 'resumeDir' | 'signal'>,
  ) {
    this.config = recorder.config;
    this.state = model.state();
    const { batchSize, stepsPerEpoch } = this.config.training;
    this.stepsPerEpoch = data
      ? Math.min(batchesPerEpoch(data.train, batchSize), stepsPerEpoch ?? Infinity)
      : stepsPerEpoch ?? model.stepsPerEpoch ?? DEFAULT_STEPS_PER_EPOCH;
    this.acc = new MetricAccumulator(start.epochSums, start.epochCount);
    this.globalStep = start.globalStep;
    this.rate = new StepRate(start.globalStep);
  }

  async run(): Promise<RunSummary> {
    const { store, config } = this.recorder;
    this.recorder.emit({ type: 'run-started', runId: store.id, runDir: store.dir, model: config.model.type, name: config.name,
      totalEpochs: config.training.epochs, stepsPerEpoch: this.stepsPerEpoch,
      resumedFrom: this.options.resumeDir ? { epoch: this.start.epoch, step: this.start.step } : undefined,
      pid: process.pid, time: new Date().toISOString() });
    this.recorder.update({ status: 'running' });
    for (let epoch = this.start.epoch; epoch <= config.training.epochs; epoch++) {
      const epochStart = Date.now();
      const stoppedAt = await this.trainEpoch(epoch, epoch === this.start.epoch ? this.start.step : 0);
      if (stoppedAt !== null) return this.stop(epoch, stoppedAt);
      await this.endEpoch(epoch, (Date.now() - epochStart) / 1000);
    }
    return this.recorder.finish('done');
  }

  /** Runs the epoch's steps from `firstStep`. Returns the step a stop request came before, or null at the epoch's end. */
  private async trainEpoch(epoch: number, firstStep: number): Promise<number | null> {
    for (const optimizer of Object.values(this.state.optimizers)) {
      setEpochLearningRate(optimizer, epoch, this.config.training.optimizer.learningRateDecay);
    }
    const order = this.data ? new Rng(deriveSeed(this.config.training.seed, 0xe90c, epoch)).permutation(this.data.train.count) : null;
    let lastReport = Date.now();
    for (let step = firstStep; step < this.stepsPerEpoch; step++) {
      if (this.options.signal?.aborted) return step;
      this.trainStep(epoch, step, order);
      if (Date.now() - lastReport >= REPORT_INTERVAL_MS) {
        await this.report(epoch, step + 1);
        await yieldToEventLoop();
        lastReport = Date.now();
      }
    }
    await this.report(epoch, this.stepsPerEpoch);
    return null;
  }

  private trainStep(epoch: number, step: number, order: Uint32Array | null): void {
    const { batchSize, seed } = this.config.training;
    const batch = this.data && order ? gatherBatch(this.data.train, order.subarray(step * batchSize, (step + 1) * batchSize)) : null;
    const metrics = this.model.trainStep(batch, { epoch, step, globalStep: this.globalStep, seed: deriveSeed(seed, 0x57e9, this.globalStep) });
    batch?.x.dispose();
    this.acc.push(metrics);
    this.globalStep++;
  }

  /** Reads pending step metrics and reports their mean over the window (a `step` event and a metrics.jsonl row). */
  private async report(epoch: number, step: number): Promise<void> {
    const window = await this.acc.flush();
    if (!window) return;
    this.assertFinite(window, `at epoch ${epoch}, step ${step}`);
    const stepsPerSecond = this.rate.update(this.globalStep);
    const totalSteps = this.config.training.epochs * this.stepsPerEpoch;
    this.recorder.emit({ type: 'step', epoch, step, globalStep: this.globalStep, metrics: window, stepsPerSecond,
      etaSeconds: stepsPerSecond > 0 ? (totalSteps - this.globalStep) / stepsPerSecond : null });
    this.recorder.store.appendMetrics({ kind: 'step', epoch, globalStep: this.globalStep, metrics: window });
  }

  /** The epoch's means, evaluation and quality metrics, its views every `imagesEveryEpochs`, a checkpoint every `checkpointEveryEpochs`. */
  private async endEpoch(epoch: number, durationS: number): Promise<void> {
    const evalSeed = deriveSeed(this.config.training.seed, 0xe7a1);
    const metrics: MetricValues = { ...this.acc.means(), ...(await this.model.evaluate(epoch, evalSeed)),
      ...(await this.judge?.measure(this.model, deriveSeed(evalSeed, 0x9a1))) };
    this.assertFinite(metrics, `in epoch ${epoch}`);
    this.recorder.emit({ type: 'epoch', epoch, metrics, durationS });
    this.recorder.store.appendMetrics({ kind: 'epoch', epoch, globalStep: this.globalStep, metrics });
    this.acc.reset();
    const last = epoch === this.config.training.epochs;
    if (last || epoch % this.config.training.imagesEveryEpochs === 0) await this.writeArtifacts(epoch, evalSeed);
    if (last || epoch % this.config.training.checkpointEveryEpochs === 0) await this.checkpoint(epoch + 1, 0);
    this.recorder.update({ epochs: epoch, steps: this.globalStep, metrics });
    await yieldToEventLoop();
  }

  private async writeArtifacts(epoch: number, seed: number): Promise<void> {
    for (const artifact of await this.model.artifacts(epoch, seed)) {
      const ref = artifact.kind === 'image'
        ? this.recorder.store.writeArtifact(artifact.name, epoch, 'image', await encodePng(artifact.picture))
        : this.recorder.store.writeArtifact(artifact.name, epoch, 'json', artifact.data);
      this.recorder.emit({ type: 'artifact', artifact: ref });
    }
  }

  /** Saves the position as "next step to run": `(epoch + 1, 0)` at an epoch's end. */
  private async checkpoint(epoch: number, step: number): Promise<void> {
    const dir = await saveCheckpoint(this.recorder.store.checkpointsDir, this.state,
      { epoch, step, globalStep: this.globalStep, epochSums: this.acc.sums, epochCount: this.acc.count },
      this.config.output.keepCheckpoints);
    this.recorder.emit({ type: 'checkpoint', epoch, step, globalStep: this.globalStep, path: dir });
  }

  private async stop(epoch: number, step: number): Promise<RunSummary> {
    await this.report(epoch, step);
    await this.checkpoint(epoch, step);
    // The CLI aborts with why (a signal, a stop line, output nobody reads): worth keeping in the summary.
    const reason = this.options.signal?.reason;
    return this.recorder.finish('stopped', `stopped at epoch ${epoch}, step ${step}${typeof reason === 'string' ? ` (${reason})` : ''}`);
  }

  /** What is on disk to go back to: a run that fails before its first checkpoint has none. */
  private keptCheckpoint(): string {
    const kept = latestCheckpointPosition(this.recorder.store.checkpointsDir);
    if (!kept) return 'No checkpoint was saved yet, so the run cannot be resumed';
    // A checkpoint holds the next step to run: (e + 1, 0) is the end of epoch e.
    const when = kept.step === 0 && kept.epoch > 1 ? `at the end of epoch ${kept.epoch - 1}` : `at epoch ${kept.epoch}, step ${kept.step}`;
    return `The checkpoint saved ${when} is kept`;
  }

  /** Fails the run on a NaN or infinite metric: what comes after would be meaningless, and any checkpoint before it is sound. */
  private assertFinite(metrics: MetricValues, where: string): void {
    const bad = Object.entries(metrics).find(([, v]) => !Number.isFinite(v));
    if (!bad) return;
    throw new TrainingError(`${bad[0]} became ${bad[1]} ${where}. ${this.keptCheckpoint()}; ` +
      `try a lower training.optimizer.learningRate (now ${this.config.training.optimizer.learningRate}).`);
  }
}
