import { aaeDefinition } from './aae/config';
import { acganDefinition } from './acgan/config';
import { categoricalVaeDefinition } from './categoricalVae/config';
import { classifierDefinition } from './classifier/config';
import { cvaeDefinition } from './cvae/config';
import { ganDefinition } from './gan/config';
import { gan1dDefinition } from './gan1d/config';
import { gumbelGanDefinition } from './gumbelGan/config';
import { infoganDefinition } from './infogan/config';
import { mcmcDefinition } from './mcmc/config';
import { nadeDefinition } from './nade/config';
import { pixelCnnDefinition } from './pixelcnn/config';
import { vaeDefinition } from './vae/config';
import type { ModelDefinition } from './definition';

/**
 * Every model GenLab knows, config side only: schemas, defaults, examples, no tfjs (the extension host
 * loads this). The trainable side is ./factories.ts. Adding a model: a folder with `config.ts` and
 * `model.ts`, one line here and one there (test/unit/modelRegistration.test.ts checks they match).
 */
export const MODEL_DEFINITIONS: readonly ModelDefinition[] = [vaeDefinition, aaeDefinition, mcmcDefinition, nadeDefinition, pixelCnnDefinition, ganDefinition, gan1dDefinition, gumbelGanDefinition, categoricalVaeDefinition, infoganDefinition, acganDefinition, cvaeDefinition, classifierDefinition];

export function modelDefinition(type: string): ModelDefinition | undefined {
  return MODEL_DEFINITIONS.find((d) => d.type === type);
}
