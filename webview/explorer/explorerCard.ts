import type { ServeImage, ServeInfo } from '../../src/shared/protocol';
import { createButton, createChoice, createNumberField, createSlider, type Choice, type NumberField } from '../components';
import { legendItem, showLegend } from '../chart/legend';
import type { ThemeColors } from '../theme/themeColors';
import { resultOf, type ExploreRequests } from './exploreRequests';
import { LatentPlane, PLANE_RANGE } from './latentPlane';
import { ExplorerBase } from './explorerBase';
import { framesExport } from './framesExport';
import { drawPng, imageCanvas } from './pngCanvas';

/** Test images whose encoded means are drawn on the plane (the service's limit per request). */
const PLANE_CODES = 256;
const INTERPOLATION_FRAMES = 10;
const PLANE_SIZE = 300;
const IMAGE_SIZE = 196;
const FRAME_SIZE = 64;

type Mode = 'linear' | 'slerp';

const format = (v: number) => (v < 0 ? `−${(-v).toFixed(2)}` : v.toFixed(2));

/**
 * The latent explorer of a VAE run: the panel asks the run's model service (`genlab serve`, through
 * the host) what it serves, and for a Gaussian latent shows a plane of two latent dimensions to move
 * the pointer over (each move decodes the point under it), a slider per dimension when there are
 * more than two, and an interpolation between two test images' codes.
 */
export class ExplorerCard extends ExplorerBase {
  private info: ServeInfo | null = null;
  private z: number[] = [];
  private axes: [number, number] = [0, 1];
  private plane: LatentPlane | null = null;
  private sliders: ReturnType<typeof createSlider>[] = [];
  private readonly image = imageCanvas(IMAGE_SIZE, 'gl-explorer-image');
  private readonly zText = document.createElement('output');
  private readonly legend = document.createElement('div');
  private codeLabels: number[] = [];
  private decodesSent = 0;
  private decodesShown = 0;
  /** The decoded image and the interpolation now shown, for Export. */
  private shownImage: ServeImage | null = null;
  private interpolation: ServeImage[] = [];

  constructor(requests: ExploreRequests, private readonly colors: () => ThemeColors) {
    super(requests, 'vae', 'Latent explorer', 'gl-vae-explorer');
    this.zText.className = 'gl-explorer-z';
  }

  protected serves(info: ServeInfo): boolean {
    return info.latent?.kind === 'gaussian';
  }

  override restyle(): void {
    this.plane?.draw(this.colors());
    this.drawLegend();
  }

  /** The labels of the codes on the plane, in the plane's colours. */
  private drawLegend(): void {
    const categories = this.colors().categories;
    const labels = [...new Set(this.codeLabels)].sort((a, b) => a - b);
    showLegend(this.legend, labels.map((l) => legendItem(categories[l % categories.length], String(l), { shape: 'dot' })));
  }

  protected build(info: ServeInfo): void {
    this.info = info;
    const dim = info.latent!.kind === 'gaussian' ? info.latent!.dim : 0;
    this.z = new Array<number>(dim).fill(0);
    this.axes = [0, Math.min(1, dim - 1)];
    this.card.setNote(`epoch ${info.epoch} · ${dim}-D latent`);

    this.plane = new LatentPlane(PLANE_SIZE, (x, y) => {
      this.z[this.axes[0]] = x;
      this.z[this.axes[1]] = y;
      this.sliders[this.axes[0]]?.setValue(x);
      this.sliders[this.axes[1]]?.setValue(y);
      this.decode();
    });
    const decoded = document.createElement('div');
    decoded.className = 'gl-explorer-decoded';
    decoded.append(this.image, this.zText, framesExport(this.requests, 'decoded', 'decoded digit',
      () => (this.shownImage ? [this.shownImage] : []), { formats: ['png'] }));
    const caption = document.createElement('p');
    caption.className = 'gl-explorer-caption';
    caption.textContent = `±${PLANE_RANGE} σ of the prior; a dot per test image's mean code`;
    this.legend.className = 'gl-legend gl-explorer-legend';
    const planeColumn = document.createElement('div');
    planeColumn.className = 'gl-explorer-plane';
    planeColumn.append(this.plane.element, caption, this.legend);
    const explore = document.createElement('div');
    explore.className = 'gl-explorer-row';
    explore.append(planeColumn, decoded);
    if (dim > 2) explore.append(this.dimensionControls(dim));
    this.card.body.append(explore, this.interpolationControls(info));
    this.plane.draw(this.colors());
    this.refresh(info);
  }

  protected epochLoaded(epoch: number): void {
    this.card.setNote(`epoch ${epoch} · ${this.z.length}-D latent`);
    this.refresh(this.info!);
  }

  /** The test codes and the image under the point, from the epoch being served. */
  private refresh(info: ServeInfo): void {
    this.decode();
    void this.requests.ask({ op: 'encode', indices: Array.from({ length: Math.min(PLANE_CODES, info.testCount) }, (_, i) => i) })
      .then((reply) => {
        const { mean, labels } = resultOf(reply, 'encode');
        this.plane!.setCodes(mean, labels);
        this.plane!.draw(this.colors());
        this.codeLabels = labels;
        this.drawLegend();
        this.element.dataset.codes = String(mean.length);
      }).catch((e: Error) => this.say(`Could not encode the test images: ${e.message}`));
  }

