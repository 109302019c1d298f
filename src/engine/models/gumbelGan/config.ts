import { z } from 'zod';
import { temperatureScheduleSchema } from '../../ops/temperatureSchedule';
import { defineModel } from '../definition';
import { unusedWithBothGanRates } from '../ganRates';

const DEFAULT_TARGET = [0.1, 0.2, 0.2, 0.2, 0.3];

export const gumbelGanSchema = z.strictObject({
  type: z.literal('gumbel-gan'),
  categories: z.string().min(2).default('abcde')
    .refine((s) => new Set(s).size === s.length, 'each category (character) may appear once')
    .describe('The categories, one character each.'),
  target: z.array(z.number().positive()).optional()
    .describe(`Target probabilities, one per category, summing to 1 (default ${JSON.stringify(DEFAULT_TARGET)}). Not with dataFile.`),
  dataFile: z.string().optional()
    .describe('A text file of symbols (whitespace ignored), relative to the config: the target is its frequencies and training samples are drawn from it.'),
  temperature: temperatureScheduleSchema.default({ type: 'constant', value: 1 }).describe('Gumbel-softmax temperature τ.'),
  hard: z.boolean().default(true)
    .describe('Straight-through samples: D sees exact one-hot fakes like the real ones; the gradient is the soft sample\'s.'),
  generatorTrainingFactor: z.number().int().positive().default(1).describe('Generator updates per discriminator update.'),
  discriminatorHidden: z.array(z.number().int().positive()).min(1).default([32]).describe('Hidden widths of the MLP discriminator (leakyReLU).'),
  loss: z.enum(['non-saturating', 'minimax']).default('non-saturating').describe('Generator objective.'),
  generatorLearningRate: z.number().positive().optional().describe('Default: training.optimizer.learningRate.'),
  discriminatorLearningRate: z.number().positive().optional().describe('Default: training.optimizer.learningRate.'),
  sampleCount: z.number().int().positive().max(1_000_000).default(1000)
    .describe('Generator samples counted per epoch for the bar chart of counts vs target.'),
}).superRefine((c, ctx) => {
  if (c.target && c.dataFile) ctx.addIssue({ code: 'custom', path: ['dataFile'], message: 'give target or dataFile, not both' });
  const target = c.dataFile ? undefined : c.target ?? (c.categories.length === DEFAULT_TARGET.length ? DEFAULT_TARGET : undefined);
  if (!c.dataFile && !target) {
    ctx.addIssue({ code: 'custom', path: ['target'], message: `${c.categories.length} categories need a target (or a dataFile)` });
  }
  if (target && target.length !== c.categories.length) {
    ctx.addIssue({ code: 'custom', path: ['target'], message: `${target.length} probabilities for ${c.categories.length} categories` });
  }
  if (target && Math.abs(target.reduce((a, b) => a + b, 0) - 1) > 1e-6) {
    ctx.addIssue({ code: 'custom', path: ['target'], message: 'the probabilities must sum to 1' });
  }
});
export type GumbelGanConfig = z.infer<typeof gumbelGanSchema>;

/** The target probabilities a config states (null when they come from its data file). */
export function statedTarget(c: GumbelGanConfig): number[] | null {
  return c.dataFile ? null : c.target ?? DEFAULT_TARGET;
}

export const gumbelGanDefinition = defineModel(gumbelGanSchema, {
  title: 'Categorical GAN (Gumbel-softmax)',
  description: 'Learns a categorical distribution from samples: generator logits → Gumbel-softmax → discriminator.',
  pathFields: ['dataFile'],
  defaultData: null,
  trainingDefaults: { epochs: 20, stepsPerEpoch: 100, batchSize: 256, optimizer: { type: 'adam', learningRate: 1e-3, beta1: 0.5 } },
  unusedTraining: unusedWithBothGanRates,
  keyMetric: 'maxAbsError',
  examples: [
    {
      file: 'gumbel-gan-abcde.genlab.json',
      config: {
        name: 'gumbel-gan-abcde',
        description: 'The blog toy: learn p = [0.1, 0.2, 0.2, 0.2, 0.3] over "abcde" from samples, with straight-through Gumbel-softmax fakes.',
        model: { type: 'gumbel-gan', categories: 'abcde', target: DEFAULT_TARGET, temperature: { type: 'constant', value: 1 }, hard: true, generatorTrainingFactor: 1 },
        training: { epochs: 20, stepsPerEpoch: 100, batchSize: 256, seed: 0 },
      },
    },
  ],
});
