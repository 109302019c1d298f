import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { SweepFile, SweepTrialRecord } from '../../src/shared/protocol';
import { sweepPageHtml, trialsToCompare } from '../../src/extension/sweep/sweepPage';

const trial = (index: number, over: Partial<SweepTrialRecord>): SweepTrialRecord =>
  ({ index, overrides: { 'model.noiseDim': index % 2 ? 4 : 2, 'training.optimizer.learningRate': index < 2 ? 1e-3 : 2e-4 }, status: 'done', ...over });

const file: SweepFile = {
  format: 'genlab-sweep-1', name: 'tiny', config: '/w/tiny.genlab.json', model: 'gan-1d', metric: 'js', goal: 'minimize',
  paths: ['model.noiseDim', 'training.optimizer.learningRate'], status: 'running',
  trials: [
    trial(0, { run: '20261202-1-tiny-t000', value: 0.5 }),
    trial(1, { run: '20261202-1-tiny-t001', value: 0.4 }),
    trial(2, { run: '20261202-2-tiny-t002', status: 'running' }),
    trial(3, { status: 'pending' }),
  ],
  best: { index: 1, value: 0.4, run: '20261202-1-tiny-t001' }, createdAt: '', updatedAt: '',
};

describe('sweep panel page', () => {
  it('draws one parallel-coordinates line per finished trial, the best marked, and a tick box per trial with a run', () => {
    const html = sweepPageHtml(file, 'N0NCE');
    assert.equal(html.match(/<polyline /g)?.length, 2);
    assert.equal(html.match(/<polyline [^>]*class="best"/g)?.length, 1);
    assert.deepEqual([...html.matchAll(/data-run="([^"]+)"/g)].map((m) => m[1]).sort(),
      ['20261202-1-tiny-t000', '20261202-1-tiny-t001', '20261202-2-tiny-t002']);
    assert.match(html, /content="default-src 'none'; style-src 'nonce-N0NCE'; script-src 'nonce-N0NCE'"/);
    assert.equal(html.match(/<script nonce="N0NCE">/g)?.length, 1);
    assert.doesNotMatch(html, /<script(?! nonce="N0NCE")/);
  });

  it('a compare message becomes the ticked trials\' run folders, and only this sweep\'s', () => {
    const dir = '/w/.genlab/runs/tiny-sweep';
    assert.deepEqual(trialsToCompare(dir, file, { type: 'compare', runs: ['20261202-1-tiny-t001', '20261202-1-tiny-t000'] }), [
      { runId: '20261202-1-tiny-t001', runDir: join(dir, '20261202-1-tiny-t001') },
      { runId: '20261202-1-tiny-t000', runDir: join(dir, '20261202-1-tiny-t000') },
    ]);
    for (const bad of [
      { type: 'compare', runs: ['20261202-1-tiny-t001'] }, // one is nothing to compare
      { type: 'compare', runs: ['20261202-1-tiny-t001', '../../elsewhere'] },
      { type: 'compare', runs: ['20261202-1-tiny-t001', 7] },
      { type: 'open', runs: ['20261202-1-tiny-t001', '20261202-1-tiny-t000'] },
      null, 'compare',
    ]) assert.equal(trialsToCompare(dir, file, bad), null, JSON.stringify(bad));
    assert.equal(trialsToCompare(dir, null, { type: 'compare', runs: ['a', 'b'] }), null);
  });
});
