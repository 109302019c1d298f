/**
 * Writes the files derived from the config schema: schemas/genlab.schema.json (contributed to
 * VS Code for *.genlab.json IntelliSense) and examples/*.genlab.json (from each model's definition).
 * `npm run schema` after changing a schema; a unit test fails when these files are stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleFiles, jsonSchemaText } from '../src/engine/config/derivedFiles';

const root = join(__dirname, '..');
writeFileSync(join(root, 'schemas', 'genlab.schema.json'), jsonSchemaText());
for (const { file, text } of exampleFiles()) writeFileSync(join(root, 'examples', file), text);
