import { strict as assert } from 'node:assert';
import { formatBackend } from '../../src/shared/format';
import type { ArtifactRef, HostToWebview, RunSnapshot, WebviewToHost } from '../../src/shared/protocol';
import { RedrawScheduler, type SchedulerClock } from '../../webview/app/redrawScheduler';
import { artifactAt, epochAfterKey, savedEpochs, shownEpoch } from '../../webview/model/epochs';
import { JsonRequests } from '../../webview/model/jsonRequests';
import { MetricSeries } from '../../webview/model/metricSeries';
import { applyHostMessage, PanelModel } from '../../webview/model/panelModel';
import { restorePanelState } from '../../webview/model/panelState';
import { toScatterPoints } from '../../webview/views/latentScatter';
import { ExploreRequests } from '../../webview/explorer/exploreRequests';

/** A clock tests move by hand. */
class FakeClock implements SchedulerClock {
  time = 0;
  private tasks: { at: number; fn: () => void }[] = [];
  now = () => this.time;
  schedule(fn: () => void, delayMs: number): void {
    this.tasks.push({ at: this.time + delayMs, fn });
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.tasks.sort((a, b) => a.at - b.at);
      const next = this.tasks[0];
      if (!next || next.at > end) break;
      this.tasks.shift();
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }
}

const snapshot = (runId: string, over: Partial<RunSnapshot> = {}): RunSnapshot => ({
  runId, runDir: `/runs/${runId}`, summary: null, metrics: [], artifacts: [], ...over,
});
const art = (name: string, epoch: number, kind: ArtifactRef['kind'] = 'image'): ArtifactRef =>
  ({ name, epoch, kind, path: `images/${name}-e${epoch}.${kind === 'image' ? 'png' : 'json'}` });

function setup() {
  const posted: WebviewToHost[] = [];
  const json = new JsonRequests((m) => posted.push(m));
  const model = new PanelModel();
  const send = (m: HostToWebview | unknown) => applyHostMessage(model, json, m);
  return { posted, json, model, send };
}

describe('webview: redraw throttling', () => {
  it('draws at most 4 times a second however many updates arrive', () => {
    const clock = new FakeClock();
    const draws: number[] = [];
    const scheduler = new RedrawScheduler(() => draws.push(clock.time), 4, clock);
    for (let t = 0; t < 3000; t += 5) {
      scheduler.request();
      clock.advance(5);
    }
    clock.advance(500);
    assert.ok(draws.length >= 11 && draws.length <= 13, `${draws.length} draws in 3 s`);
    for (let i = 1; i < draws.length; i++) assert.ok(draws[i] - draws[i - 1] >= 250, `draws ${draws[i - 1]} → ${draws[i]}`);
  });

  it('draws the first update at once, and a user action on the next frame', () => {
    const clock = new FakeClock();
    let draws = 0;
    const scheduler = new RedrawScheduler(() => draws++, 4, clock);
    scheduler.request();
    clock.advance(0);
    assert.equal(draws, 1);
    clock.advance(100);
    scheduler.request();
    scheduler.requestNow();
    clock.advance(0);
    assert.equal(draws, 2, 'the user action did not wait for the interval');
    clock.advance(1000);
    assert.equal(draws, 2, 'the update it showed is not drawn again');
    scheduler.requestNow();
    clock.advance(0);
    scheduler.request();
    clock.advance(200);
    assert.equal(draws, 3, 'an update right after a user action waits out the interval');
    clock.advance(100);
    assert.equal(draws, 4);
  });
});

