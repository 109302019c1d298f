import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_DEFINITIONS } from '../../src/engine/models/definitions';
import { MODEL_FACTORIES, modelFactory } from '../../src/engine/models/factories';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** The config side (definitions.ts) and the trainable side (factories.ts) list the same models. */
describe('model registration', () => {
  it('every definition has a trainable factory, and every factory a definition', () => {
    const defined = MODEL_DEFINITIONS.map((d) => d.type).sort();
    assert.deepEqual(MODEL_FACTORIES.map((f) => f.type).sort(), defined);
    assert.equal(new Set(defined).size, defined.length, 'a model type is defined twice');
    for (const type of defined) assert.equal(modelFactory(type).type, type);
    assert.throws(() => modelFactory('no-such-model'), /no trainable model registered for type "no-such-model"/);
  });

  // The whole example is validated against the schema by config.test.ts (it must equal what `npm run schema`
  // writes); loading it here would also need its data folder.
  it('every definition has an example in examples/ whose model section validates as that model', () => {
    for (const definition of MODEL_DEFINITIONS) {
      assert.ok(definition.examples.length > 0, `${definition.type} has no example`);
      for (const example of definition.examples) {
        const file = join(EXAMPLES, example.file);
        assert.ok(existsSync(file), `examples/${example.file} (${definition.type}) is missing: npm run schema`);
        const model = (JSON.parse(readFileSync(file, 'utf8')) as { model: unknown }).model;
        const parsed = definition.schema.safeParse(model);
        assert.ok(parsed.success, `examples/${example.file}: ${parsed.error?.message}`);
      }
    }
  });
});
