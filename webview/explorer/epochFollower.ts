import { resultOf, type ExploreRequests } from './exploreRequests';

/**
 * Keeps an explorer's model service on the epoch the panel shows (the epoch slider, or the newest while a run
 * trains): loads the checkpoint saved at that epoch, or the newest one before it. Requests made while a load is
 * under way are merged: only the last epoch asked for is loaded next.
 */
export class EpochFollower {
  private wanted: number | null = null;
  private busy = false;

  constructor(private readonly requests: ExploreRequests, private serving: number, private readonly onLoaded: (epoch: number) => void) {}

  follow(epoch: number | null): void {
    if (epoch === null) return;
    this.wanted = epoch;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.wanted !== null) {
        const wanted = this.wanted;
        this.wanted = null;
        const { epochs } = resultOf(await this.requests.ask({ op: 'epochs' }), 'epochs');
        const target = epochs.filter((e) => e <= wanted).at(-1) ?? epochs[0];
        if (target === undefined || target === this.serving) continue;
        resultOf(await this.requests.ask({ op: 'load', epoch: target }), 'load');
        this.serving = target;
        this.onLoaded(target);
      }
    } catch {
      // The service keeps the epoch it has; the card's note says which that is.
    } finally {
      this.busy = false;
    }
  }
}
