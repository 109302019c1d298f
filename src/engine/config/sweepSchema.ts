import { z } from 'zod';

/**
 * The optional `sweep` section: which config values to vary, how to rank the trials, how many run
 * at once. Each path is a dotted config path, as `--set` takes it (`training.optimizer.learningRate`).
 */

const pathKey = z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'a dotted config path, e.g. training.optimizer.learningRate');

const range = z.tuple([z.number(), z.number()]).refine(([low, high]) => low < high, { message: 'the range must be [low, high] with low < high' });

export const distributionSchema = z.union([
  z.strictObject({ uniform: range.describe('Uniform on [low, high).') }),
  z.strictObject({
    logUniform: range.refine(([low]) => low > 0, { message: 'logUniform needs low > 0' })
      .describe('Uniform in log space on [low, high): learning rates, penalties.'),
  }),
  z.strictObject({ choice: z.array(z.unknown()).min(1).describe('One of these values, each equally likely.') }),
]);
export type Distribution = z.infer<typeof distributionSchema>;

export const sweepSchema = z.strictObject({
  grid: z.record(pathKey, z.array(z.unknown()).min(1)).default({})
    .describe('Path → values: every combination becomes a trial.'),
  random: z.record(pathKey, distributionSchema).default({})
    .describe('Path → {uniform|logUniform: [low, high]} or {choice: [...]}: drawn `trials` times (per grid point).'),
  trials: z.number().int().positive().max(10000).default(8).describe('Random draws (per grid point when there is a grid too).'),
  seed: z.number().int().min(0).default(0).describe('Seed of the random draws: the same seed gives the same trials.'),
  metric: z.string().optional().describe('Metric to rank trials by, from the last epoch (default: the model\'s key metric).'),
  goal: z.enum(['minimize', 'maximize']).default('minimize').describe('Whether a lower or a higher metric is better.'),
  parallel: z.number().int().positive().optional()
    .describe('Trials that train at once (default: the CPU cores, at most the number of trials); --parallel overrides it.'),
}).refine((s) => Object.keys(s.grid).length + Object.keys(s.random).length > 0, { message: 'a sweep needs a grid or a random section' })
  .refine((s) => Object.keys(s.grid).every((p) => !(p in s.random)), { message: 'a path cannot be both in grid and in random' });
export type SweepConfig = z.infer<typeof sweepSchema>;

/** Written by `genlab sweep` into each trial's config: which sweep it belongs to and what it changed. */
export const sweepTrialSchema = z.strictObject({
  sweep: z.string().describe('The sweep folder\'s name.'),
  index: z.number().int().min(0).describe('The trial\'s number, from 0.'),
  overrides: z.record(z.string(), z.unknown()).describe('Path → the value this trial sets.'),
});
export type SweepTrialInfo = z.infer<typeof sweepTrialSchema>;
