import { Rng } from '../util/rng';
import type { TransitionKernel } from './samplers';

export interface ChainSetOptions {
  kernel: TransitionKernel;
  /** Parameters per draw (K coins). */
  dimension: number;
  chains: number;
  /** Iterations per chain, burn-in included. */
  iterations: number;
  /** Iterations at the start of each chain left out of the estimates. */
  burnIn: number;
  /** Keep every `thin`-th iteration. */
  thin: number;
  /** Where each chain starts (one θ per chain). */
  starts: Float64Array[];
  /** Points of each chain's path to keep for the path view (every move of a Gibbs sweep counts). */
  pathLength: number;
}

/** Everything needed to continue a chain set exactly, as plain JSON (draws as base64 float64). */
export interface ChainSetSnapshot {
  iteration: number;
  theta: number[][];
  accepted: number[];
  draws: string[];
  paths: number[][];
}

/**
 * Several chains of one kernel, run in lockstep chunks. Every iteration's thinned draw is kept (burn-in
 * too, so the trace can show it); `keptStart` says where the estimates start.
 */
export class ChainSet {
  readonly theta: Float64Array[];
  /** Per chain, stored draws as [draw][k] rows, row-major. */
  readonly draws: Float64Array[];
  readonly accepted: number[];
  /** Per chain, the first `pathLength` points visited, flattened [point][k]. */
  readonly paths: number[][];
  /** Iterations done per chain. */
  iteration = 0;

  constructor(readonly options: ChainSetOptions) {
    const { chains, dimension, iterations, thin, starts } = options;
    if (starts.length !== chains) throw new Error(`${starts.length} starting points for ${chains} chains`);
    this.theta = starts.map((s) => Float64Array.from(s));
    this.draws = Array.from({ length: chains }, () => new Float64Array(Math.floor(iterations / thin) * dimension));
    this.accepted = new Array<number>(chains).fill(0);
    this.paths = starts.map((s) => Array.from(s));
  }

  get dimension(): number {
    return this.options.dimension;
  }

  get done(): boolean {
    return this.iteration >= this.options.iterations;
  }

  /** Draws stored so far per chain (iteration t is stored when (t + 1) is a multiple of `thin`). */
  get stored(): number {
    return Math.floor(this.iteration / this.options.thin);
  }

  /** Index of the first stored draw past burn-in. */
  get keptStart(): number {
    return Math.ceil((this.options.burnIn + 1) / this.options.thin) - 1;
  }

  /** The iteration (0-based) a stored draw came from. */
  iterationOf(draw: number): number {
    return (draw + 1) * this.options.thin - 1;
  }

  /**
   * Runs every chain up to `until` iterations (capped at the total). Chain c draws from `seedOf(c)`,
   * so a chunk is the same whether the run was resumed or not.
   */
  advance(until: number, seedOf: (chain: number) => number): { iterations: number; accepted: number } {
    const { kernel, dimension, thin, pathLength } = this.options;
    const end = Math.min(until, this.options.iterations);
    const start = this.iteration;
    let acceptedInChunk = 0;
    for (let c = 0; c < this.theta.length; c++) {
      const rng = new Rng(seedOf(c));
      const theta = this.theta[c];
      const draws = this.draws[c];
      const path = this.paths[c];
      const record = (t: Float64Array) => {
        if (path.length < pathLength * dimension) for (let k = 0; k < dimension; k++) path.push(t[k]);
      };
      let accepted = 0;
      for (let t = start; t < end; t++) {
        const onMove = path.length < pathLength * dimension ? record : undefined;
        if (kernel.iterate(theta, rng, onMove)) accepted++;
        if ((t + 1) % thin === 0) {
          // A plain loop: cheaper than TypedArray.set for a handful of values.
          const at = ((t + 1) / thin - 1) * dimension;
          for (let k = 0; k < dimension; k++) draws[at + k] = theta[k];
        }
      }
      this.accepted[c] += accepted;
      acceptedInChunk += accepted;
    }
    this.iteration = Math.max(start, end);
    return { iterations: Math.max(0, end - start), accepted: acceptedInChunk };
  }

  /** Stored draws of parameter k for every chain, from draw `from` on. */
  parameterDraws(k: number, from = this.keptStart): Float64Array[] {
    const d = this.dimension;
    const to = this.stored;
    return this.draws.map((draws) => {
      const out = new Float64Array(Math.max(0, to - from));
      for (let i = from; i < to; i++) out[i - from] = draws[i * d + k];
      return out;
    });
  }

  /** Share of accepted proposals over all iterations so far. */
  acceptanceRate(): number {
    const total = this.iteration * this.theta.length;
    return total === 0 ? 0 : this.accepted.reduce((a, b) => a + b, 0) / total;
  }

  snapshot(): ChainSetSnapshot {
    const used = this.stored * this.dimension;
    return {
      iteration: this.iteration,
      theta: this.theta.map((t) => Array.from(t)),
      accepted: [...this.accepted],
      draws: this.draws.map((d) => Buffer.from(d.buffer, d.byteOffset, used * 8).toString('base64')),
      paths: this.paths.map((p) => [...p]),
    };
  }

  restore(s: ChainSetSnapshot): void {
    if (s.theta.length !== this.theta.length) throw new Error(`snapshot has ${s.theta.length} chains, the config ${this.theta.length}`);
    this.iteration = s.iteration;
    s.theta.forEach((t, c) => this.theta[c].set(t));
    s.accepted.forEach((a, c) => (this.accepted[c] = a));
    s.draws.forEach((b64, c) => {
      const bytes = Buffer.from(b64, 'base64');
      // Copy through a fresh buffer: Buffer's own memory need not be 8-byte aligned.
      this.draws[c].set(new Float64Array(new Uint8Array(bytes).buffer));
    });
    s.paths.forEach((p, c) => this.paths[c].splice(0, this.paths[c].length, ...p));
  }
}
