import type { ServeImage, ServeInfo } from '../../src/shared/protocol';
import { createButton, createChoice, createNumberField, type Choice, type NumberField } from '../components';
import { resultOf, type ExploreRequests } from './exploreRequests';
import { ExplorerBase } from './explorerBase';
import { framesExport } from './framesExport';
import { drawPng, imageCanvas } from './pngCanvas';

const COMPLETIONS = 8;
const IMAGE_SIZE = 112;
const FRAME_SIZE = 84;

/** Which part of the test image is kept; the model samples the rest, pixel by pixel in its order. */
type Half = 'top' | 'left' | 'bottom' | 'right';
type Kept = Half | 'unpainted';
const KEPT: { value: Kept; label: string }[] = [
  { value: 'top', label: 'top half' }, { value: 'left', label: 'left half' },
  { value: 'bottom', label: 'bottom half' }, { value: 'right', label: 'right half' },
  { value: 'unpainted', label: 'all but what you paint' },
];
/** The brush: this many image pixels either side of the pointer's. */
const BRUSH = 1;

/** 1 where the model samples, 0 where the test image's pixel is kept (row-major). */
export function completionMask(width: number, height: number, kept: Half): number[] {
  return Array.from({ length: width * height }, (_, i) => {
    const row = Math.floor(i / width), column = i % width;
    const keep = kept === 'top' ? row < height / 2 : kept === 'bottom' ? row >= height / 2 : kept === 'left' ? column < width / 2 : column >= width / 2;
    return keep ? 0 : 1;
  });
}

/** The grey values of a model's PNG in [0, 1], row-major (single channel: the red channel of the decoded image). */
async function pixelsOf(image: ServeImage): Promise<number[]> {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const bytes = Uint8Array.from(atob(image.png), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, image.width, image.height).data;
  return Array.from({ length: image.width * image.height }, (_, i) => rgba[4 * i] / 255);
}

/**
 * Completion for an autoregressive run (NADE): keep part of a test image and let the model draw the rest,
 * several times, each completion with its exact log-likelihood under the model.
 */
export class NadeExplorerCard extends ExplorerBase {
  private readonly original = imageCanvas(IMAGE_SIZE, 'gl-explorer-image gl-nade-original');
  private readonly results = document.createElement('div');
  /** The test images' size (every completion is of one). */
  private size = { width: 0, height: 0 };
  private again: () => void = () => undefined;
  /** The test image and its completions now shown, for Export. */
  private shown: ServeImage[] = [];
  private testImage: ServeImage | null = null;
  /** 1 where the user painted over the test image: the part to sample when keeping "all but what you paint". */
  private painted: number[] = [];
  private kept: Choice<Kept> | null = null;

  constructor(requests: ExploreRequests) {
    super(requests, 'nade', 'Completion', 'gl-nade-explorer');
    this.results.className = 'gl-interp-strip gl-nade-completions';
  }

  protected serves(info: ServeInfo): boolean {
    return info.ops.includes('complete') && info.image !== undefined;
  }

  protected build(info: ServeInfo): void {
    this.size = info.image!;
    this.card.setNote(`epoch ${info.epoch}`);
    const last = Math.max(0, info.testCount - 1);
    const index: NumberField = createNumberField({ label: 'test image', value: 0, min: 0, max: last });
    const kept = (this.kept = createChoice<Kept>({ label: 'keep', value: 'top', options: KEPT, onChange: () => void this.showTestImage() }));
    this.painted = new Array<number>(this.size.width * this.size.height).fill(0);
    this.again = () => void this.complete(index.value(), kept.value());
    const run = createButton({ label: 'Complete', appearance: 'primary', onClick: this.again });
    const clear = createButton({ label: 'Clear paint', title: 'Unpaint the test image', onClick: () => {
      this.painted.fill(0);
      void this.showTestImage();
    } });
    const controls = document.createElement('div');
    controls.className = 'gl-toolbar';
    controls.append(index.element, kept.element, run.element, clear.element);
    this.original.addEventListener('pointerdown', (e) => {
      this.original.setPointerCapture(e.pointerId);
      this.paint(e);
    });
    this.original.addEventListener('pointermove', (e) => e.buttons & 1 && this.paint(e));
    const row = document.createElement('div');
    row.className = 'gl-explorer-row';
    const left = document.createElement('div');
    left.className = 'gl-explorer-decoded';
    const caption = document.createElement('p');
    caption.className = 'gl-explorer-caption';
    caption.textContent = 'The test image; the shaded part is sampled. Paint over it to choose the part yourself.';
    left.append(this.original, caption);
    row.append(left, this.results);
    this.card.body.append(controls, row, framesExport(this.requests, 'completions', 'test image and its completions', () => this.shown,
      { formats: ['png'] }));
    this.again();
  }

