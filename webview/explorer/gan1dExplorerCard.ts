import type { OutputSpace, ServeInfo } from '../../src/shared/protocol';
import { formatValue } from '../../src/shared/format';
import { canvasesToPng } from '../chart/canvasToPng';
import { LineChart } from '../chart/lineChart';
import { createButton, createSlider, type Slider } from '../components';
import type { ThemeColors } from '../theme/themeColors';
import { LatestOnly, resultOf, type ExploreRequests } from './exploreRequests';
import { ExplorerBase } from './explorerBase';
import { chartExport } from './framesExport';

/** The sliders' range: ±3 sd of the generator's N(0, 1) noise. */
const Z_LIMIT = 3;
const SWEEP_POINTS = 61;
/** Fresh generator draws for its density at each epoch, and the histogram's bins over the target's grid. */
const DRAWS = 4000;
const BINS = 80;

type RealOutputs = Extract<OutputSpace, { kind: 'real' }>;

/**
 * The generator explorer of a 1-D GAN: one slider per noise dimension, and where G(z) lands on the data's density
 * beside the generator's own (a histogram of fresh draws); below, G along the dimension last moved with the others
 * held, the map that folds N(0, I) onto the data's modes.
 */
export class Gan1dExplorerCard extends ExplorerBase {
  private readonly density = new LineChart({ xLabel: 'x', height: 220, className: 'gl-curve-plot gl-gan1d-density' });
  private readonly map = new LineChart({ xLabel: 'z', height: 170, className: 'gl-curve-plot gl-gan1d-map' });
  private readonly readout = document.createElement('p');
  private readonly mapTitle = document.createElement('h4');
  private readonly latest = new LatestOnly();
  private outputs: RealOutputs | null = null;
  private sliders: Slider[] = [];
  private z: number[] = [];
  /** The dimension the map sweeps: the slider last moved. */
  private swept = 0;
  private seed = 1;
  private drawn: { x: number[]; density: number[]; outside: number } | null = null;
  private point: { x: number; path: number[] } | null = null;

  constructor(requests: ExploreRequests, private readonly colors: () => ThemeColors) {
    super(requests, 'gan-1d', 'Generator explorer', 'gl-gan1d-explorer');
    this.readout.className = 'gl-view-summary gl-gan1d-readout';
    this.mapTitle.className = 'gl-explorer-subtitle';
  }

  protected serves(info: ServeInfo): boolean {
    return info.outputs?.kind === 'real' && info.ops.includes('generate');
  }

  protected build(info: ServeInfo): void {
    const outputs = (this.outputs = info.outputs as RealOutputs);
    this.z = new Array<number>(outputs.noiseDim).fill(0);
    this.card.setNote(`epoch ${info.epoch} · z of ${outputs.noiseDim}`);
    this.sliders = this.z.map((v, i) => createSlider({ label: `z${i + 1}`, min: -Z_LIMIT, max: Z_LIMIT, step: 0.01, value: v,
      format: (value) => value.toFixed(2), onInput: (value) => this.moveZ(i, value) }));
    const sliders = document.createElement('div');
    sliders.className = 'gl-explorer-sliders';
    sliders.append(...this.sliders.map((s) => s.element));
    const reroll = createButton({ label: 'Random z', title: 'A z drawn from N(0, I)', onClick: () => this.setZ(this.randomZ()) });
    const zero = createButton({ label: 'z = 0', onClick: () => this.setZ(this.z.map(() => 0)) });
    const redraw = createButton({ label: 'Re-draw', title: `${DRAWS} new draws of the generator`, onClick: () => void this.drawDensity(this.seed + 1) });
    const controls = document.createElement('div');
    controls.className = 'gl-toolbar';
    controls.append(reroll.element, zero.element, redraw.element);
    this.card.body.append(controls, sliders, this.density.element, this.readout, this.mapTitle, this.map.element,
      chartExport(this.requests, 'generator-map', 'density and the generator’s map', () => this.png()));
    void this.drawDensity(this.seed);
    this.moveZ(0, 0);
  }

  protected epochLoaded(epoch: number): void {
    this.card.setNote(`epoch ${epoch} · z of ${this.z.length}`);
    void this.drawDensity(this.seed);
    this.moveZ(this.swept, this.z[this.swept]);
  }

  override restyle(): void {
    this.draw();
  }

