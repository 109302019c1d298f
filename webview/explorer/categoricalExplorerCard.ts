import type { ServeImage, ServeInfo } from '../../src/shared/protocol';
import { createButton, type Button } from '../components';
import { resultOf, type ExploreRequests } from './exploreRequests';
import { ExplorerBase } from './explorerBase';
import { framesExport } from './framesExport';
import { drawPng, imageCanvas } from './pngCanvas';

const IMAGE_SIZE = 168;
const FRAME_SIZE = 56;

/**
 * The code explorer of a categorical VAE. The code is a grid, one column per categorical variable and one row per
 * class, each variable's class filled: click a cell (or ↑ / ↓ in a focused column) to set that variable's class and
 * the decoded image follows. Beside it, the variable last set swept over all its classes with the others held,
 * which shows what that one variable does. Re-roll draws one variable, or the whole code, from the uniform prior.
 */
export class CategoricalExplorerCard extends ExplorerBase {
  private readonly grid = document.createElement('div');
  private readonly image = imageCanvas(IMAGE_SIZE, 'gl-explorer-image');
  private readonly codeText = document.createElement('p');
  private readonly sweepTitle = document.createElement('h4');
  private readonly sweep = document.createElement('div');
  private rerollOne: Button | null = null;
  private cells: HTMLButtonElement[][] = [];
  private classes = 0;
  /** The class of each variable. */
  private code: number[] = [];
  /** The variable last set or re-rolled: the one the sweep varies. */
  private active = 0;
  private seed = 1;
  private note = '';
  private decodesSent = 0;
  private decodesShown = 0;
  /** The decoded code and its sweep now shown, for Export. */
  private shown: ServeImage[] = [];

  constructor(requests: ExploreRequests) {
    super(requests, 'categorical-vae', 'Code explorer', 'gl-code-explorer');
    this.grid.className = 'gl-code-grid';
    this.grid.setAttribute('role', 'grid');
    this.codeText.className = 'gl-explorer-caption gl-code-text';
    this.sweep.className = 'gl-interp-strip gl-code-sweep';
  }

  protected serves(info: ServeInfo): boolean {
    return info.latent?.kind === 'categorical';
  }

  protected build(info: ServeInfo): void {
    if (info.latent?.kind !== 'categorical') return;
    const { variables, classes } = info.latent;
    this.classes = classes;
    this.note = `${variables} variables × ${classes} classes`;
    this.card.setNote(`epoch ${info.epoch} · ${this.note}`);
    this.grid.style.gridTemplateColumns = `repeat(${variables}, 13px)`;
    // Row by row (one per class), so the grid's columns are the variables.
    this.cells = Array.from({ length: variables }, () => []);
    for (let c = 0; c < classes; c++) {
      for (let v = 0; v < variables; v++) this.grid.append((this.cells[v][c] = this.cell(v, c)));
    }
    const rerollAll = createButton({ label: 'Re-roll all', title: 'A new code from the prior', onClick: () => void this.rerollAll(this.seed + 1) });
    this.rerollOne = createButton({ label: 'Re-roll z1', title: 'A new class for the variable last set', onClick: () => this.rerollActive() });
    const toolbar = document.createElement('div');
    toolbar.className = 'gl-toolbar';
    toolbar.append(rerollAll.element, this.rerollOne.element);
    const caption = document.createElement('p');
    caption.className = 'gl-explorer-caption';
    caption.textContent = `Columns: the variables z1…z${variables}; rows: their classes 0…${classes - 1}. Click a cell, or ↑ / ↓ in a column.`;
    const codeColumn = document.createElement('div');
    codeColumn.className = 'gl-explorer-decoded';
    codeColumn.append(this.grid, caption, toolbar);
    const decoded = document.createElement('div');
    decoded.className = 'gl-explorer-decoded';
    decoded.append(this.image, this.codeText, framesExport(this.requests, 'code', 'decoded code', () => this.shown.slice(0, 1), { formats: ['png'] }));
    const row = document.createElement('div');
    row.className = 'gl-explorer-row';
    row.append(codeColumn, decoded);
    this.card.body.append(row, this.sweepTitle, this.sweep, framesExport(this.requests, 'sweep', 'sweep over the classes', () => this.shown.slice(1)));
    void this.rerollAll(this.seed);
  }

  protected epochLoaded(epoch: number): void {
    this.card.setNote(`epoch ${epoch} · ${this.note}`);
    this.decode();
  }

