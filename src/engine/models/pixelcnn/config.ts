import { z } from 'zod';
import { defineModel } from '../definition';

const oddKernel = z.number().int().min(1).max(15).refine((k) => k % 2 === 1, 'must be odd');

export const pixelCnnSchema = z.strictObject({
  type: z.literal('pixelcnn'),
  channels: z.number().int().positive().default(32).describe('Feature maps of every masked convolution.'),
  layers: z.number().int().min(0).default(5).describe('Type-B masked convolutions after the first (type-A) one.'),
  firstKernel: oddKernel.default(7).describe('Kernel size of the first masked convolution (type A: it excludes the pixel it predicts).'),
  kernelSize: oddKernel.default(3).describe('Kernel size of the type-B masked convolutions.'),
  residual: z.boolean().default(true).describe('Add each type-B layer\'s output to its input (h ← h + conv(relu(h))) rather than replacing it.'),
  samples: z.number().int().min(1).max(256).default(36)
    .describe('Ancestral samples drawn for the samples view each epoch, one pixel at a time (each image costs about one forward pass).'),
});
export type PixelCnnConfig = z.infer<typeof pixelCnnSchema>;

export const pixelCnnDefinition = defineModel(pixelCnnSchema, {
  title: 'PixelCNN',
  description: 'PixelCNN (van den Oord et al. 2016): masked convolutions, exact likelihood of binary images.',
  defaultData: { source: 'mnist', binarize: 'stochastic' },
  trainingDefaults: { epochs: 1, batchSize: 64, optimizer: { type: 'adam', learningRate: 2e-3 } },
  keyMetric: 'testNll',
  examples: [
    {
      file: 'pixelcnn-mnist.genlab.json',
      config: {
        name: 'pixelcnn-mnist',
        description: 'PixelCNN (a 7×7 type-A and five residual 3×3 type-B masked convolutions, 32 channels) on stochastically binarized MNIST; exact test NLL in nats.',
        model: { type: 'pixelcnn', channels: 32, layers: 5, firstKernel: 7, kernelSize: 3, residual: true },
        data: { source: 'mnist', binarize: 'stochastic' },
        training: { epochs: 1, batchSize: 64, optimizer: { type: 'adam', learningRate: 2e-3 } },
      },
    },
  ],
});
