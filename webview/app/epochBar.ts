import { createSlider, type Slider } from '../components';
import { epochAfterKey, indexAtOrBefore } from '../model/epochs';

/**
 * The one epoch slider every artifact view follows. At its right end it follows the latest epoch
 * as training saves new ones; anywhere else it stays where the user put it. ← / → step it from anywhere in
 * the panel, Home / End go to the first and the latest epoch.
 */
export class EpochBar {
  readonly element: HTMLElement;
  private readonly slider: Slider;
  private epochs: number[] = [];
  private chosen: number | null = null;

  constructor(private readonly onChoose: (epoch: number | null) => void) {
    this.slider = createSlider({
      label: 'Epoch', min: 0, max: 0, step: 1, value: 0,
      format: (i) => this.describe(i),
      onInput: (i) => onChoose(i >= this.epochs.length - 1 ? null : this.epochs[i]),
    });
    this.slider.element.classList.add('gl-epoch-slider');
    this.slider.element.title = '← / → step epochs, Home / End: first / latest';
    this.element = document.createElement('div');
    this.element.className = 'gl-toolbar';
    this.element.append(this.slider.element);
  }

  render(epochs: number[], chosen: number | null): void {
    this.epochs = epochs;
    this.chosen = chosen;
    this.element.hidden = epochs.length === 0;
    this.slider.setRange(0, Math.max(0, epochs.length - 1));
    this.slider.setEnabled(epochs.length > 1);
    const index = chosen === null ? epochs.length - 1 : indexAtOrBefore(epochs, chosen);
    this.slider.setValue(Math.max(0, index));
  }

  /** Moves the slider for one of the epoch keys; false for any other key. */
  moveByKey(key: string): boolean {
    const next = epochAfterKey(key, this.epochs, this.chosen);
    if (next === undefined) return false;
    if (next !== this.chosen) {
      this.render(this.epochs, next);
      this.onChoose(next);
    }
    return true;
  }

  private describe(index: number): string {
    if (this.epochs.length === 0) return '';
    const epoch = this.epochs[index];
    return index === this.epochs.length - 1 ? `${epoch} (latest)` : `${epoch} of ${this.epochs[this.epochs.length - 1]}`;
  }
}
