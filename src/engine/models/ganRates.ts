import type { UnusedSetting } from './definition';

/** training.optimizer.learningRate is only the default of a GAN's two learning rates: with both set, nothing uses it. */
export function unusedWithBothGanRates(model: { generatorLearningRate?: number; discriminatorLearningRate?: number }): UnusedSetting[] {
  if (model.generatorLearningRate === undefined || model.discriminatorLearningRate === undefined) return [];
  return [{ path: 'optimizer.learningRate',
    reason: 'not used: model.generatorLearningRate and model.discriminatorLearningRate both replace it (remove one of the three)' }];
}
