import type { WebviewToHost } from '../../src/shared/protocol';
import { browserClock, RedrawScheduler } from './redrawScheduler';
import type { HostChannel } from '../host';
import { savedEpochs, shownEpoch } from '../model/epochs';
import { JsonRequests } from '../model/jsonRequests';
import { applyHostMessage, PanelModel, type PanelChange } from '../model/panelModel';
import { restorePanelState, type PanelState } from '../model/panelState';
import { readThemeColors, watchTheme, type ThemeColors } from '../theme/themeColors';
import { CategoricalExplorerCard } from '../explorer/categoricalExplorerCard';
import type { ExplorerBase } from '../explorer/explorerBase';
import { ExplorerCard } from '../explorer/explorerCard';
import { GanExplorerCard } from '../explorer/ganExplorerCard';
import { Gan1dExplorerCard } from '../explorer/gan1dExplorerCard';
import { GumbelExplorerCard } from '../explorer/gumbelExplorerCard';
import { NadeExplorerCard } from '../explorer/nadeExplorerCard';
import { ExploreRequests } from '../explorer/exploreRequests';
import { mark } from '../timing';
import { CurvesView } from '../views/curves';
import { ArtifactViews } from './artifactViews';
import { EpochBar } from './epochBar';
import { Header } from './header';

/** Live updates redraw at most this often; user input redraws on the next frame. */
const MAX_REDRAWS_PER_SECOND = 4;

/**
 * The panel: receives the host's messages into the model, and redraws what they changed, at most
 * four times a second however fast training reports.
 */
export class PanelApp {
  private readonly model = new PanelModel();
  private readonly json: JsonRequests;
  private readonly state: PanelState;
  private readonly scheduler: RedrawScheduler;
  private colors: ThemeColors = readThemeColors();
  private dirty: PanelChange = {};
  private readonly waiting: HTMLElement;
  private readonly main: HTMLElement;
  private readonly header: Header;
  private readonly curves: CurvesView;
  private readonly epochBar: EpochBar;
  private readonly views: ArtifactViews;
  private readonly explore: ExploreRequests;
  /** Every model's explorer card: each shows itself only for a run of its model. */
  private readonly explorers: ExplorerBase[];

  constructor(root: HTMLElement, private readonly host: HostChannel) {
    this.state = restorePanelState(host.savedState());
    this.json = new JsonRequests((m) => host.post(m));
    this.scheduler = new RedrawScheduler(() => this.draw(), MAX_REDRAWS_PER_SECOND, browserClock);
    const post = (m: WebviewToHost) => host.post(m);
    const exportPng = (view: string, dataUrl: string) => post({ type: 'export', what: 'view-png', view, dataUrl });

    this.header = new Header(post, () => {
      this.model.compare = [];
      this.redrawNow({ runs: true });
    });
    this.curves = new CurvesView(this.state, () => this.settingsChanged({ metrics: true }), exportPng);
    this.epochBar = new EpochBar((epoch) => {
      this.state.epoch = epoch;
      this.settingsChanged({ artifacts: true });
    });
    this.views = new ArtifactViews((path, runId) => this.json.read(path, runId), () => this.colors, exportPng);
    this.explore = new ExploreRequests(post);
    const colors = () => this.colors;
    this.explorers = [new ExplorerCard(this.explore, colors), new GanExplorerCard(this.explore), new CategoricalExplorerCard(this.explore),
      new NadeExplorerCard(this.explore), new Gan1dExplorerCard(this.explore, colors), new GumbelExplorerCard(this.explore, colors)];

    const main = (this.main = document.createElement('main'));
    main.className = 'gl-panel';
    main.hidden = true;
    this.waiting = document.createElement('p');
    this.waiting.className = 'gl-placeholder gl-waiting';
    this.waiting.textContent = 'Waiting for the run…';
    const images = document.createElement('section');
    images.className = 'gl-section gl-artifacts';
    images.append(this.epochBar.element, this.views.element);
    // The explorers after the views: a card that appears once its model service answers shifts nothing above it.
    main.append(this.header.element, this.curves.element, images, ...this.explorers.map((e) => e.element));
    root.append(this.waiting, main);

    document.addEventListener('keydown', (e) => {
      if (!movesEpochs(e)) return;
      if (this.epochBar.moveByKey(e.key)) e.preventDefault();
    });

    watchTheme(() => {
      this.colors = readThemeColors();
      this.views.restyle();
      for (const explorer of this.explorers) explorer.restyle();
      this.redrawNow({ metrics: true });
    });
  }

  /** A message from the host (`window` `message` event data). */
  receive(message: unknown): void {
    if (this.explore.receive(message)) return;
    const change = applyHostMessage(this.model, this.json, message);
    if (change.runs && this.model.run && this.model.run.runId !== this.state.runId) {
      // Another run than the one saved: its epochs and metrics differ, start from its defaults.
      this.state.runId = this.model.run.runId;
      this.state.epoch = null;
      this.host.saveState(this.state);
    }
    if (change.runs) this.redrawNow(change);
    else if (Object.keys(change).length > 0) {
      this.dirty = { ...this.dirty, ...change };
      this.scheduler.request();
    }
  }

  private settingsChanged(change: PanelChange): void {
    this.host.saveState(this.state);
    this.redrawNow(change);
  }

  private redrawNow(change: PanelChange): void {
    this.dirty = { ...this.dirty, ...change };
    this.scheduler.requestNow();
  }

  private draw(): void {
    const run = this.model.run;
    const d = this.dirty;
    this.dirty = {};
    if (!run) return;
    // Marked at the start: the throttle spaces the starts of redraws.
    mark('genlab:redraw');
    this.waiting.hidden = true;
    this.main.hidden = false;
    if (d.runs || d.status) this.header.render(this.model);
    if (d.runs || d.metrics) this.curves.render(this.model, this.colors);
    if (d.runs || d.status || d.artifacts) {
      for (const explorer of this.explorers) explorer.update(run);
    }
    if (d.runs || d.artifacts || d.uris || d.metrics) {
      const epochs = savedEpochs(ArtifactViews.viewable(run));
      const shown = shownEpoch(this.state.epoch, epochs);
      this.epochBar.render(epochs, this.state.epoch);
      if (d.runs || d.artifacts || d.uris) this.views.render(run, shown, this.model.compare);
      this.curves.markEpoch(run, shown);
      for (const explorer of this.explorers) explorer.showEpoch(shown);
    }
  }
}

/**
 * Whether a key press is the panel's to step epochs with: not one a control already used (the latent plane's
 * arrows), not typed into a field or on a slider (which steps itself), and without modifiers.
 */
function movesEpochs(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return false;
  const target = e.target as HTMLElement | null;
  return !(target?.isContentEditable || target?.closest('input, textarea, select'));
}
