import type { ServeImage, ServeInfo } from '../../src/shared/protocol';
import { createButton } from '../components';
import { resultOf, type ExploreRequests } from './exploreRequests';
import { ExplorerBase } from './explorerBase';
import { framesExport } from './framesExport';
import { drawPng, imageCanvas } from './pngCanvas';

const GRID = 16;
const SAMPLE_SIZE = 72;
const FRAME_SIZE = 64;
const INTERPOLATION_FRAMES = 10;

/**
 * The generator explorer of a GAN or InfoGAN run (an InfoGAN's latent is the generator's whole input, its codes
 * too): a grid of samples from random z (re-rolled on demand); pick two and their z are interpolated (slerp, the
 * path that keeps a Gaussian z at its usual length); and one z decoded by every saved epoch's generator, which
 * shows the training itself.
 */
export class GanExplorerCard extends ExplorerBase {
  private readonly grid = document.createElement('div');
  private readonly strip = document.createElement('div');
  private readonly walk = document.createElement('div');
  private note = '';
  private seed = 1;
  private z: number[][] = [];
  private picked: number[] = [];
  /** The pictures now shown, for Export. */
  private shown: Record<'samples' | 'interpolation' | 'walk', ServeImage[]> = { samples: [], interpolation: [], walk: [] };

  constructor(requests: ExploreRequests) {
    super(requests, ['gan', 'infogan'], 'Generator explorer', 'gl-gan-explorer');
    this.grid.className = 'gl-gan-grid';
    this.strip.className = 'gl-interp-strip';
    this.walk.className = 'gl-interp-strip gl-gan-walk';
  }

  protected serves(info: ServeInfo): boolean {
    return info.latent?.kind === 'gaussian';
  }

  protected build(info: ServeInfo): void {
    this.note = `z of ${info.latent!.kind === 'gaussian' ? info.latent!.dim : 0}`;
    this.card.setNote(`epoch ${info.epoch} · ${this.note}`);
    const reroll = createButton({ label: 'Re-roll', title: 'New random z for the grid', onClick: () => void this.sample(this.seed + 1) });
    const walk = createButton({ label: 'Walk over epochs', title: 'The picked sample’s z (the first if none) decoded by every saved epoch',
      onClick: () => void this.walkOverEpochs() });
    const controls = document.createElement('div');
    controls.className = 'gl-toolbar';
    const hint = document.createElement('span');
    hint.className = 'gl-explorer-caption';
    hint.textContent = 'Click two samples to interpolate between their z.';
    controls.append(reroll.element, walk.element, hint);
    const exportOf = (view: keyof typeof this.shown, noun: string, o = {}) => framesExport(this.requests, view, noun, () => this.shown[view], o);
    this.card.body.append(controls, this.grid, exportOf('samples', 'sample grid', { formats: ['png'], across: 8 }),
      this.strip, exportOf('interpolation', 'interpolation'), this.walk, exportOf('walk', 'walk over the epochs'));
    void this.sample(this.seed);
  }

  /** The same z drawn by the generator of the epoch now loaded. */
  protected epochLoaded(epoch: number): void {
    this.card.setNote(`epoch ${epoch} · ${this.note}`);
    void this.sample(this.seed);
  }

  private async sample(seed: number): Promise<void> {
    try {
      const { z, images } = resultOf(await this.requests.ask({ op: 'sample', n: GRID, seed }), 'sample');
      if (!z) throw new Error('the service sent no z with its samples');
      const cells = images.map((image, i) => {
        const canvas = imageCanvas(SAMPLE_SIZE, 'gl-gan-sample');
        canvas.tabIndex = 0;
        canvas.setAttribute('role', 'button');
        canvas.title = `sample ${i + 1}: pick for interpolation`;
        canvas.addEventListener('click', () => void this.pick(i));
        canvas.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && void this.pick(i));
        return { canvas, image };
      });
      await Promise.all(cells.map((c) => drawPng(c.canvas, c.image)));
      this.seed = seed;
      this.z = z;
      this.picked = [];
      this.grid.replaceChildren(...cells.map((c) => c.canvas));
      this.shown.samples = images;
      this.grid.dataset.seed = String(seed);
      this.say('');
    } catch (e) {
      this.say(`Could not sample: ${(e as Error).message}`);
    }
  }

  private async pick(i: number): Promise<void> {
    this.picked = [...this.picked.filter((p) => p !== i), i].slice(-2);
    Array.from(this.grid.children).forEach((c, k) => c.classList.toggle('gl-picked', this.picked.includes(k)));
    if (this.picked.length < 2) return;
    try {
      const [a, b] = this.picked;
      const { images } = resultOf(await this.requests.ask({ op: 'interpolate', from: this.z[a], to: this.z[b],
        frames: INTERPOLATION_FRAMES, mode: 'slerp' }), 'interpolate');
      this.strip.replaceChildren(...await this.frames(images.map((image) => ({ image, title: '' }))));
      this.shown.interpolation = images;
      this.strip.dataset.path = `${a}-${b}`;
    } catch (e) {
      this.say(`Could not interpolate: ${(e as Error).message}`);
    }
  }

  private async walkOverEpochs(): Promise<void> {
    const i = this.picked.at(-1) ?? 0;
    if (!this.z[i]) return;
    try {
      const { epochs, images } = resultOf(await this.requests.ask({ op: 'walk', z: this.z[i] }), 'walk');
      this.walk.replaceChildren(...await this.frames(images.map((image, k) => ({ image, title: `epoch ${epochs[k]}` }))));
      this.shown.walk = images;
      this.walk.dataset.epochs = epochs.join(',');
    } catch (e) {
      this.say(`Could not walk over the epochs: ${(e as Error).message}`);
    }
  }

  /** One small canvas per image, drawn, each with its caption as a tooltip and below it. */
  private async frames(items: { image: Parameters<typeof drawPng>[1]; title: string }[]): Promise<HTMLElement[]> {
    return Promise.all(items.map(async ({ image, title }) => {
      const canvas = imageCanvas(FRAME_SIZE, 'gl-interp-frame');
      await drawPng(canvas, image);
      if (!title) return canvas;
      const figure = document.createElement('figure');
      figure.className = 'gl-gan-walk-frame';
      const caption = document.createElement('figcaption');
      caption.textContent = title;
      figure.append(canvas, caption);
      return figure;
    }));
  }

}