  private cell(v: number, c: number): HTMLButtonElement {
    const cell = document.createElement('button');
    cell.className = 'gl-code-cell';
    cell.title = `z${v + 1} = ${c}`;
    cell.setAttribute('aria-label', `variable z${v + 1}, class ${c}`);
    cell.addEventListener('click', () => this.set(v, c));
    cell.addEventListener('keydown', (e) => {
      const to = { ArrowUp: [v, c - 1], ArrowDown: [v, c + 1], ArrowLeft: [v - 1, -1], ArrowRight: [v + 1, -1] }[e.key];
      if (!to) return;
      // Handled here: the panel's own ← / → (the epoch slider) must not also move.
      e.preventDefault();
      const [toV, toC] = to;
      if (toV < 0 || toV >= this.code.length) return;
      if (toC === -1) this.cells[toV][this.code[toV]].focus();
      else if (toC >= 0 && toC < this.classes) {
        this.set(toV, toC);
        this.cells[toV][toC].focus();
      }
    });
    return cell;
  }

  /** Sets one variable's class and decodes. */
  private set(variable: number, cls: number): void {
    this.code[variable] = cls;
    this.active = variable;
    this.decode();
  }

  /** A whole code from the prior: the service's own draw, so it is the code its `samples` grid would show. */
  private async rerollAll(seed: number): Promise<void> {
    try {
      const { z } = resultOf(await this.requests.ask({ op: 'sample', n: 1, seed }), 'sample');
      if (!z) throw new Error('the service sent no code with its sample');
      this.seed = seed;
      this.code = this.cells.map((_, v) => argmax(z[0].slice(v * this.classes, (v + 1) * this.classes)));
      this.decode();
    } catch (e) {
      this.say(`Could not sample a code: ${(e as Error).message}`);
    }
  }

  /** The variable last set takes another class, uniformly among the others (so the picture can change). */
  private rerollActive(): void {
    const others = Array.from({ length: this.classes }, (_, c) => c).filter((c) => c !== this.code[this.active]);
    this.set(this.active, others[Math.floor(Math.random() * others.length)]);
  }

  /** Decodes the code and its sweep in one request; only the newest reply is drawn. */
  private decode(): void {
    const code = [...this.code], active = this.active;
    const seq = ++this.decodesSent;
    this.showCode(code, active);
    const sweep = Array.from({ length: this.classes }, (_, c) => code.map((k, v) => (v === active ? c : k)));
    const z = [code, ...sweep].map((codeOf) => codeOf.flatMap((k) => Array.from({ length: this.classes }, (_, c) => (c === k ? 1 : 0))));
    void this.requests.ask({ op: 'decode', z, coalesce: 'code-explorer' }).then(async (reply) => {
      if ('superseded' in reply || seq < this.decodesShown) return;
      if ('error' in reply) return this.say(`Could not decode: ${reply.error}`);
      if (reply.op !== 'decode') return;
      this.decodesShown = seq;
      const [main, ...frames] = reply.images;
      this.shown = reply.images;
      await Promise.all([drawPng(this.image, main), this.showSweep(frames, code, active)]);
      this.image.dataset.code = code.join(',');
      // Set last: the picture, the code and the sweep all show this decode.
      this.image.dataset.decoded = String(seq);
      this.say('');
    });
  }

  private showCode(code: number[], active: number): void {
    this.cells.forEach((column, v) => column.forEach((cell, c) => {
      const on = code[v] === c;
      cell.setAttribute('aria-pressed', String(on));
      cell.classList.toggle('gl-active-variable', v === active);
      // One tab stop per variable: its chosen class.
      cell.tabIndex = on ? 0 : -1;
    }));
    this.codeText.textContent = `code (${code.join(' ')})`;
    this.rerollOne?.element.replaceChildren(`Re-roll z${active + 1}`);
  }

  private async showSweep(images: ServeImage[], code: number[], active: number): Promise<void> {
    this.sweepTitle.textContent = `z${active + 1} over its ${images.length} classes, the other variables held`;
    const frames = await Promise.all(images.map(async (image, c) => {
      const canvas = imageCanvas(FRAME_SIZE, c === code[active] ? 'gl-interp-original' : 'gl-interp-frame');
      await drawPng(canvas, image);
      const figure = document.createElement('figure');
      figure.className = 'gl-code-sweep-frame';
      const caption = document.createElement('figcaption');
      caption.textContent = `z${active + 1} = ${c}`;
      figure.append(canvas, caption);
      return figure;
    }));
    this.sweep.replaceChildren(...frames);
    this.sweep.dataset.variable = String(active);
  }
}

function argmax(values: number[]): number {
  return values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
}
