import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns } from '../../src/engine/runs/store';
import { runCli } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

const GOOD = { runId: 'r', name: 'n', model: 'vae', backend: 'cpu', status: 'done', epochs: 2, totalEpochs: 2, steps: 10,
  durationS: 1, metrics: { testNegElbo: 101.5 }, startedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };

describe('genlab runs with damaged summaries', function () {
  this.timeout(60000);
  const tmp = useTempDir();

  function run(id: string, summary: string | null): void {
    mkdirSync(join(tmp.path, id));
    writeFileSync(join(tmp.path, id, 'config.json'), '{}');
    if (summary !== null) writeFileSync(join(tmp.path, id, 'summary.json'), summary);
  }

  beforeEach(() => {
    run('a-good', JSON.stringify(GOOD));
    run('b-null-metrics', JSON.stringify({ ...GOOD, metrics: null }));
    run('c-string-metric', JSON.stringify({ ...GOOD, metrics: { testNegElbo: 'low' } }));
    run('d-torn', '{"runId": "r", "sta');
    run('e-no-summary-yet', null);
  });

  it('lists every run and marks each damaged one unreadable with the reason', async () => {
    const r = await runCli(['runs', tmp.path]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /a-good\s+done\s+vae\s+2\/2\s+cpu\s+testNegElbo 101\.5\b/);
    for (const id of ['b-null-metrics', 'c-string-metric', 'd-torn']) assert.match(r.stdout, new RegExp(`${id}\\s+unreadable`));
    assert.match(r.stdout, /e-no-summary-yet\s+unknown/);
    assert.match(r.stderr, /b-null-metrics: summary\.json: "metrics" is not an object/);
    assert.match(r.stderr, /c-string-metric: summary\.json: metric "testNegElbo" is not a number/);
    assert.match(r.stderr, /d-torn: summary\.json is not valid JSON/);
  });

  it('a summary claiming `running` for a live pid (1) without its run\'s lock is listed as killed', async () => {
    run('f-planted', JSON.stringify({ ...GOOD, runId: 'f-planted', status: 'running', pid: 1 }));
    const r = await runCli(['runs', tmp.path]);
    assert.match(r.stdout, /f-planted\s+killed/);
  });

  it('--json carries the reason, and the library hands no damaged summary on', async () => {
    const r = await runCli(['runs', tmp.path, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const listed = JSON.parse(r.stdout) as { dir: string; unreadable?: string; status?: string }[];
    assert.equal(listed.length, 5);
    assert.deepEqual(listed.filter((x) => x.unreadable).length, 3);
    const runs = listRuns(tmp.path);
    assert.deepEqual(runs.filter((x) => x.summary !== null).map((x) => x.id), ['a-good']);
  });
});

describe('genlab runs ranked by quality', function () {
  this.timeout(60000);
  const tmp = useTempDir();

  beforeEach(() => {
    const runs: [string, Record<string, number>][] = [['a-blurry', { testNegElbo: 120, fid: 40.5, classCoverage: 0.9 }],
      ['b-sharp', { testNegElbo: 100, fid: 3.25, classCoverage: 1 }], ['c-unjudged', { testNegElbo: 90 }],
      ['d-faces', { dLoss: 1, diversityRatio: 0.875 }]];
    for (const [id, metrics] of runs) {
      mkdirSync(join(tmp.path, id));
      writeFileSync(join(tmp.path, id, 'config.json'), '{}');
      writeFileSync(join(tmp.path, id, 'summary.json'), JSON.stringify({ ...GOOD, model: id === 'd-faces' ? 'gan' : 'vae', metrics }));
    }
  });

  const order = (stdout: string) => stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/)[0]);

  it('shows each run\'s FID or diversity, and --sort orders by any metric, lowest or (-METRIC) highest first', async () => {
    const plain = await runCli(['runs', tmp.path]);
    assert.match(plain.stdout, /QUALITY/);
    assert.match(plain.stdout, /b-sharp .* fid 3\.25/);
    assert.match(plain.stdout, /d-faces .* diversity ×0\.875/);
    const byFid = await runCli(['runs', tmp.path, '--sort', 'fid']);
    assert.deepEqual(order(byFid.stdout), ['b-sharp', 'a-blurry', 'd-faces', 'c-unjudged']);
    const byCoverage = await runCli(['runs', tmp.path, '--sort=-classCoverage', '--json']);
    assert.deepEqual((JSON.parse(byCoverage.stdout) as { dir: string }[]).map((r) => r.dir.split('/').pop()),
      ['b-sharp', 'a-blurry', 'd-faces', 'c-unjudged']);
  });

  it('refuses --sort by a metric no run has, naming it', async () => {
    const r = await runCli(['runs', tmp.path, '--sort', 'fdi']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--sort fdi: no run has a metric "fdi"/);
  });
});
