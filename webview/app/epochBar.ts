import { createSlider, type Slider } from '../components';

/**
 * The one epoch slider every artifact view follows. At its right end it follows the latest epoch
 * as training saves new ones; anywhere else it stays where the user put it.
 */
export class EpochBar {
  readonly element: HTMLElement;
  private readonly slider: Slider;
  private epochs: number[] = [];

  constructor(private readonly onChoose: (epoch: number | null) => void) {
    this.slider = createSlider({
      label: 'Epoch', min: 0, max: 0, step: 1, value: 0,
      format: (i) => this.describe(i),
      onInput: (i) => onChoose(i >= this.epochs.length - 1 ? null : this.epochs[i]),
    });
    this.slider.element.classList.add('gl-epoch-slider');
    this.element = document.createElement('div');
    this.element.className = 'gl-toolbar';
    this.element.append(this.slider.element);
  }

  render(epochs: number[], chosen: number | null): void {
    this.epochs = epochs;
    this.element.hidden = epochs.length === 0;
    this.slider.setRange(0, Math.max(0, epochs.length - 1));
    this.slider.setEnabled(epochs.length > 1);
    const index = chosen === null ? epochs.length - 1 : nearestAtOrBefore(epochs, chosen);
    this.slider.setValue(Math.max(0, index));
  }

  private describe(index: number): string {
    if (this.epochs.length === 0) return '';
    const epoch = this.epochs[index];
    return index === this.epochs.length - 1 ? `${epoch} (latest)` : `${epoch} of ${this.epochs[this.epochs.length - 1]}`;
  }
}

function nearestAtOrBefore(sorted: number[], value: number): number {
  let found = 0;
  sorted.forEach((e, i) => { if (e <= value) found = i; });
  return found;
}
