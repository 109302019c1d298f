import { z } from 'zod';
import { MODEL_DEFINITIONS } from '../models/definitions';
import { configSchema } from './schema';

/** The JSON Schema of a `*.genlab.json` document, as committed in schemas/genlab.schema.json. */
export function jsonSchemaText(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return JSON.stringify({ ...schema, title: 'GenLab experiment config', $id: 'https://genlab.dev/genlab.schema.json' }, null, 2) + '\n';
}

/** Every model's example configs, as committed in examples/. */
export function exampleFiles(): { file: string; text: string }[] {
  return MODEL_DEFINITIONS.flatMap((d) => d.examples.map((e) => ({
    file: e.file,
    text: JSON.stringify({ $schema: '../schemas/genlab.schema.json', ...e.config }, null, 2) + '\n',
  })));
}
