import { z } from 'zod';
import { defineModel } from '../definition';

export const classifierSchema = z.strictObject({
  type: z.literal('classifier'),
});
export type ClassifierConfig = z.infer<typeof classifierSchema>;

const training = { epochs: 12, batchSize: 64, seed: 0, optimizer: { type: 'adam', learningRate: 1e-3, learningRateDecay: 0.8 } } as const;

export const classifierDefinition = defineModel(classifierSchema, {
  title: 'Digit classifier (quality metrics)',
  description: 'The LeNet-sized convnet whose features the quality metrics (FID, class coverage, conditional accuracy) use; ' +
    'scripts/train-classifiers.sh trains the shipped weights with this model.',
  defaultData: { source: 'mnist' },
  trainingDefaults: training,
  keyMetric: 'testError',
  examples: [
    {
      file: 'classifier-mnist.genlab.json',
      config: {
        name: 'classifier-mnist',
        description: 'The quality metrics\' MNIST classifier: conv 5×5×16, pool, conv 5×5×32, pool, 128 ReLU features, 10 logits; Adam 1e-3 decaying by 0.8 an epoch.',
        model: { type: 'classifier' },
        data: { source: 'mnist' },
        training,
      },
    },
    {
      file: 'classifier-fashion-mnist.genlab.json',
      config: {
        name: 'classifier-fashion-mnist',
        description: 'The quality metrics\' Fashion-MNIST classifier: the same network and training as classifier-mnist.',
        model: { type: 'classifier' },
        data: { source: 'fashion-mnist' },
        training,
      },
    },
  ],
});