  /** Sliders for every dimension (the plane moves two of them) and the choice of the plane's two. */
  private dimensionControls(dim: number): HTMLElement {
    const box = document.createElement('div');
    box.className = 'gl-explorer-dims';
    const names = Array.from({ length: dim }, (_, i) => ({ value: String(i), label: `z${i + 1}` }));
    const axis = (k: 0 | 1, label: string): Choice<string> => createChoice({
      label, options: names, value: String(this.axes[k]),
      onChange: (v) => {
        this.axes[k] = Number(v);
        this.plane!.setAxes(this.axes);
        this.plane!.setMarker(this.z[this.axes[0]], this.z[this.axes[1]]);
        this.plane!.draw(this.colors());
      },
    });
    const choices = document.createElement('div');
    choices.className = 'gl-explorer-axes';
    choices.append(axis(0, 'plane x').element, axis(1, 'plane y').element);
    this.sliders = this.z.map((v, i) => createSlider({
      label: `z${i + 1}`, min: -PLANE_RANGE, max: PLANE_RANGE, step: 0.05, value: v, format,
      onInput: (value) => {
        this.z[i] = value;
        this.decode();
      },
    }));
    box.append(choices, ...this.sliders.map((s) => s.element));
    return box;
  }

  private interpolationControls(info: ServeInfo): HTMLElement {
    const box = document.createElement('div');
    box.className = 'gl-explorer-interpolation';
    const last = Math.max(0, info.testCount - 1);
    const from: NumberField = createNumberField({ label: 'from test image', value: 0, min: 0, max: last });
    const to: NumberField = createNumberField({ label: 'to', value: Math.min(1, last), min: 0, max: last });
    const mode = createChoice<Mode>({ label: 'path', value: 'linear',
      options: [{ value: 'linear', label: 'linear' }, { value: 'slerp', label: 'slerp' }] });
    const strip = document.createElement('div');
    strip.className = 'gl-interp-strip';
    const run = createButton({ label: 'Interpolate', onClick: () => void this.interpolate(from.value(), to.value(), mode.value(), strip) });
    const controls = document.createElement('div');
    controls.className = 'gl-toolbar';
    controls.append(from.element, to.element, mode.element, run.element);
    const title = document.createElement('h4');
    title.textContent = 'Interpolation between two test images’ codes';
    box.append(title, controls, strip, framesExport(this.requests, 'interpolation', 'interpolation', () => this.interpolation));
    return box;
  }

  private async interpolate(from: number, to: number, mode: Mode, strip: HTMLElement): Promise<void> {
    try {
      const [encoded, originals] = await Promise.all([this.requests.ask({ op: 'encode', indices: [from, to] }),
        this.requests.ask({ op: 'test-images', indices: [from, to] })]);
      const { mean } = resultOf(encoded, 'encode');
      const { images } = resultOf(await this.requests.ask({ op: 'interpolate', from: mean[0], to: mean[1],
        frames: INTERPOLATION_FRAMES, mode }), 'interpolate');
      const frames = images.map(() => imageCanvas(FRAME_SIZE, 'gl-interp-frame'));
      // The two test images themselves at the ends, to compare with their codes' decodings.
      const ends = resultOf(originals, 'test-images').images.map((image, k) => {
        const canvas = imageCanvas(FRAME_SIZE, 'gl-interp-original');
        canvas.title = `test image ${k === 0 ? from : to}`;
        return { canvas, image };
      });
      await Promise.all([...images.map((image, k) => drawPng(frames[k], image)), ...ends.map((e) => drawPng(e.canvas, e.image))]);
      strip.replaceChildren(ends[0].canvas, ...frames, ends[1].canvas);
      this.interpolation = [ends[0].image, ...images, ends[1].image];
      strip.dataset.path = `${from}-${to}-${mode}`;
      this.say('');
    } catch (e) {
      this.say(`Could not interpolate: ${(e as Error).message}`);
    }
  }

  /** Decodes the current z; only the newest reply is drawn (the service drops older queued ones anyway). */
  private decode(): void {
    const z = [...this.z];
    const seq = ++this.decodesSent;
    this.plane?.setMarker(z[this.axes[0]], z[this.axes[1]]);
    this.plane?.draw(this.colors());
    void this.requests.ask({ op: 'decode', z: [z], coalesce: 'explorer' }).then(async (reply) => {
      if ('superseded' in reply || seq < this.decodesShown) return;
      if ('error' in reply) return this.say(`Could not decode: ${reply.error}`);
      if (reply.op !== 'decode') return;
      this.decodesShown = seq;
      await this.show(reply.images[0], z);
    });
  }

  private async show(image: ServeImage, z: number[]): Promise<void> {
    await drawPng(this.image, image);
    this.shownImage = image;
    this.zText.textContent = `z = (${z.map(format).join(', ')})`;
    this.image.dataset.decoded = String(this.decodesShown);
    this.image.dataset.z = z.join(',');
    this.say('');
  }

}
