import { z } from 'zod';
import { defineModel } from '../definition';

export const nadeSchema = z.strictObject({
  type: z.literal('nade'),
  hidden: z.number().int().positive().default(500).describe('Hidden units H (shared by every conditional).'),
  ordering: z.enum(['raster', 'random']).default('raster')
    .describe('Pixel order of the autoregression: raster (row by row) or a fixed random permutation drawn from the run seed.'),
  chunkSize: z.number().int().positive().default(25)
    .describe('Examples per forward/backward pass: activations take chunkSize × pixels × hidden floats (25 → 39 MB each).'),
  samples: z.number().int().min(1).max(400).default(64).describe('Ancestral samples drawn for the samples view.'),
});
export type NadeConfig = z.infer<typeof nadeSchema>;

export const nadeDefinition = defineModel(nadeSchema, {
  title: 'NADE',
  description: 'Neural autoregressive density estimator (Larochelle & Murray 2011): exact likelihood of binary images.',
  defaultData: { source: 'mnist', binarize: 'stochastic' },
  // Adam at 5e-3 reached 135 nats after 80 steps where 1e-3 needed 150 steps for 144; the decay then settles it.
  trainingDefaults: { epochs: 20, batchSize: 100, optimizer: { type: 'adam', learningRate: 5e-3, learningRateDecay: 0.8 } },
  keyMetric: 'testNll',
  examples: [
    {
      file: 'nade-mnist.genlab.json',
      config: {
        name: 'nade-mnist',
        description: 'NADE with 500 hidden units on stochastically binarized MNIST, raster order; exact test NLL in nats.',
        model: { type: 'nade', hidden: 500, ordering: 'raster' },
        data: { source: 'mnist', binarize: 'stochastic' },
        training: { epochs: 20, batchSize: 100, optimizer: { type: 'adam', learningRate: 5e-3, learningRateDecay: 0.8 } },
      },
    },
  ],
});
