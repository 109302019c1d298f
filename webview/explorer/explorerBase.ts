import type { ServeInfo } from '../../src/shared/protocol';
import { createCard, type Card } from '../components';
import type { RunState } from '../model/runState';
import { EpochFollower } from './epochFollower';
import type { ExploreRequests } from './exploreRequests';
import '../styles/explorer.css';

/**
 * What every explorer card does the same way: it stays hidden until the run (of its model) has a checkpoint and
 * the model service says it can answer, then builds itself once; it follows the epoch the panel shows; it says
 * in one line what went wrong. A card supplies its model, what it needs of the service, and its own drawing.
 */
export abstract class ExplorerBase {
  readonly element: HTMLElement;
  protected readonly card: Card;
  private readonly message = document.createElement('p');
  /** The run's latest checkpointed epoch when `info` was last asked (asked again when a newer one appears). */
  private askedAt = 0;
  private asking = false;
  private built = false;
  private follower: EpochFollower | null = null;
  private shownEpoch: number | null = null;

  /** The model types whose runs this card explores. */
  private readonly models: readonly string[];

  constructor(protected readonly requests: ExploreRequests, model: string | readonly string[], title: string, className: string) {
    this.models = typeof model === 'string' ? [model] : model;
    this.card = createCard({ title });
    this.element = this.card.element;
    this.element.classList.add('gl-explorer', ...(className ? [className] : []));
    this.element.hidden = true;
    this.message.className = 'gl-placeholder gl-explorer-message';
    this.card.body.append(this.message);
  }

  /** Asks the model service what it serves once the run has a checkpoint (again after a failed ask, at a newer one). */
  update(run: RunState): void {
    if (!this.models.includes(run.model) || this.built || this.asking) return;
    const latest = run.checkpointEpoch;
    if (latest <= this.askedAt || !['running', 'done', 'stopped'].includes(run.status ?? '')) return;
    this.askedAt = latest;
    this.asking = true;
    void this.requests.ask({ op: 'info' }).then((reply) => {
      this.asking = false;
      if (!('op' in reply) || reply.op !== 'info' || !this.serves(reply.info)) return;
      this.built = true;
      this.element.hidden = false;
      this.element.dataset.epoch = String(reply.info.epoch);
      this.build(reply.info);
      this.follower = new EpochFollower(this.requests, reply.info.epoch, (epoch) => {
        this.element.dataset.epoch = String(epoch);
        this.epochLoaded(epoch);
      });
      this.follower.follow(this.shownEpoch);
    });
  }

  /** Follows the epoch the panel shows: the card's pictures come from that epoch's checkpoint. */
  showEpoch(epoch: number | null): void {
    this.shownEpoch = epoch;
    this.follower?.follow(epoch);
  }

  /** Redraws what the card draws itself in the theme's new colours (pictures from the service need nothing). */
  restyle(): void {}

  /** Whether the service can answer what this card asks (its `info`). */
  protected abstract serves(info: ServeInfo): boolean;
  /** Builds the card's controls and first pictures, once. */
  protected abstract build(info: ServeInfo): void;
  /** Redraws from the checkpoint of `epoch`, now loaded. */
  protected abstract epochLoaded(epoch: number): void;

  protected say(text: string): void {
    this.message.textContent = text;
    this.message.hidden = text === '';
  }
}
