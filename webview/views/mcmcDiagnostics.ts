import type { McmcDiagnosticsData, McmcDiagnosticsRow } from '../../src/shared/protocol';
import { createTag, type TagTone } from '../components';
import { formatValue } from '../../src/shared/format';
import { toMcmcDiagnostics } from '../model/mcmcArtifacts';
import { jsonView } from './jsonView';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import '../styles/modelViews.css';

/** A row's statistic; null where the trainer could not compute it (NaN in JSON). */
type Stat = number | null;

const count = (v: Stat) => (v === null ? '–' : Math.round(v).toLocaleString('en-US'));
const value = (v: Stat) => formatValue(v ?? undefined);
/** Estimates side by side keep their trailing zeros: 0.1300 beside 0.1301, not 0.13. */
const estimate = (v: Stat) => (v === null || !Number.isFinite(v) ? value(v) : v.toPrecision(4));

/**
 * ArviZ's `summary` table for the run's chains, beside the exact posterior's mean and sd. R-hat and
 * the effective sample sizes are badges: red past the trainer's thresholds (R-hat > 1.01: the chains
 * disagree; ESS < 400: too few independent draws for the estimates), green within them.
 */
function createDiagnostics(ctx: ViewContext): ArtifactView {
  const summary = document.createElement('p');
  summary.className = 'gl-view-summary';
  const scroller = document.createElement('div');
  scroller.className = 'gl-table-scroll';
  const content = document.createElement('div');
  content.append(summary, scroller);

  const draw = (data: McmcDiagnosticsData) => {
    const { rhat, ess } = data.thresholds;
    const table = document.createElement('table');
    table.className = 'gl-table';
    const head = table.createTHead().insertRow();
    for (const [label, title] of COLUMNS) {
      const th = document.createElement('th');
      th.textContent = label;
      th.title = title;
      th.scope = 'col';
      head.append(th);
    }
    const body = table.createTBody();
    for (const r of data.rows as StatRow[]) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = r.parameter;
      tr.append(th);
      const rhatTone = r.rhat === null ? 'neutral' : r.rhat > rhat ? 'bad' : 'ok';
      const essTone = (v: Stat): TagTone => (v === null ? 'neutral' : v < ess ? 'bad' : 'ok');
      cells(tr, [
        estimate(r.mean), estimate(r.sd), value(r.mcseMean), `[${estimate(r.hdiLow)}, ${estimate(r.hdiHigh)}]`,
        badge(r.rhat === null ? '–' : r.rhat.toFixed(3), rhatTone, rhatTone === 'bad' ? `above ${rhat}: the chains disagree; run longer` : ''),
        badge(count(r.essBulk), essTone(r.essBulk), essTone(r.essBulk) === 'bad' ? `below ${ess}: the mean and sd are not reliable yet` : ''),
        badge(count(r.essTail), essTone(r.essTail), essTone(r.essTail) === 'bad' ? `below ${ess}: the HDI is not reliable yet` : ''),
        estimate(r.exactMean), estimate(r.exactSd),
      ]);
    }
    scroller.replaceChildren(table);
    const acceptance = data.acceptanceRate === undefined ? ''
      : ` · acceptance rate ${formatValue(100 * data.acceptanceRate)}%${data.sampler === 'gibbs' ? ' (Gibbs accepts every draw)' : ''}`;
    summary.textContent = `${data.sampler} · ${data.chains} chains × ${count(data.drawsPerChain)} draws after burn-in${acceptance} · ` +
      `red: R-hat > ${rhat} or ESS < ${ess}`;
  };

  return jsonView(ctx, {
    content, noun: 'diagnostics', parse: toMcmcDiagnostics, draw,
    shape: 'MCMC diagnostics ({sampler, chains, drawsPerChain, thresholds, rows: [{parameter, mean, sd, …}]})',
  });
}

/** Rows as read: any statistic may be null (see toMcmcDiagnostics). */
type StatRow = { [K in keyof McmcDiagnosticsRow]: McmcDiagnosticsRow[K] extends number ? Stat : McmcDiagnosticsRow[K] };

/** Column headings (ArviZ's names where it has one) and what each means, shown on hover. */
const COLUMNS: [string, string][] = [
  ['parameter', ''],
  ['mean', 'mean of the draws after burn-in, all chains'],
  ['sd', 'standard deviation of the draws'],
  ['MCSE', 'Monte Carlo standard error of the mean'],
  ['HDI', 'highest density interval of the draws (94%)'],
  ['R-hat', 'rank-normalized split R-hat (Vehtari et al. 2021); 1 when the chains agree'],
  ['ESS bulk', 'effective sample size in the bulk of the distribution'],
  ['ESS tail', 'effective sample size in the tails (5% and 95% quantiles)'],
  ['exact mean', 'mean of the exact Beta posterior'],
  ['exact sd', 'sd of the exact Beta posterior'],
];

function cells(tr: HTMLTableRowElement, contents: (string | HTMLElement)[]): void {
  for (const c of contents) tr.insertCell().append(c);
}

function badge(text: string, tone: TagTone, title: string): HTMLElement {
  const tag = createTag(text, tone).element;
  if (title) tag.title = title;
  return tag;
}

registerView({ name: 'diagnostics', kind: 'json', title: 'MCMC: diagnostics (ArviZ summary)', order: 45, full: true,
  create: createDiagnostics });
