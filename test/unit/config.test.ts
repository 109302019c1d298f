import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../src/engine/config/load';
import { exampleFiles, jsonSchemaText } from '../../src/engine/config/derivedFiles';
import type { ValidationIssue } from '../../src/shared/protocol';
import { useTempDir } from './helpers/tmp';

function issuesOf(text: string, overrides: string[] = []): ValidationIssue[] {
  try {
    parseConfig(text, 'exp.genlab.json', overrides);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return e.issues;
  }
  assert.fail('expected the config to be rejected');
}

describe('config', () => {
  const tmp = useTempDir();

  it('fills every default so a three-line config trains', () => {
    const config = parseConfig('{\n  "model": { "type": "vae" }\n}', '/work/my-vae.genlab.json');
    assert.equal(config.name, 'my-vae');
    assert.equal(config.model.latentDim, 2);
    assert.deepEqual(config.model.hidden, [512, 512]);
    assert.equal(config.data?.source, 'mnist');
    assert.equal(config.training.batchSize, 128);
    assert.equal(config.training.optimizer.learningRate, 1e-3);
    assert.equal(config.backend, 'auto');
  });

  it('names the file, JSON path, line and column of a wrongly typed value', () => {
    const [issue] = issuesOf('{\n  "model": {\n    "type": "vae",\n    "latentDim": "two"\n  }\n}');
    assert.equal(issue.file, 'exp.genlab.json');
    assert.equal(issue.path, 'model.latentDim');
    assert.equal(issue.line, 4);
    assert.equal(issue.column, 18);
    assert.match(issue.message, /expected number/);
  });

  it('rejects unknown keys at the key itself (typos)', () => {
    const issues = issuesOf('{\n  "model": { "type": "vae", "latentDims": 3 },\n  "trainng": {}\n}');
    assert.deepEqual(issues.map((i) => [i.path, i.line, i.column]), [['model.latentDims', 2, 29], ['trainng', 3, 3]]);
    assert.ok(issues.every((i) => /unknown key/.test(i.message)));
  });

  it('rejects an unknown model type, listing the known ones', () => {
    const [issue] = issuesOf('{ "model": { "type": "vea" } }');
    assert.equal(issue.path, 'model.type');
    assert.match(issue.message, /vae/);
  });

  it('reports a missing data folder at data.dir', () => {
    const [issue] = issuesOf('{ "model": { "type": "vae" }, "data": { "source": "image-folder", "dir": "no-such-folder" } }');
    assert.equal(issue.path, 'data.dir');
    assert.match(issue.message, /folder not found: .*no-such-folder/);
  });

  it('resolves a data folder relative to the config file', () => {
    mkdirSync(join(tmp.path, 'faces'));
    const config = parseConfig('{ "model": { "type": "vae" }, "data": { "source": "image-folder", "dir": "faces" } }',
      join(tmp.path, 'x.genlab.json'));
    assert.equal(config.data && 'dir' in config.data ? config.data.dir : '', join(tmp.path, 'faces'));
  });

  it('applies --set overrides before validation, as JSON when they parse', () => {
    const config = parseConfig('{ "model": { "type": "vae" } }', 'x.genlab.json', ['training.epochs=1', 'model.hidden=[64,32]', 'name=quick']);
    assert.equal(config.training.epochs, 1);
    assert.deepEqual(config.model.hidden, [64, 32]);
    assert.equal(config.name, 'quick');
    const [issue] = issuesOf('{ "model": { "type": "vae" } }', ['training.epochs=zero']);
    assert.equal(issue.path, 'training.epochs');
  });

  it('reports JSON syntax errors with their position', () => {
    const [issue] = issuesOf('{\n  "model": { "type": "vae" }\n  "data": {}\n}');
    assert.equal(issue.line, 3);
    assert.match(issue.message, /syntax/);
  });

  it('reports an unreadable file by name', () => {
    assert.throws(() => loadConfig(join(tmp.path, 'missing.genlab.json')), (e: ConfigError) =>
      e.issues[0].file.endsWith('missing.genlab.json') && /cannot read/.test(e.issues[0].message));
  });

  it('keeps schemas/genlab.schema.json and examples/ in step with the schema (npm run schema)', () => {
    const root = join(__dirname, '..', '..');
    assert.equal(readFileSync(join(root, 'schemas', 'genlab.schema.json'), 'utf8'), jsonSchemaText());
    for (const { file, text } of exampleFiles()) {
      assert.equal(readFileSync(join(root, 'examples', file), 'utf8'), text, `examples/${file} is stale`);
    }
  });

  it('the JSON Schema rejects unknown keys like the validator does', () => {
    const schema = JSON.parse(jsonSchemaText()) as { additionalProperties?: boolean };
    assert.equal(schema.additionalProperties, false);
  });
});
