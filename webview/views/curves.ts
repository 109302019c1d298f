import { EmaSmoother } from '../model/smooth';
import { LineChart, type LineSpec } from '../chart/lineChart';
import { createCard, createCheckbox, createSlider, type Card, type Checkbox } from '../components';
import type { PanelModel } from '../model/panelModel';
import { MAX_SMOOTHING, type PanelState } from '../model/panelState';
import { runLabels, type RunState } from '../model/runState';
import type { ThemeColors } from '../theme/themeColors';
import { measure } from '../timing';

/** Called when the user changes a setting that is saved with the panel's state. */
export type SettingsChanged = () => void;

/**
 * Training curves: one chart per metric name (step values, smoothed over the faint raw curve, and
 * the per-epoch value of the same name), a smoothing slider, a log-scale switch and a tick box per
 * metric. In compare mode each chart overlays every run, one colour per run.
 */
export class CurvesView {
  readonly element: HTMLElement;
  private readonly toggles: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly checkboxes = new Map<string, Checkbox>();
  private readonly charts = new Map<string, { card: Card; chart: LineChart }>();
  /** Smoothed copies, by run and metric id, extended incrementally as points arrive. */
  private readonly smoothers = new Map<string, EmaSmoother>();

  constructor(private readonly state: PanelState, private readonly changed: SettingsChanged,
    private readonly exportPng: (view: string, dataUrl: string) => void) {
    this.element = document.createElement('section');
    this.element.className = 'gl-section gl-curves';
    const toolbar = document.createElement('div');
    toolbar.className = 'gl-toolbar';
    const smoothing = createSlider({
      label: 'Smoothing', min: 0, max: MAX_SMOOTHING, step: 0.01, value: state.smoothing,
      format: (v) => (v === 0 ? 'off' : v.toFixed(2)),
      onInput: (v) => { state.smoothing = v; changed(); },
    });
    const log = createCheckbox({ label: 'Log scale', checked: state.logScale,
      onChange: (on) => { state.logScale = on; changed(); } });
    this.toggles = document.createElement('div');
    this.toggles.className = 'gl-metric-toggles';
    this.toggles.setAttribute('aria-label', 'Metrics shown');
    toolbar.append(smoothing.element, log.element, this.toggles);
    this.grid = document.createElement('div');
    this.grid.className = 'gl-chart-grid';
    this.empty = document.createElement('p');
    this.empty.className = 'gl-placeholder';
    this.empty.textContent = 'Curves appear with the first training step.';
    this.element.append(toolbar, this.empty, this.grid);
  }

  render(model: PanelModel, colors: ThemeColors): void {
    measure('genlab:curves', () => this.draw(model, colors));
  }

  /** Marks on every curve where `epoch` ended (the epoch the slider shows), so the curves and the views agree. */
  markEpoch(run: RunState, epoch: number | null): void {
    const step = epoch === null ? undefined : run.epochEndSteps.get(epoch);
    const marker = step === undefined ? null : { x: step, label: `epoch ${epoch}` };
    for (const { chart } of this.charts.values()) chart.setMarker(marker);
  }

  private draw(model: PanelModel, colors: ThemeColors): void {
    const runs = model.runs();
    const runIds = new Set(runs.map((r) => r.runId));
    for (const key of this.smoothers.keys()) if (!runIds.has(key.split('|')[0])) this.smoothers.delete(key);
    const names = metricNames(runs);
    this.empty.hidden = names.length > 0;
    this.syncToggles(names);
    const shown = names.filter((n) => !this.state.hiddenMetrics.includes(n));
    for (const [name, { chart }] of this.charts) {
      if (!shown.includes(name)) {
        chart.dispose();
        this.charts.get(name)?.card.element.remove();
        this.charts.delete(name);
      }
    }
    const look = { logScale: this.state.logScale, colors };
    shown.forEach((name, position) => {
      let entry = this.charts.get(name);
      if (!entry) {
        const chart = new LineChart();
        const card = createCard({ title: name, onExport: () => {
          const png = chart.toPng();
          if (png) this.exportPng(`curve-${name}`.replace(/[^\w-]/g, '-').slice(0, 64), png);
        } });
        card.element.dataset.metric = name;
        card.body.append(chart.element);
        entry = { card, chart };
        this.charts.set(name, entry);
      }
      // Keep cards in metric order as new metrics appear.
      if (this.grid.children[position] !== entry.card.element) {
        this.grid.insertBefore(entry.card.element, this.grid.children[position] ?? null);
      }
      entry.chart.update(this.lines(runs, name, colors), look);
    });
  }

  private lines(runs: RunState[], name: string, colors: ThemeColors): LineSpec[] {
    const comparing = runs.length > 1;
    const labels = runLabels(runs);
    const highContrast = colors.contrastBorder !== '';
    const lines: LineSpec[] = [];
    runs.forEach((run, r) => {
      const step = run.series.get(`step:${name}`);
      const epoch = run.series.get(`epoch:${name}`);
      const stepColor = colors.series[(comparing ? r : 0) % colors.series.length];
      const epochColor = colors.series[(comparing ? r : 1) % colors.series.length];
      if (step && step.values.length > 0) {
        const { xs, ys, length, generation } = step.values;
        const label = comparing ? labels[r] : name;
        if (this.state.smoothing > 0) {
          const key = `${run.runId}|step:${name}`;
          let smoother = this.smoothers.get(key);
          if (!smoother) this.smoothers.set(key, (smoother = new EmaSmoother()));
          lines.push({ label: `${label} (raw)`, color: stepColor, width: 1, alpha: highContrast ? 0.5 : 0.25,
            inLegend: false, xs, ys, length });
          lines.push({ label, color: stepColor, width: highContrast ? 2.5 : 2, inLegend: true, xs,
            ys: smoother.smooth(ys, length, this.state.smoothing, generation), length });
        } else {
          lines.push({ label, color: stepColor, width: highContrast ? 2 : 1.5, inLegend: true, xs, ys, length });
        }
      }
      if (epoch && epoch.values.length > 0) {
        const { xs, ys, length } = epoch.values;
        lines.push({ label: comparing ? `${labels[r]} · per epoch` : `${name} · per epoch`, color: epochColor,
          width: highContrast ? 2.5 : 2, dash: step ? [6, 4] : undefined, points: true, inLegend: true,
          xs, ys, length });
      }
    });
    return lines;
  }

  private syncToggles(names: string[]): void {
    for (const name of names) {
      if (this.checkboxes.has(name)) continue;
      const box = createCheckbox({
        label: name,
        checked: !this.state.hiddenMetrics.includes(name),
        onChange: (on) => {
          this.state.hiddenMetrics = on ? this.state.hiddenMetrics.filter((m) => m !== name)
            : [...this.state.hiddenMetrics, name];
          this.changed();
        },
      });
      this.checkboxes.set(name, box);
      this.toggles.append(box.element);
    }
  }
}

/** Metric names over all runs, in the order they first appear (step metrics before epoch-only ones). */
function metricNames(runs: RunState[]): string[] {
  const names = new Set<string>();
  for (const kind of ['step', 'epoch'] as const) {
    for (const run of runs) for (const { key } of run.series.values()) if (key.kind === kind) names.add(key.name);
  }
  return [...names];
}
