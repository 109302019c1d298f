import type { GeneratedOutputs, OutputSpace, ServeInfo } from '../../src/shared/protocol';
import { formatValue } from '../../src/shared/format';
import { BarChart } from '../chart/barChart';
import { canvasesToPng } from '../chart/canvasToPng';
import { sizeCanvas } from '../chart/hiDpiCanvas';
import { createButton, createSlider, type Slider } from '../components';
import type { ThemeColors } from '../theme/themeColors';
import { LatestOnly, resultOf, type ExploreRequests } from './exploreRequests';
import { ExplorerBase } from './explorerBase';
import { chartExport } from './framesExport';

/** The temperature slider runs over log10 τ. */
const LOG_TAU = { min: Math.log10(0.05), max: Math.log10(20) };
const SAMPLES = 2000;
const ROW_HEIGHT = 14;

type CategoricalOutputs = Extract<OutputSpace, { kind: 'categorical' }>;
type Relaxed = Extract<GeneratedOutputs, { kind: 'categorical' }>;

/**
 * The temperature explorer of a Gumbel-softmax GAN: drag τ and see what the discriminator would be shown. Bars:
 * the mean relaxed sample softmax((logits + g) / τ) beside the generator's softmax(logits) and the target; below,
 * sixteen relaxed samples, each a bar split among the categories (one colour when one-hot). Cold τ gives nearly
 * one-hot samples whose mean is the generator's distribution; hot τ blurs every sample towards uniform.
 */
export class GumbelExplorerCard extends ExplorerBase {
  private readonly bars = new BarChart();
  private readonly strips = document.createElement('canvas');
  private readonly readout = document.createElement('p');
  private readonly latest = new LatestOnly();
  private outputs: CategoricalOutputs | null = null;
  private slider: Slider | null = null;
  private temperature = 1;
  private seed = 1;
  private relaxed: Relaxed | null = null;

  constructor(requests: ExploreRequests, private readonly colors: () => ThemeColors) {
    super(requests, 'gumbel-gan', 'Temperature explorer', 'gl-gumbel-explorer');
    this.strips.className = 'gl-gumbel-samples';
    this.strips.setAttribute('role', 'img');
    this.readout.className = 'gl-view-summary gl-gumbel-readout';
  }

  protected serves(info: ServeInfo): boolean {
    return info.outputs?.kind === 'categorical' && info.ops.includes('generate');
  }

  protected build(info: ServeInfo): void {
    const outputs = (this.outputs = info.outputs as CategoricalOutputs);
    this.temperature = outputs.temperature;
    this.card.setNote(this.note(info.epoch));
    this.slider = createSlider({ label: 'τ', min: LOG_TAU.min, max: LOG_TAU.max, step: 0.01, value: Math.log10(this.temperature),
      format: (v) => formatValue(10 ** v), onInput: (v) => this.ask(10 ** v) });
    const trained = createButton({ label: 'Trained τ', title: 'Back to the temperature this checkpoint trained at',
      onClick: () => this.setTemperature(this.outputs!.temperature) });
    const redraw = createButton({ label: 'Re-draw', title: 'New Gumbel noise', onClick: () => {
      this.seed++;
      this.ask(this.temperature);
    } });
    const controls = document.createElement('div');
    controls.className = 'gl-toolbar';
    controls.append(this.slider.element, trained.element, redraw.element);
    const caption = document.createElement('h4');
    caption.className = 'gl-explorer-subtitle';
    caption.textContent = '16 relaxed samples, each split among the categories';
    this.card.body.append(controls, this.bars.element, caption, this.strips, this.readout,
      chartExport(this.requests, 'temperature', 'relaxed samples at this τ', () => this.png()));
    this.ask(this.temperature);
  }

  /** A checkpoint of another epoch: its own trained τ, the same τ asked of it. */
  protected epochLoaded(epoch: number): void {
    void this.requests.ask({ op: 'info' }).then((reply) => {
      if ('op' in reply && reply.op === 'info' && reply.info.outputs?.kind === 'categorical') this.outputs = reply.info.outputs;
      this.card.setNote(this.note(epoch));
      this.ask(this.temperature);
    });
  }

  override restyle(): void {
    this.draw();
  }

  private note(epoch: number): string {
    return `epoch ${epoch} · trained at τ = ${formatValue(this.outputs?.temperature ?? NaN)}`;
  }

  private setTemperature(tau: number): void {
    this.slider?.setValue(Math.log10(tau));
    this.ask(tau);
  }

  private ask(tau: number): void {
    this.temperature = tau;
    const seed = this.seed;
    this.latest.run(async () => {
      try {
        const reply = resultOf(await this.requests.ask({ op: 'generate', n: SAMPLES, seed, temperature: tau }), 'generate');
        if (reply.outputs.kind !== 'categorical') throw new Error('the service sent no categorical outputs');
        this.relaxed = reply.outputs;
        this.element.dataset.temperature = String(tau);
        this.element.dataset.sharpness = String(reply.outputs.sharpness);
        this.say('');
        this.draw();
      } catch (e) {
        this.say(`Could not draw relaxed samples: ${(e as Error).message}`);
      }
    });
  }

  private draw(): void {
    const { outputs, relaxed } = this;
    if (!outputs || !relaxed) return;
    const colors = this.colors();
    this.bars.setData(outputs.categories, [
      { label: `mean relaxed sample at τ = ${formatValue(relaxed.temperature)}`, color: colors.series[0], style: 'fill', values: relaxed.mean },
      { label: 'generator softmax(logits)', color: colors.series[2], style: 'fill', values: relaxed.probabilities },
      { label: 'target', color: colors.foreground, style: 'outline', values: outputs.target },
    ], colors);
    this.drawStrips(relaxed.samples, outputs.categories, colors);
    this.readout.textContent = `τ = ${formatValue(relaxed.temperature)} · mean largest component ${relaxed.sharpness.toFixed(3)} ` +
      `(1: one-hot, ${(1 / outputs.categories.length).toFixed(2)}: uniform) · ${SAMPLES} samples`;
  }

  /** Each sample a horizontal bar, its categories' shares side by side in their colours, named where they fit. */
  private drawStrips(samples: number[][], categories: string[], colors: ThemeColors): void {
    const width = Math.max(120, this.strips.parentElement?.clientWidth ?? 0);
    const ctx = sizeCanvas(this.strips, width, samples.length * ROW_HEIGHT);
    if (!ctx) return;
    ctx.font = colors.font;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    samples.forEach((sample, row) => {
      let left = 0;
      sample.forEach((share, k) => {
        const w = share * width;
        ctx.fillStyle = colors.categories[k % colors.categories.length];
        ctx.fillRect(left, row * ROW_HEIGHT, w, ROW_HEIGHT - 2);
        if (w > 14) {
          ctx.fillStyle = colors.background;
          ctx.fillText(categories[k], left + w / 2, row * ROW_HEIGHT + (ROW_HEIGHT - 2) / 2);
        }
        left += w;
      });
    });
  }

  private png(): string | null {
    const bars = this.bars.element.querySelector('canvas');
    return this.relaxed && bars ? canvasesToPng([bars, this.strips], this.colors().background) : null;
  }
}
