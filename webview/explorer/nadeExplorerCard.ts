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
/** What the brush does: mark pixels for the model to sample, or draw ink (kept) into the image. */
type Brush = 'hide' | 'ink';
const BRUSHES: { value: Brush; label: string }[] = [{ value: 'hide', label: 'hide (model draws it)' }, { value: 'ink', label: 'ink (your strokes)' }];
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

/** Grey values in [0, 1], row-major, on a canvas of the image's own size. */
function pixelsCanvas(pixels: number[], width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const data = new ImageData(width, height);
  pixels.forEach((v, i) => {
    data.data.fill(Math.round(v * 255), 4 * i, 4 * i + 3);
    data.data[4 * i + 3] = 255;
  });
  canvas.getContext('2d')!.putImageData(data, 0, 0);
  return canvas;
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
 * Completion for an autoregressive run (NADE): keep part of a test image, or of a digit drawn by hand, and let the
 * model draw the rest, several times, each completion with its exact log-likelihood under the model.
 */
export class NadeExplorerCard extends ExplorerBase {
  private readonly original = imageCanvas(IMAGE_SIZE, 'gl-explorer-image gl-nade-original');
  private readonly results = document.createElement('div');
  /** The test images' size (every completion is of one). */
  private size = { width: 0, height: 0 };
  private again: () => void = () => undefined;
  /** The image and its completions now shown, for Export. */
  private shown: ServeImage[] = [];
  /** The image to complete, grey values in [0, 1] row-major: a test image's, inked over or drawn from blank. */
  private pixels: number[] = [];
  /** The test image `pixels` came from; null for a drawing started blank. */
  private source: number | null = null;
  /** 1 where the user painted over the test image: the part to sample when keeping "all but what you paint". */
  private painted: number[] = [];
  private kept: Choice<Kept> | null = null;
  private brush: Choice<Brush> | null = null;

  constructor(requests: ExploreRequests) {
    super(requests, ['nade', 'pixelcnn'], 'Completion', 'gl-nade-explorer');
    this.results.className = 'gl-interp-strip gl-nade-completions';
  }

  protected serves(info: ServeInfo): boolean {
    return info.ops.includes('complete') && info.image !== undefined;
  }

  protected build(info: ServeInfo): void {
    this.size = info.image!;
    this.card.setNote(`epoch ${info.epoch}`);
    const last = Math.max(0, info.testCount - 1);
    const index: NumberField = createNumberField({ label: 'test image', value: 0, min: 0, max: last,
      onChange: (i) => void this.loadTestImage(i) });
    const kept = (this.kept = createChoice<Kept>({ label: 'keep', value: 'top', options: KEPT, onChange: () => this.showImage() }));
    this.brush = createChoice<Brush>({ label: 'brush', value: 'hide', options: BRUSHES });
    this.painted = new Array<number>(this.size.width * this.size.height).fill(0);
    this.again = () => void this.complete(index.value(), kept.value());
    const run = createButton({ label: 'Complete', appearance: 'primary', onClick: this.again });
    const clear = createButton({ label: 'Clear paint', title: 'Unpaint the image and take the ink off', onClick: () => {
      this.painted.fill(0);
      if (this.source === null) this.pixels.fill(0);
      else void this.loadTestImage(this.source);
      this.showImage();
    } });
    const blank = createButton({ label: 'Blank', title: 'Start from an empty image and draw a digit with the ink brush', onClick: () => {
      this.source = null;
      this.pixels.fill(0);
      this.brush?.setOptions(BRUSHES, 'ink');
      this.showImage();
    } });
    const controls = document.createElement('div');
    controls.className = 'gl-toolbar';
    controls.append(index.element, kept.element, this.brush.element, run.element, clear.element, blank.element);
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
    caption.textContent = 'The shaded part is sampled. Paint over the image to choose that part yourself, or ink your own strokes (Blank: draw a digit).';
    left.append(this.original, caption);
    row.append(left, this.results);
    this.card.body.append(controls, row, framesExport(this.requests, 'completions', 'image and its completions', () => this.shown,
      { formats: ['png'] }));
    void this.loadTestImage(0).then(this.again);
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

  /**
   * The hide brush marks the pixels under it "to sample" and switches to keeping all but the painted part; the ink
   * brush draws them white into the image (kept where the mask keeps them).
   */
  private paint(e: PointerEvent): void {
    const { width, height } = this.size;
    const x = Math.floor((e.offsetX / this.original.clientWidth) * width), y = Math.floor((e.offsetY / this.original.clientHeight) * height);
    const ink = this.brush?.value() === 'ink';
    const layer = ink ? this.pixels : this.painted;
    let changed = false;
    for (let row = y - BRUSH; row <= y + BRUSH; row++) {
      for (let column = x - BRUSH; column <= x + BRUSH; column++) {
        if (row < 0 || row >= height || column < 0 || column >= width || layer[row * width + column] === 1) continue;
        layer[row * width + column] = 1;
        changed = true;
      }
    }
    if (!changed) return;
    if (!ink && this.kept?.value() !== 'unpainted') this.kept?.setOptions(KEPT, 'unpainted');
    this.showImage();
  }

  private async loadTestImage(index: number): Promise<void> {
    try {
      const [image] = resultOf(await this.requests.ask({ op: 'test-images', indices: [index] }), 'test-images').images;
      this.pixels = await pixelsOf(image);
      this.source = index;
      this.showImage();
    } catch (e) {
      this.say(`Could not load test image ${index}: ${(e as Error).message}`);
    }
  }

  /** The image with the part to sample shaded. */
  private showImage(): void {
    if (!this.kept || this.pixels.length === 0) return;
    const mask = this.mask(this.kept.value());
    const { width, height } = this.size;
    const ctx = this.original.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(pixelsCanvas(this.pixels, width, height), 0, 0, this.original.width, this.original.height);
    this.shade(mask, width, height);
    this.original.dataset.mask = mask.join('');
    this.original.dataset.source = this.source === null ? 'drawn' : String(this.source);
  }

  private async complete(index: number, kept: Kept): Promise<void> {
    const mask = this.mask(kept);
    if (!mask.includes(1)) return this.say('Paint over the part of the image the model should draw, then Complete.');
    try {
      if (this.source !== null && this.source !== index) await this.loadTestImage(index);
      // As a PNG like the service's, for Export beside the completions.
      const image = { png: pixelsCanvas(this.pixels, this.size.width, this.size.height).toDataURL('image/png').split(',')[1], ...this.size };
      this.showImage();
      const { images, logLikelihoods } = resultOf(await this.requests.ask({ op: 'complete', pixels: [...this.pixels], mask,
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
      this.results.dataset.completed = `${this.source ?? 'drawn'}-${kept}`;
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
