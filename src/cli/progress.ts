import { formatBackend, formatDuration, formatValue } from '../shared/format';
import type { TrainerEvent } from '../shared/protocol';

function metricsText(metrics: Record<string, number>): string {
  return Object.entries(metrics).map(([k, v]) => `${k} ${formatValue(v)}`).join(' · ');
}

/**
 * Human output for `genlab train`: a progress bar with ETA redrawn in place on a terminal; on a
 * pipe or log file, a line per epoch plus a progress line every few seconds.
 */
export function humanReporter(out: NodeJS.WriteStream): (e: TrainerEvent) => void {
  const tty = out.isTTY === true;
  let totalEpochs = 0;
  let stepsPerEpoch = 0;
  let lastLine = 0;
  const line = (text: string) => out.write((tty ? '\r\x1b[K' : '') + text + '\n');
  return (e) => {
    switch (e.type) {
      case 'backend':
        line(`backend: ${formatBackend(e.name, e.adapter)}${e.skipped.length ? ` (skipped: ${e.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}`);
        break;
      case 'data':
        line(`data: ${e.source}, ${e.train} train / ${e.test} test${e.skipped ? `, ${e.skipped} skipped` : ''}${e.detail ? ` (${e.detail})` : ''}`);
        break;
      case 'run-started':
        totalEpochs = e.totalEpochs;
        stepsPerEpoch = e.stepsPerEpoch;
        line(`run ${e.runId} → ${e.runDir}${e.resumedFrom ? ` (resumed at epoch ${e.resumedFrom.epoch}, step ${e.resumedFrom.step})` : ''}`);
        break;
      case 'step': {
        const width = 24;
        const done = Math.round((e.step / Math.max(1, stepsPerEpoch)) * width);
        const text = `epoch ${e.epoch}/${totalEpochs} [${'#'.repeat(done)}${'-'.repeat(width - done)}] ${e.step}/${stepsPerEpoch} ` +
          `${metricsText(e.metrics)} · ${e.stepsPerSecond.toFixed(1)} steps/s · ETA ${formatDuration(e.etaSeconds ?? NaN)}`;
        if (tty) out.write('\r\x1b[K' + text);
        else if (Date.now() - lastLine > 5000) {
          out.write(text + '\n');
          lastLine = Date.now();
        }
        break;
      }
      case 'epoch':
        line(`epoch ${e.epoch}/${totalEpochs} (${formatDuration(e.durationS)}): ${metricsText(e.metrics)}`);
        break;
      case 'log':
        line(e.level === 'warn' ? `warning: ${e.message}` : e.message);
        break;
      case 'run-finished':
        line(`${e.status}${e.message ? `: ${e.message}` : ''} — ${e.summary.epochs} epochs, ${e.summary.steps} steps in ${formatDuration(e.summary.durationS)}`);
        break;
      default:
        break;
    }
  };
}