  /** Completions by the model of the epoch now loaded. */
  protected epochLoaded(epoch: number): void {
    this.card.setNote(`epoch ${epoch}`);
    this.again();
  }

  /** The part the model samples: a half, or what the user painted. */
  private mask(kept: Kept): number[] {
    const { width, height } = this.size;
    return kept === 'unpainted' ? [...this.painted] : completionMask(width, height, kept);
  }

  /** Paints the pixels under the brush as "to sample", and switches to keeping all but the painted part. */
  private paint(e: PointerEvent): void {
    const { width, height } = this.size;
    const x = Math.floor((e.offsetX / this.original.clientWidth) * width), y = Math.floor((e.offsetY / this.original.clientHeight) * height);
    let changed = false;
    for (let row = y - BRUSH; row <= y + BRUSH; row++) {
      for (let column = x - BRUSH; column <= x + BRUSH; column++) {
        if (row < 0 || row >= height || column < 0 || column >= width || this.painted[row * width + column]) continue;
        this.painted[row * width + column] = 1;
        changed = true;
      }
    }
    if (!changed) return;
    if (this.kept?.value() !== 'unpainted') this.kept?.setOptions(KEPT, 'unpainted');
    void this.showTestImage();
  }

  /** The test image with the part to sample shaded. */
  private async showTestImage(): Promise<void> {
    if (!this.testImage || !this.kept) return;
    const mask = this.mask(this.kept.value());
    await drawPng(this.original, this.testImage);
    this.shade(mask, this.testImage.width, this.testImage.height);
    this.original.dataset.mask = mask.join('');
  }

  private async complete(index: number, kept: Kept): Promise<void> {
    const mask = this.mask(kept);
    if (!mask.includes(1)) return this.say('Paint over the part of the test image the model should draw, then Complete.');
    try {
      [this.testImage] = resultOf(await this.requests.ask({ op: 'test-images', indices: [index] }), 'test-images').images;
      const image = this.testImage;
      await this.showTestImage();
      const { images, logLikelihoods } = resultOf(await this.requests.ask({ op: 'complete', pixels: await pixelsOf(image), mask,
        n: COMPLETIONS, seed: index + 1 }), 'complete');
      const frames = await Promise.all(images.map(async (completion, k) => {
        const canvas = imageCanvas(FRAME_SIZE, 'gl-interp-frame');
        await drawPng(canvas, completion);
        const figure = document.createElement('figure');
        figure.className = 'gl-gan-walk-frame';
        const text = document.createElement('figcaption');
        text.textContent = `log p = ${logLikelihoods[k].toFixed(1)}`;
        figure.append(canvas, text);
        return figure;
      }));
      this.results.replaceChildren(...frames);
      this.shown = [image, ...images];
      this.results.dataset.completed = `${index}-${kept}`;
      this.say('');
    } catch (e) {
      this.say(`Could not complete: ${(e as Error).message}`);
    }
  }

  /** Shades the part of the shown test image that the model samples. */
  private shade(mask: number[], width: number, height: number): void {
    const ctx = this.original.getContext('2d')!;
    const sx = this.original.width / width, sy = this.original.height / height;
    ctx.fillStyle = 'rgba(80, 140, 255, 0.35)';
    mask.forEach((free, i) => free && ctx.fillRect((i % width) * sx, Math.floor(i / width) * sy, sx, sy));
  }

}
