import { readFileSync } from 'node:fs';
import { Rng } from '../../util/rng';

/** Where real samples come from: a categorical with known probabilities, or the symbols of a file. */
export interface SymbolSource {
  /** The distribution the generator should learn. */
  target: number[];
  /** n category indices drawn from the data. */
  draw(n: number, seed: number): Int32Array;
}

/** i.i.d. draws from the categorical `target` by inverting its CDF. */
export function categoricalSource(target: number[]): SymbolSource {
  const cdf = target.map((_, k) => target.slice(0, k + 1).reduce((a, b) => a + b, 0));
  return {
    target,
    draw(n, seed) {
      const rng = new Rng(seed);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng.uniform() * cdf[cdf.length - 1];
        let k = 0;
        while (k < cdf.length - 1 && u >= cdf[k]) k++;
        out[i] = k;
      }
      return out;
    },
  };
}

/** Symbols of a text file (whitespace ignored), drawn uniformly with replacement; its frequencies are the target. */
export function fileSource(path: string, categories: string): SymbolSource {
  const text = readFileSync(path, 'utf8').replace(/\s+/g, '');
  if (text.length === 0) throw new Error(`${path}: no symbols`);
  const symbols = new Int32Array(text.length);
  const counts = new Array<number>(categories.length).fill(0);
  for (let i = 0; i < text.length; i++) {
    const k = categories.indexOf(text[i]);
    if (k < 0) throw new Error(`${path}: symbol "${text[i]}" at position ${i + 1} is not one of the categories "${categories}"`);
    symbols[i] = k;
    counts[k]++;
  }
  return {
    target: counts.map((c) => c / text.length),
    draw(n, seed) {
      const rng = new Rng(seed);
      return Int32Array.from({ length: n }, () => symbols[rng.int(symbols.length)]);
    },
  };
}
