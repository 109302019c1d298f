import type { WebviewToHost } from '../../src/shared/protocol';
import { createButton, createTag, type Button } from '../components';
import { formatBackend, formatDuration } from '../../src/shared/format';
import type { PanelModel } from '../model/panelModel';

/** The run's name, status and progress, with the actions the host carries out. */
export class Header {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly message: HTMLElement;
  private readonly status = createTag();
  private readonly stop: Button;
  private readonly resume: Button;
  private readonly clearCompare: Button;

  constructor(post: (m: WebviewToHost) => void, onClearCompare: () => void) {
    this.element = document.createElement('header');
    this.element.className = 'gl-header';
    const heading = document.createElement('div');
    heading.className = 'gl-heading';
    this.title = document.createElement('h1');
    this.subtitle = document.createElement('span');
    this.subtitle.className = 'gl-subtitle';
    heading.append(this.title, this.status.element, this.subtitle);
    this.progress = document.createElement('div');
    this.progress.className = 'gl-progress';
    this.progress.setAttribute('aria-live', 'polite');
    this.message = document.createElement('div');
    this.message.className = 'gl-message';
    this.message.hidden = true;

    this.stop = createButton({ label: 'Stop', title: 'Stop training (saves a checkpoint)', onClick: () => post({ type: 'stop' }) });
    this.resume = createButton({ label: 'Resume', title: 'Resume from the last checkpoint', appearance: 'primary',
      onClick: () => post({ type: 'resume' }) });
    const compare = createButton({ label: 'Compare…', title: 'Overlay the curves of other runs',
      onClick: () => post({ type: 'pick-compare' }) });
    this.clearCompare = createButton({ label: 'Clear comparison', onClick: onClearCompare });
    const csv = createButton({ label: 'Export CSV', title: 'Save all metrics as CSV',
      onClick: () => post({ type: 'export', what: 'metrics-csv' }) });
    const actions = document.createElement('div');
    actions.className = 'gl-actions';
    actions.append(this.stop.element, this.resume.element, compare.element, this.clearCompare.element, csv.element);
    this.element.append(heading, actions, this.progress, this.message);
  }

  render(model: PanelModel): void {
    const run = model.run;
    if (!run) return;
    this.title.textContent = run.name;
    this.subtitle.textContent = [run.model, formatBackend(run.backend, run.adapter)].filter(Boolean).join(' · ');
    const status = run.status ?? 'unknown';
    this.status.setText(status);
    this.status.element.dataset.status = status;
    this.stop.setVisible(status === 'running' || status === 'queued');
    this.resume.setVisible(status === 'stopped' || status === 'failed');
    this.clearCompare.setVisible(model.compare.length > 0);

    const parts: string[] = [];
    const p = run.progress;
    const total = run.totalEpochs;
    if (p) {
      parts.push(`epoch ${p.epoch}${total ? ` / ${total}` : ''}`, `step ${p.step}`,
        `${p.stepsPerSecond.toFixed(1)} steps/s`);
      if (p.etaSeconds !== null) parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
    } else if (run.summary) {
      parts.push(`${run.summary.epochs}${total ? ` / ${total}` : ''} epochs`, `${run.summary.steps} steps`,
        formatDuration(run.summary.durationS));
    }
    if (model.compare.length > 0) parts.push(`comparing with ${model.compare.length} run${model.compare.length > 1 ? 's' : ''}`);
    this.progress.textContent = parts.join(' · ');
    this.message.hidden = !run.lastMessage;
    this.message.textContent = run.lastMessage ?? '';
  }
}
