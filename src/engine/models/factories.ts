import type { ModelFactory } from './model';
import { aaeFactory } from './aae/model';
import { acganFactory } from './acgan/model';
import { categoricalVaeFactory } from './categoricalVae/model';
import { classifierFactory } from './classifier/model';
import { cvaeFactory } from './cvae/model';
import { ganFactory } from './gan/model';
import { gan1dFactory } from './gan1d/model';
import { gumbelGanFactory } from './gumbelGan/model';
import { infoganFactory } from './infogan/model';
import { mcmcFactory } from './mcmc/model';
import { nadeFactory } from './nade/model';
import { pixelCnnFactory } from './pixelcnn/model';
import { vaeFactory } from './vae/model';

/** The trainable side of every model, by `model.type`: loads tfjs (the config side is ./definitions.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each factory takes its own config type
export const MODEL_FACTORIES: readonly ModelFactory<any>[] = [vaeFactory, aaeFactory, mcmcFactory, nadeFactory, pixelCnnFactory, ganFactory, gan1dFactory, gumbelGanFactory, categoricalVaeFactory, infoganFactory, acganFactory, cvaeFactory, classifierFactory];

export function modelFactory(type: string): ModelFactory<unknown> {
  const factory = MODEL_FACTORIES.find((f) => f.type === type);
  if (!factory) throw new Error(`no trainable model registered for type "${type}"`);
  return factory;
}
