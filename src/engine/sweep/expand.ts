import type { Distribution, SweepConfig } from '../config/sweepSchema';
import { Rng } from '../util/rng';

/** One trial of a sweep: its number and the config values it sets (dotted path → value). */
export interface Trial {
  index: number;
  overrides: Record<string, unknown>;
}

/** Every combination of the grid's values, the first path varying slowest. */
function gridPoints(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [path, values] of Object.entries(grid)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })));
  }
  return points;
}

function draw(rng: Rng, d: Distribution): unknown {
  if ('uniform' in d) return d.uniform[0] + rng.uniform() * (d.uniform[1] - d.uniform[0]);
  if ('logUniform' in d) {
    const [low, high] = d.logUniform.map(Math.log);
    return Math.exp(low + rng.uniform() * (high - low));
  }
  return d.choice[rng.int(d.choice.length)];
}

/** `trials` draws of every random path, in the section's order, from one generator seeded by `seed`. */
function randomPoints(random: Record<string, Distribution>, trials: number, seed: number): Record<string, unknown>[] {
  const entries = Object.entries(random);
  if (entries.length === 0) return [{}];
  const rng = new Rng(seed);
  return Array.from({ length: trials }, () => Object.fromEntries(entries.map(([path, d]) => [path, draw(rng, d)])));
}

/**
 * The sweep's trials: the grid's combinations, each crossed with the random draws when both are
 * given. The same section and seed always give the same trials in the same order.
 */
export function expandSweep(sweep: SweepConfig): Trial[] {
  const random = randomPoints(sweep.random, sweep.trials, sweep.seed);
  return gridPoints(sweep.grid)
    .flatMap((g) => random.map((r) => ({ ...g, ...r })))
    .map((overrides, index) => ({ index, overrides }));
}

/** `--set` strings for a trial's overrides (values as JSON, which `--set` reads back exactly). */
export function overrideStrings(overrides: Record<string, unknown>): string[] {
  return Object.entries(overrides).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}

/** The swept paths, in the order the table shows them. */
export function sweptPaths(sweep: SweepConfig): string[] {
  return [...Object.keys(sweep.grid), ...Object.keys(sweep.random)];
}
