import type { ArtifactRef } from '../../src/shared/protocol';
import { createCard, type Card } from '../components';
import { artifactAt } from '../model/epochs';
import { runLabels, type RunState } from '../model/runState';
import type { ThemeColors } from '../theme/themeColors';
import { viewFor, type ArtifactView, type ViewDefinition } from '../views';

/** One run's view inside a card: the panel's own run first, then each compare run that has the artifact. */
interface Lane {
  runId: string;
  view: ArtifactView;
  element: HTMLElement;
  label: HTMLElement;
}

interface Shown {
  definition: ViewDefinition;
  card: Card;
  lanes: Lane[];
}

/** Reads a JSON artifact of the panel's run (`runId` undefined) or of a compare run. */
export type RunJsonReader = (path: string, runId?: string) => Promise<unknown>;

/**
 * The grid of artifact views: one card per artifact name the run has a view for, all at one epoch. In compare
 * mode a card spans the panel and holds the same view of every run side by side, each at that epoch, captioned
 * in the run's colour on the curves.
 */
export class ArtifactViews {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly shown = new Map<string, Shown>();

  constructor(private readonly readJson: RunJsonReader, private readonly colors: () => ThemeColors,
    private readonly exportPng: (view: string, dataUrl: string) => void) {
    this.element = document.createElement('div');
    this.grid = document.createElement('div');
    this.grid.className = 'gl-view-grid';
    this.empty = document.createElement('p');
    this.empty.className = 'gl-placeholder';
    this.empty.textContent = 'Samples, reconstructions and the latent space appear after the first epoch.';
    this.element.append(this.empty, this.grid);
  }

  /** Artifacts some view will show (the slider's epochs come from these). */
  static viewable(run: RunState): ArtifactRef[] {
    return [...run.artifacts.values()].filter((a) => viewFor(a.name, a.kind));
  }

  render(run: RunState, epoch: number | null, compare: RunState[] = []): void {
    const artifacts = ArtifactViews.viewable(run);
    const definitions = new Map<string, ViewDefinition>();
    for (const a of artifacts) definitions.set(a.name, viewFor(a.name, a.kind)!);
    const ordered = [...definitions.values()].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    this.empty.hidden = ordered.length > 0;

    for (const [name, s] of this.shown) {
      if (!definitions.has(name)) {
        for (const lane of s.lanes) lane.view.dispose?.();
        s.card.element.remove();
        this.shown.delete(name);
      }
    }
    const runs = [run, ...compare];
    const labels = runLabels(runs);
    const viewableOf = new Map(runs.map((r) => [r, r === run ? artifacts : ArtifactViews.viewable(r)]));
    ordered.forEach((definition, position) => {
      const s = this.shown.get(definition.name) ?? this.create(definition);
      if (this.grid.children[position] !== s.card.element) {
        this.grid.insertBefore(s.card.element, this.grid.children[position] ?? null);
      }
      const withView = runs.filter((r) => r === run || viewableOf.get(r)!.some((a) => a.name === definition.name));
      this.syncLanes(s, withView);
      s.card.element.classList.toggle('gl-card-compare', s.lanes.length > 1);
      if (epoch === null) return;
      s.lanes.forEach((lane, i) => {
        const laneRun = withView[i];
        const artifact = artifactAt(viewableOf.get(laneRun)!, definition.name, definition.kind, epoch);
        const note = !artifact ? `none saved at ${epoch}` : artifact.epoch === epoch ? `epoch ${epoch}` : `epoch ${artifact.epoch} (none saved at ${epoch})`;
        if (i === 0) s.card.setNote(note);
        const r = runs.indexOf(laneRun);
        lane.label.textContent = `${labels[r]} · ${note}`;
        lane.label.style.setProperty('--gl-run-color', this.colors().series[r % this.colors().series.length]);
        lane.element.dataset.epoch = artifact ? String(artifact.epoch) : '';
        if (!artifact) return;
        if (i === 0) s.card.element.dataset.epoch = String(artifact.epoch);
        lane.view.show({ artifact, uri: laneRun.uris.get(artifact.path), epoch });
      });
    });
  }

  restyle(): void {
    for (const s of this.shown.values()) for (const lane of s.lanes) lane.view.restyle?.();
  }

  /** Keeps one lane per run in `runs`, in that order: lanes of runs no longer compared go, new ones are made. */
  private syncLanes(s: Shown, runs: RunState[]): void {
    const wanted = runs.map((r) => r.runId);
    for (const lane of s.lanes.filter((l, i) => i > 0 && !wanted.includes(l.runId))) {
      lane.view.dispose?.();
      lane.element.remove();
    }
    const own = s.lanes[0];
    s.lanes = [own, ...runs.slice(1).map((r) => s.lanes.find((l, i) => i > 0 && l.runId === r.runId) ??
      this.lane(s.definition, r.runId, false))];
    own.runId = own.element.dataset.run = runs[0].runId;
    s.lanes.forEach((lane, i) => {
      lane.label.hidden = s.lanes.length === 1;
      if (s.card.body.children[i] !== lane.element) s.card.body.insertBefore(lane.element, s.card.body.children[i] ?? null);
    });
  }

  private lane(definition: ViewDefinition, runId: string, own: boolean): Lane {
    const view = definition.create({ readJson: (path) => this.readJson(path, own ? undefined : runId), colors: this.colors });
    const element = document.createElement('div');
    element.className = 'gl-view-lane';
    element.dataset.run = runId;
    const label = document.createElement('p');
    label.className = 'gl-lane-label';
    label.hidden = true;
    element.append(label, view.element);
    return { runId, view, element, label };
  }

  private create(definition: ViewDefinition): Shown {
    const own = this.lane(definition, '', true);
    const toPng = own.view.toPng?.bind(own.view);
    const card = createCard({
      title: definition.title,
      onExport: toPng && (() => {
        const png = toPng();
        if (png) this.exportPng(definition.name, png);
      }),
    });
    card.element.classList.add(`gl-view-${definition.kind}`);
    card.element.classList.toggle('gl-card-wide', definition.wide ?? false);
    card.element.classList.toggle('gl-card-full', definition.full ?? false);
    card.element.dataset.view = definition.name;
    card.body.append(own.element);
    const shown = { definition, card, lanes: [own] };
    this.shown.set(definition.name, shown);
    return shown;
  }
}
