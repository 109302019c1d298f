import { existsSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { ServeInfo, ServeOp } from '../../shared/protocol';
import { selectBackend } from '../backend/select';
import { loadConfig } from '../config/load';
import type { DataSplits } from '../data/dataset';
import { loadData } from '../data/load';
import type { GenerativeModel, ModelExplorer } from '../models/model';
import { modelFactory } from '../models/factories';
import { listCheckpoints, restoreWeights } from '../runs/checkpoint';
import { trainedEpoch } from '../runs/checkpointRetention';
import { RunStore } from '../runs/store';
import { InputError } from '../train/errors';

/** A wrong request: answered as an error reply, the session carries on. */
export class RequestError extends Error {}

/**
 * One trained model of one run, loaded from the checkpoint of a chosen epoch, for `genlab serve`.
 * It only reads: the run's config and checkpoints (never outside the run folder) and its data set.
 */
export class ServeSession {
  private loadedEpoch = 0;

  private constructor(
    readonly store: RunStore,
    readonly modelType: string,
    private readonly data: DataSplits | null,
    private readonly model: GenerativeModel,
    readonly explorer: ModelExplorer,
  ) {}

  static async open(runDir: string): Promise<ServeSession> {
    let store: RunStore;
    try {
      store = RunStore.open(runDir);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    const config = loadConfig(store.configPath);
    await selectBackend(config.backend);
    const data = config.data ? await loadData(config.data) : null;
    const model = await modelFactory(config.model.type).create({ model: config.model, config, data });
    const explorer = model.explorer?.();
    if (!explorer) {
      model.dispose();
      throw new InputError(`${runDir}: a ${config.model.type} model has nothing to serve (no decoder, encoder, conditionals or generator)`);
    }
    const session = new ServeSession(store, config.model.type, data, model, explorer);
    const epochs = session.epochs();
    if (epochs.length === 0) {
      model.dispose();
      throw new InputError(`${runDir} has no epoch checkpoint yet`);
    }
    await session.load(epochs[epochs.length - 1]);
    return session;
  }

  /** The run's test set, for the requests that need images; a model without a data set says so. */
  testSet(): DataSplits['test'] {
    if (!this.data) throw new RequestError(`a ${this.modelType} run has no data set (no test images)`);
    return this.data.test;
  }

  get epoch(): number {
    return this.loadedEpoch;
  }

  /** Epochs with a saved end-of-epoch checkpoint, ascending. */
  epochs(): number[] {
    const epochs = listCheckpoints(this.store.checkpointsDir).map(trainedEpoch).filter((e): e is number => e !== null);
    return [...new Set(epochs)].sort((a, b) => a - b);
  }

  /** Loads the weights saved at the end of `epoch`. */
  async load(epoch: number): Promise<void> {
    this.restore(epoch);
    this.loadedEpoch = epoch;
  }

  /** Runs `f` with the weights of `epoch`, then puts the loaded epoch's back. */
  async withEpoch<T>(epoch: number, f: () => Promise<T>): Promise<T> {
    this.restore(epoch);
    try {
      return await f();
    } finally {
      this.restore(this.loadedEpoch);
    }
  }

  private restore(epoch: number): void {
    const entry = listCheckpoints(this.store.checkpointsDir).find((e) => trainedEpoch(e) === epoch);
    if (!entry) throw new RequestError(`no checkpoint of epoch ${epoch} (saved: ${this.epochs().join(', ') || 'none'})`);
    const dir = this.insideRun(join(this.store.checkpointsDir, entry.name));
    restoreWeights(dir, this.model.state());
  }

  /** The real path of `path`, refused when a link leads it out of the run folder. */
  private insideRun(path: string): string {
    if (!existsSync(path)) throw new RequestError(`${path} was removed (thinned while the run trains?)`);
    const real = realpathSync(path);
    const root = realpathSync(this.store.dir);
    if (!real.startsWith(root + sep)) throw new RequestError(`${path} leads outside the run folder`);
    return real;
  }

  info(): ServeInfo {
    const e = this.explorer;
    const ops: ServeOp[] = ['epochs', 'load', 'info', 'export'];
    if (this.data) ops.push('test-images');
    if (e.decode && e.latent) ops.push('decode', 'interpolate', 'walk');
    if ((e.decode && e.prior) || e.complete) ops.push('sample');
    if (e.encode) ops.push('encode');
    if (e.complete) ops.push('complete');
    if (e.generate) ops.push('generate');
    const test = this.data?.test;
    return { runId: this.store.id, model: this.modelType, latent: e.latent, outputs: e.outputs,
      ...(test ? { image: { width: test.width, height: test.height, channels: test.channels } } : {}),
      testCount: test?.count ?? 0, ops, epoch: this.loadedEpoch };
  }

  dispose(): void {
    this.model.dispose();
  }
}
