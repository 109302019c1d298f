import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '../../src/engine/config/load';
import { Rng } from '../../src/engine/util/rng';
import { ROOT } from './helpers/cli';

/** Every leaf of a JSON value with its path. */
function leaves(value: unknown, path: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [path, ...entries.flatMap(([k, v]) => leaves(v, [...path, k]))];
}

function setAt(root: unknown, path: string[], replace: (old: unknown) => unknown | undefined): unknown {
  const copy = structuredClone(root) as Record<string, unknown>;
  if (path.length === 0) return replace(copy);
  let node = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  const next = replace(node[last]);
  if (next === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = next;
  return copy;
}

/** What a user might write by mistake in place of a value. */
const VALUE_MUTATIONS: ((old: unknown) => unknown | undefined)[] = [
  () => undefined, () => null, () => -1, () => 0, () => 1e30, () => 0.5, () => 'x', () => '', () => [], () => ({}), () => true,
  (old) => (typeof old === 'number' ? String(old) : old), (old) => (Array.isArray(old) ? [...old, ...old, ...old] : [old]),
];

/**
 * Config fuzz: every example config mutated at every value (removed, null, negative, zero, huge, fractional, a string,
 * empty, the wrong container, a boolean, a number as text, an array) and as text (cut short, a stray character),
 * thousands of mutants. Each either validates or is refused with a ConfigError whose every issue names the file,
 * a line and column inside it and says why — never another exception.
 */
describe('config fuzz', function () {
  this.timeout(120000);

  it('every mutant of every example validates or is refused with file:line:column issues', () => {
    const rng = new Rng(2026);
    const problems: string[] = [];
    let mutants = 0, refused = 0;
    for (const name of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.genlab.json'))) {
      const file = join(ROOT, 'examples', name);
      const text = readFileSync(file, 'utf8');
      const json = JSON.parse(text) as unknown;
      const texts: string[] = [];
      for (const path of leaves(json)) {
        for (const mutate of VALUE_MUTATIONS) {
          const mutated = setAt(json, path, mutate);
          if (mutated !== undefined) texts.push(JSON.stringify(mutated, null, 2));
        }
      }
      for (let i = 0; i < 40; i++) {
        const at = rng.int(text.length);
        texts.push(text.slice(0, at), text.slice(0, at) + '{}[],:"\\x'[rng.int(10)] + text.slice(at));
      }
      for (const mutant of texts) {
        mutants++;
        const lines = mutant.split('\n').length;
        try {
          parseConfig(mutant, file);
        } catch (e) {
          refused++;
          if (!(e instanceof ConfigError)) {
            problems.push(`${name}: ${(e as Error).name}: ${(e as Error).message.slice(0, 160)} for ${mutant.slice(0, 120).replace(/\s+/g, ' ')}`);
            continue;
          }
          for (const issue of e.issues) {
            const placed = issue.file === file && issue.line >= 1 && issue.line <= lines + 1 && issue.column >= 1;
            if (!placed || !issue.message) problems.push(`${name}: badly placed issue ${JSON.stringify(issue)}`);
          }
        }
      }
    }
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} of ${mutants} mutants`);
    assert.ok(refused > mutants / 2, `only ${refused} of ${mutants} mutants refused: the mutations do not bite`);
    console.log(`      ${mutants} mutants: ${refused} refused with placed issues, ${mutants - refused} valid`);
  });
});