describe('webview: host messages', () => {
  it('init builds the run from its snapshot: metrics by kind, artifacts by path', () => {
    const { model, send } = setup();
    const change = send({ type: 'init', theme: 'light', snapshot: snapshot('r1', {
      metrics: [
        { kind: 'step', epoch: 1, globalStep: 1, metrics: { loss: 3, kl: 1 } },
        { kind: 'step', epoch: 1, globalStep: 2, metrics: { loss: 2, kl: 1 } },
        { kind: 'epoch', epoch: 1, globalStep: 2, metrics: { loss: 2.5, testNegElbo: 2.6 } },
      ],
      artifacts: [art('samples', 1), art('samples', 1)],
    }) });
    assert.deepEqual(change, { runs: true });
    assert.equal(model.theme, 'light');
    const run = model.run!;
    assert.deepEqual([...run.series.keys()], ['step:loss', 'step:kl', 'epoch:loss', 'epoch:testNegElbo']);
    assert.equal(run.series.get('step:loss')!.values.length, 2);
    assert.equal(run.artifacts.size, 1);
  });

  it('live events append metrics, place epoch metrics at the last step, and add artifacts', () => {
    const { model, send } = setup();
    send({ type: 'init', theme: 'dark', snapshot: snapshot('r1') });
    send({ type: 'event', runId: 'r1', event: { type: 'run-started', runId: 'r1', runDir: '/r', model: 'vae', name: 'vae-mnist',
      totalEpochs: 3, stepsPerEpoch: 2, pid: 1, time: '' } });
    for (const globalStep of [1, 2]) {
      const change = send({ type: 'event', runId: 'r1', event: { type: 'step', epoch: 1, step: globalStep, globalStep,
        metrics: { loss: 10 / globalStep }, stepsPerSecond: 5, etaSeconds: 3 } });
      assert.deepEqual(change, { metrics: true, status: true });
    }
    send({ type: 'event', runId: 'r1', event: { type: 'epoch', epoch: 1, metrics: { testNegElbo: 7 }, durationS: 1 } });
    assert.deepEqual(send({ type: 'event', runId: 'r1', event: { type: 'artifact', artifact: art('samples', 1) } }), { artifacts: true });
    assert.deepEqual(send({ type: 'artifact-uris', runId: 'r1', uris: { 'images/samples-e1.png': 'vscode-resource:/x.png' } }), { uris: true });
    const run = model.run!;
    assert.equal(run.status, 'running');
    assert.equal(run.name, 'vae-mnist');
    assert.equal(run.totalEpochs, 3);
    assert.deepEqual(run.progress, { epoch: 1, step: 2, stepsPerSecond: 5, etaSeconds: 3 });
    const epochSeries = run.series.get('epoch:testNegElbo')!.values;
    assert.equal(epochSeries.xs[0], 2);
    assert.equal(run.uris.get('images/samples-e1.png'), 'vscode-resource:/x.png');
  });

  it('checkpoint events move the epoch the explorer may ask the model service about', () => {
    const { model, send } = setup();
    send({ type: 'init', theme: 'dark', snapshot: snapshot('r1') });
    assert.equal(model.run!.checkpointEpoch, 0);
    const checkpoint = (epoch: number) => send({ type: 'event', runId: 'r1',
      event: { type: 'checkpoint', epoch, step: 0, globalStep: epoch * 10, path: `checkpoints/ckpt-${epoch}` } });
    assert.deepEqual(checkpoint(1), { status: true });
    assert.deepEqual(checkpoint(1), {}, 'the same epoch again changes nothing');
    assert.equal(model.run!.checkpointEpoch, 1);
  });

  it('explorer replies settle the request with their id, whatever order they come in', async () => {
    const posted: WebviewToHost[] = [];
    const explore = new ExploreRequests((m) => posted.push(m));
    const first = explore.ask({ op: 'info' });
    const second = explore.ask({ op: 'decode', z: [[0, 0]], coalesce: 'plane' });
    assert.deepEqual(posted.map((m) => m.type === 'explore' && [m.id, m.request.op]), [[1, 'info'], [2, 'decode']]);
    assert.equal(explore.receive({ type: 'json', requestId: 1 }), false, 'not an explorer reply');
    assert.equal(explore.receive({ type: 'explore-reply', id: 2, reply: { superseded: true } }), true);
    assert.equal(explore.receive({ type: 'explore-reply', id: 99, reply: { error: 'x' } }), true, 'an unknown id is dropped');
    assert.equal(explore.receive({ type: 'explore-reply', id: 1, reply: { op: 'epochs', epochs: [1], loaded: 1 } }), true);
    assert.deepEqual(await second, { superseded: true });
    assert.deepEqual(await first, { op: 'epochs', epochs: [1], loaded: 1 });
  });

  it('the backend event names the backend and adapter the header shows, before any summary has it', () => {
    const { model, send } = setup();
    send({ type: 'init', theme: 'dark', snapshot: snapshot('r1') });
    assert.equal(formatBackend(model.run!.backend, model.run!.adapter), undefined);
    const adapter = { vendor: 'apple', architecture: 'metal-3', description: 'Apple M2', isFallbackAdapter: false,
      maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31 };
    const change = send({ type: 'event', runId: 'r1', event: { type: 'backend', name: 'webgpu', tfBackend: 'webgpu', skipped: [],
      adapter, threads: 1, threadsReason: 'one thread' } });
    assert.deepEqual(change, { status: true });
    assert.equal(formatBackend(model.run!.backend, model.run!.adapter), 'webgpu on Apple M2');
    assert.equal(formatBackend('webgpu', { ...adapter, description: 'llvmpipe', isFallbackAdapter: true }), 'webgpu on llvmpipe (software)');
  });

  it('run-finished sets the final status and summary', () => {
    const { model, send } = setup();
    send({ type: 'init', theme: 'dark', snapshot: snapshot('r1') });
    send({ type: 'event', runId: 'r1', event: { type: 'run-finished', status: 'failed', message: 'NaN loss',
      summary: { runId: 'r1', name: 'n', model: 'vae', backend: 'cpu', status: 'failed', epochs: 1, totalEpochs: 3, steps: 9,
        durationS: 2, metrics: {}, startedAt: '', updatedAt: '' } } });
    assert.equal(model.run!.status, 'failed');
    assert.equal(model.run!.lastMessage, 'NaN loss');
    assert.equal(model.run!.summary!.steps, 9);
  });

  it('compare runs get their own events, which change curves and views but not the header', () => {
    const { model, send } = setup();
    send({ type: 'init', theme: 'dark', snapshot: snapshot('r1'), compare: [snapshot('r2'), snapshot('r1')] });
    assert.deepEqual(model.runs().map((r) => r.runId), ['r1', 'r2'], 'the panel’s own run is not compared with itself');
    const change = send({ type: 'event', runId: 'r2', event: { type: 'step', epoch: 1, step: 1, globalStep: 1,
      metrics: { loss: 1 }, stepsPerSecond: 1, etaSeconds: null } });
    assert.deepEqual(change, { metrics: true });
    const artifact = { name: 'samples', kind: 'image', epoch: 1, path: 'images/samples-e001.png' };
    assert.deepEqual(send({ type: 'event', runId: 'r2', event: { type: 'artifact', artifact } }), { artifacts: true });
    assert.equal(model.compare[0].artifacts.get(artifact.path)?.epoch, 1);
    assert.deepEqual(send({ type: 'event', runId: 'r2', event: { type: 'run-finished', status: 'done', summary: null } }), {});
    assert.deepEqual(send({ type: 'compare', runs: [snapshot('r3')] }), { runs: true });
    assert.deepEqual(model.runs().map((r) => r.runId), ['r1', 'r3']);
  });

  it('ignores malformed messages and events for unknown runs', () => {
    const { model, send } = setup();
    for (const junk of [null, 42, 'init', {}, { type: 'init' }, { type: 'init', snapshot: { runId: 1 } }, { type: 'nope' },
      { type: 'compare', runs: 'x' }]) {
      assert.deepEqual(send(junk), {});
    }
    assert.equal(model.run, null);
    send({ type: 'init', theme: 'dark', snapshot: snapshot('r1') });
    assert.deepEqual(send({ type: 'event', runId: 'other', event: { type: 'step' } }), {});
    assert.deepEqual(send({ type: 'event', runId: 'r1', event: null }), {});
  });

  it('json replies settle the matching read-json request; results are cached by path', async () => {
    const { posted, json, send } = setup();
    const first = json.read('images/latent-scatter-e001.json');
    const again = json.read('images/latent-scatter-e001.json');
    const failing = json.read('images/missing.json');
    assert.deepEqual(posted, [
      { type: 'read-json', requestId: 1, path: 'images/latent-scatter-e001.json' },
      { type: 'read-json', requestId: 2, path: 'images/missing.json' },
    ]);
    send({ type: 'json', requestId: 2, error: 'ENOENT' });
    send({ type: 'json', requestId: 1, data: { points: [] } });
    send({ type: 'json', requestId: 99, data: 'nobody asked' });
    assert.deepEqual(await first, { points: [] });
    assert.equal(await again, await first);
    await assert.rejects(failing, /ENOENT/);
    void json.read('images/missing.json');
    assert.equal(posted.length, 3, 'a failed read is asked again');
    // A compare run's file of the same path is another file: asked for, by run, and cached apart.
    void json.read('images/latent-scatter-e001.json', 'r2');
    void json.read('images/latent-scatter-e001.json', 'r2');
    assert.deepEqual(posted.slice(3), [{ type: 'read-json', requestId: 4, path: 'images/latent-scatter-e001.json', runId: 'r2' }]);
  });
});