  private randomZ(): number[] {
    // Box–Muller from Math.random: this z is the user's to play with, not part of any run.
    return this.z.map(() => Math.max(-Z_LIMIT, Math.min(Z_LIMIT, Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random()))));
  }

  private setZ(z: number[]): void {
    z.forEach((v, i) => {
      this.z[i] = v;
      this.sliders[i].setValue(v);
    });
    this.moveZ(this.swept, this.z[this.swept]);
  }

  /** G of the current z and of the sweep along dimension `i`, asked together (the newest only, while one is out). */
  private moveZ(i: number, value: number): void {
    this.z[i] = value;
    this.swept = i;
    const z = [...this.z];
    const sweep = Array.from({ length: SWEEP_POINTS }, (_, k) => -Z_LIMIT + (2 * Z_LIMIT * k) / (SWEEP_POINTS - 1));
    this.latest.run(async () => {
      try {
        const reply = resultOf(await this.requests.ask({ op: 'generate', z: [z, ...sweep.map((v) => z.map((w, d) => (d === i ? v : w)))] }), 'generate');
        if (reply.outputs.kind !== 'real') throw new Error('the service sent no real outputs');
        this.point = { x: reply.outputs.x[0], path: reply.outputs.x.slice(1) };
        this.element.dataset.z = z.map((v) => v.toFixed(2)).join(',');
        this.element.dataset.gz = String(this.point.x);
        this.say('');
        this.draw();
      } catch (e) {
        this.say(`Could not run the generator: ${(e as Error).message}`);
      }
    });
  }

  /** The generator's density at the loaded epoch: a histogram of fresh draws over the target's grid. */
  private async drawDensity(seed: number): Promise<void> {
    const outputs = this.outputs;
    if (!outputs) return;
    try {
      const reply = resultOf(await this.requests.ask({ op: 'generate', n: DRAWS, seed }), 'generate');
      if (reply.outputs.kind !== 'real') throw new Error('the service sent no real outputs');
      const [lo, hi] = outputs.range, width = (hi - lo) / BINS;
      const counts = new Array<number>(BINS).fill(0);
      let outside = 0;
      for (const x of reply.outputs.x) {
        const bin = Math.floor((x - lo) / width);
        if (bin >= 0 && bin < BINS) counts[bin]++;
        else outside++;
      }
      this.seed = seed;
      this.drawn = { x: counts.map((_, b) => lo + (b + 0.5) * width), density: counts.map((c) => c / (DRAWS * width)), outside };
      this.element.dataset.draws = String(DRAWS - outside);
      this.draw();
    } catch (e) {
      this.say(`Could not draw the generator's density: ${(e as Error).message}`);
    }
  }

  private draw(): void {
    const outputs = this.outputs;
    if (!outputs) return;
    const colors = this.colors();
    const green = colors.series[2], blue = colors.series[0];
    const line = (label: string, color: string, xs: number[], ys: number[], width = 2) =>
      ({ label, color, width, xs, ys, length: xs.length, inLegend: true });
    this.density.update([
      line('p_data', colors.foreground, outputs.target.x, outputs.target.density),
      ...(this.drawn ? [line(`p_g (${DRAWS} draws)`, green, this.drawn.x, this.drawn.density)] : []),
    ], { logScale: false, colors, yFromZero: 0.1 });
    const point = this.point;
    this.density.setMarker(point ? { x: point.x, label: `G(z) = ${formatValue(point.x)}` } : null);
    const k = this.swept;
    this.mapTitle.textContent = `G along z${k + 1}, the others held`;
    if (point) {
      const sweep = point.path.map((_, j) => -Z_LIMIT + (2 * Z_LIMIT * j) / (point.path.length - 1));
      this.map.update([line(`G(z) as z${k + 1} moves`, blue, sweep, point.path)], { logScale: false, colors });
      this.map.setMarker({ x: this.z[k], label: `z${k + 1} = ${this.z[k].toFixed(2)}` });
    }
    const off = this.drawn?.outside ? ` · ${this.drawn.outside} of ${DRAWS} draws fell outside the plot` : '';
    this.readout.textContent = point ? `z = (${this.z.map((v) => v.toFixed(2)).join(', ')}) → G(z) = ${formatValue(point.x)}${off}` : '';
  }

  private png(): string | null {
    const canvases = [this.density.canvas, this.map.canvas].filter((c): c is HTMLCanvasElement => c !== null);
    return canvases.length ? canvasesToPng(canvases, this.colors().background) : null;
  }
}
