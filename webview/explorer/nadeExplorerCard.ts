import type { ServeImage, ServeInfo } from '../../src/shared/protocol';
import { createButton, createCard, createChoice, createNumberField, type Card, type NumberField } from '../components';
import type { RunState } from '../model/runState';
import { resultOf, type ExploreRequests } from './exploreRequests';
import { EpochFollower } from './epochFollower';
import { drawPng, imageCanvas } from './pngCanvas';
import '../styles/explorer.css';

const COMPLETIONS = 8;
const IMAGE_SIZE = 112;
const FRAME_SIZE = 84;

/** Which part of the test image is kept; the model samples the rest, pixel by pixel in its order. */
type Kept = 'top' | 'left' | 'bottom' | 'right';
const KEPT: { value: Kept; label: string }[] = [
  { value: 'top', label: 'top half' }, { value: 'left', label: 'left half' },
  { value: 'bottom', label: 'bottom half' }, { value: 'right', label: 'right half' },
];

/** 1 where the model samples, 0 where the test image's pixel is kept (row-major). */
export function completionMask(width: number, height: number, kept: Kept): number[] {
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
export class NadeExplorerCard {
  readonly element: HTMLElement;
  private readonly card: Card;
  private readonly message = document.createElement('p');
  private readonly original = imageCanvas(IMAGE_SIZE, 'gl-explorer-image gl-nade-original');
  private readonly results = document.createElement('div');
  private info: ServeInfo | null = null;
  private askedAt = 0;
  private asking = false;
  private follower: EpochFollower | null = null;
  private shownEpoch: number | null = null;

  constructor(private readonly requests: ExploreRequests) {
    this.card = createCard({ title: 'Completion' });
    this.element = this.card.element;
    this.element.classList.add('gl-explorer', 'gl-nade-explorer');
    this.element.hidden = true;
    this.message.className = 'gl-placeholder gl-explorer-message';
    this.results.className = 'gl-interp-strip gl-nade-completions';
    this.card.body.append(this.message);
  }

  /** Asks the model service what it serves once the run has a checkpoint (again at a newer one after a failed ask). */
  update(run: RunState): void {
    if (run.model !== 'nade' || this.info || this.asking) return;
    const latest = run.checkpointEpoch;
    if (latest <= this.askedAt || !['running', 'done', 'stopped'].includes(run.status ?? '')) return;
    this.askedAt = latest;
    this.asking = true;
    void this.requests.ask({ op: 'info' }).then((reply) => {
      this.asking = false;
      if ('op' in reply && reply.op === 'info' && reply.info.ops.includes('complete')) this.build(reply.info);
    });
  }

  private build(info: ServeInfo): void {
    this.info = info;
    this.card.setNote(`epoch ${info.epoch}`);
    this.element.hidden = false;
    const last = Math.max(0, info.testCount - 1);
    const index: NumberField = createNumberField({ label: 'test image', value: 0, min: 0, max: last });
    const kept = createChoice<Kept>({ label: 'keep', value: 'top', options: KEPT });
    const run = createButton({ label: 'Complete', appearance: 'primary',
      onClick: () => void this.complete(index.value(), kept.value()) });
    const controls = document.createElement('div');
    controls.className = 'gl-toolbar';
    controls.append(index.element, kept.element, run.element);
    const row = document.createElement('div');
    row.className = 'gl-explorer-row';
    const left = document.createElement('div');
    left.className = 'gl-explorer-decoded';
    const caption = document.createElement('p');
    caption.className = 'gl-explorer-caption';
    caption.textContent = 'The test image; the shaded part is sampled.';
    left.append(this.original, caption);
    row.append(left, this.results);
    this.card.body.append(controls, row);
    this.follower = new EpochFollower(this.requests, info.epoch, (epoch) => {
      this.card.setNote(`epoch ${epoch}`);
      this.element.dataset.epoch = String(epoch);
      void this.complete(index.value(), kept.value());
    });
    this.element.dataset.epoch = String(info.epoch);
    void this.complete(0, 'top');
    this.follower.follow(this.shownEpoch);
  }

  /** Follows the epoch the panel shows: completions by that epoch's model. */
  showEpoch(epoch: number | null): void {
    this.shownEpoch = epoch;
    this.follower?.follow(epoch);
  }

  private async complete(index: number, kept: Kept): Promise<void> {
    const { width, height } = this.info!.image;
    try {
      const [image] = resultOf(await this.requests.ask({ op: 'test-images', indices: [index] }), 'test-images').images;
      const mask = completionMask(width, height, kept);
      await drawPng(this.original, image);
      this.shade(mask, width, height);
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

  private say(text: string): void {
    this.message.textContent = text;
    this.message.hidden = text === '';
  }
}