describe('webview: run data', () => {
  it('a resumed run rewrites the steps after its checkpoint', () => {
    const s = new MetricSeries();
    for (let x = 1; x <= 600; x++) s.append(x, x);
    assert.equal(s.generation, 0);
    s.append(401, -1);
    assert.equal(s.length, 401);
    assert.equal(s.generation, 1);
    assert.equal(s.xs[399], 400);
    assert.equal(s.ys[400], -1);
  });

  it('the epoch slider stops at saved epochs; a view shows its latest artifact at or before the chosen one', () => {
    const artifacts = [art('samples', 1), art('samples', 2), art('samples', 3), art('manifold', 1), art('manifold', 3),
      art('latent-scatter', 2, 'json'), art('latent-scatter', 2)];
    assert.deepEqual(savedEpochs(artifacts), [1, 2, 3]);
    assert.equal(shownEpoch(null, [1, 2, 3]), 3);
    assert.equal(shownEpoch(2, [1, 2, 3]), 2);
    assert.equal(shownEpoch(null, []), null);
    assert.equal(artifactAt(artifacts, 'manifold', 'image', 2)?.epoch, 1);
    assert.equal(artifactAt(artifacts, 'latent-scatter', 'json', 1)?.epoch, 2, 'nothing before: the earliest');
    assert.equal(artifactAt(artifacts, 'latent-scatter', 'json', 3)?.kind, 'json');
  });

  it('← / → step the epoch slider one saved epoch, Home / End go to the ends, and the latest follows again', () => {
    const epochs = [1, 5, 10];
    assert.equal(epochAfterKey('ArrowLeft', epochs, null), 5, 'from the latest (following) one back');
    assert.equal(epochAfterKey('ArrowLeft', epochs, 5), 1);
    assert.equal(epochAfterKey('ArrowLeft', epochs, 1), 1, 'stays at the first');
    assert.equal(epochAfterKey('ArrowRight', epochs, 1), 5);
    assert.equal(epochAfterKey('ArrowRight', epochs, 5), null, 'onto the latest: follows new epochs');
    assert.equal(epochAfterKey('ArrowRight', epochs, 7), null, 'from between stops: from the one shown (5)');
    assert.equal(epochAfterKey('ArrowLeft', epochs, 7), 1);
    assert.equal(epochAfterKey('Home', epochs, null), 1);
    assert.equal(epochAfterKey('End', epochs, 1), null);
    assert.equal(epochAfterKey('ArrowUp', epochs, 5), undefined, 'not an epoch key');
    assert.equal(epochAfterKey('ArrowLeft', [], null), undefined, 'no epochs yet');
  });

  it('restores saved state defensively', () => {
    assert.deepEqual(restorePanelState(undefined), { runId: null, smoothing: 0.6, logScale: false, hiddenMetrics: [], epoch: null });
    assert.deepEqual(restorePanelState({ runId: 'r1', smoothing: 7, logScale: true, hiddenMetrics: ['kl', 3], epoch: 4 }),
      { runId: 'r1', smoothing: 0.99, logScale: true, hiddenMetrics: ['kl'], epoch: 4 });
    assert.equal(restorePanelState({ smoothing: 'x', epoch: 1.5 }).epoch, null);
  });

  it('reads the latent-scatter artifact, skipping malformed points', () => {
    const points = toScatterPoints({ points: [[1, 2, 7], [NaN, 1, 1], 'x', [3, 4, 2]], labels: ['zero'] })!;
    assert.deepEqual([...points.xs], [1, 3]);
    assert.deepEqual([...points.labels], [7, 2]);
    assert.deepEqual(points.labelNames, ['zero']);
    assert.equal(toScatterPoints({ nope: 1 }), null);
  });

  it('keeps a latent scatter\'s prior density grid, and drops one whose shape is wrong', () => {
    const prior = { range: [[-1, 1], [-2, 2]], bins: 2, density: [[0, 1], [0.5, 0]] };
    assert.deepEqual(toScatterPoints({ points: [[0, 0, 0]], prior })!.prior, prior);
    for (const bad of [{ ...prior, bins: 3 }, { ...prior, density: [[0, 1], [0.5, NaN]] }, { ...prior, range: [[-1, 1]] }, 'x']) {
      const points = toScatterPoints({ points: [[0, 0, 0]], prior: bad })!;
      assert.equal(points.prior, undefined, JSON.stringify(bad));
      assert.deepEqual([...points.xs], [0]);
    }
  });
});
