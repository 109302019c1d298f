import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainerEvent } from '../../../src/shared/protocol';
import { genlab, PAGE_READY_MS, TINY_OVERRIDES, tinyVaeConfig, waitFor, waitForStatus, workspaceDir, writeConfig } from './helpers';

describe('training', () => {
  it('trains the example config (made tiny) to done, with the panel beside it receiving events', async () => {
    const api = await genlab();
    const uri = vscode.Uri.file(join(workspaceDir(), 'vae-mnist.genlab.json'));
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const seen: TrainerEvent['type'][] = [];
    const subscription = api.runs.onTrainerEvent(({ run, event }) => {
      if (run.name === 'vae-mnist') seen.push(event.type);
    });
    // Two epochs on 1,024 digits: long enough for the page to load and then follow the run live.
    const overrides = [...TINY_OVERRIDES, 'training.epochs=2', 'data.limit=1024'];
    const runId = await vscode.commands.executeCommand<string>('genlab.train', uri, { overrides });
    assert.ok(runId, 'Train returned no run id');
    const panel = api.panels.get(runId);
    assert.ok(panel, 'no panel opened for the run');
    const column = await waitFor(() => panel.panel.viewColumn, 'the panel to be shown', 10_000);
    assert.equal(column, vscode.ViewColumn.Two, 'the panel is beside the editor');
    const run = await waitForStatus(api, runId, ['done', 'failed', 'stopped']);
    subscription.dispose();
    assert.equal(run.status, 'done', run.message);
    assert.equal(run.epochsDone, 2);
    assert.ok(run.metrics.testNegElbo > 0);
    for (const type of ['run-started', 'step', 'epoch', 'artifact', 'checkpoint', 'run-finished'] as const) {
      assert.ok(seen.includes(type), `no ${type} event (saw ${seen.join(', ')})`);
    }
    // The page (dist/webview.js) said ready, got init (everything so far), then the events live, to the end —
    // or, where the run beat the page's start-up, an init that already holds the finished run.
    await waitFor(() => panel.stats.lastEventSent === 'run-finished' || panel.stats.lastInitStatus === 'done',
      'the finished run to reach the panel', PAGE_READY_MS);
    assert.ok(panel.stats.readyCount >= 1, 'the panel never said ready');
    assert.ok(panel.stats.initsSent >= 1);
    if (panel.stats.lastEventSent === 'run-finished') {
      assert.ok(panel.stats.eventsSent >= 3, `only ${panel.stats.eventsSent} events forwarded`);
    }
    assert.equal(panel.stats.rejectedMessages, 0);
    const images = readdirSync(join(run.runDir!, 'images'));
    assert.ok(images.includes('samples-e001.png'), images.join(', '));
  });

  it('stops a run with a checkpoint and resumes it to the end', async () => {
    const api = await genlab();
    const uri = writeConfig('stop-resume.genlab.json',
      // Long enough (3 × 128 steps) that Stop lands mid-run.
      tinyVaeConfig('stop-resume', { training: { epochs: 3, batchSize: 16 }, data: { limit: 2048 } }));
    const firstStep = new Promise<void>((resolve) => {
      const subscription = api.runs.onTrainerEvent(({ run, event }) => {
        if (run.name === 'stop-resume' && event.type === 'step') {
          subscription.dispose();
          resolve();
        }
      });
    });
    const runId = await vscode.commands.executeCommand<string>('genlab.train', uri);
    assert.ok(runId);
    await firstStep;
    assert.equal(await vscode.commands.executeCommand('genlab.stop', runId), true);
    const stopped = await waitForStatus(api, runId, ['stopped', 'done', 'failed']);
    assert.equal(stopped.status, 'stopped', stopped.message);
    assert.ok(readdirSync(join(stopped.runDir!, 'checkpoints')).length > 0, 'no checkpoint after Stop');

    const resumedId = await vscode.commands.executeCommand<string>('genlab.resume', runId);
    assert.equal(resumedId, runId, 'Resume continues in the same run folder');
    const done = await waitForStatus(api, runId, ['done', 'failed', 'stopped']);
    assert.equal(done.status, 'done', done.message);
    assert.equal(done.epochsDone, 3);
    assert.ok(existsSync(join(done.runDir!, 'images', 'samples-e003.png')));
  });

  it('trains several runs at once, each with its own state', async () => {
    const api = await genlab();
    const a = writeConfig('parallel-a.genlab.json', tinyVaeConfig('parallel-a'));
    const b = writeConfig('parallel-b.genlab.json', tinyVaeConfig('parallel-b'));
    const [idA, idB] = await Promise.all([
      vscode.commands.executeCommand<string>('genlab.train', a),
      vscode.commands.executeCommand<string>('genlab.train', b),
    ]);
    assert.ok(idA && idB && idA !== idB);
    const runs = await Promise.all([waitForStatus(api, idA, ['done', 'failed']), waitForStatus(api, idB, ['done', 'failed'])]);
    assert.deepEqual(runs.map((r) => r.status), ['done', 'done']);
  });

  it('queues runs beyond genlab.maxConcurrentRuns and starts them as slots free up', async () => {
    const api = await genlab();
    const settings = vscode.workspace.getConfiguration('genlab');
    await settings.update('maxConcurrentRuns', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const first = writeConfig('queue-first.genlab.json', tinyVaeConfig('queue-first'));
      const second = writeConfig('queue-second.genlab.json', tinyVaeConfig('queue-second'));
      const firstId = vscode.commands.executeCommand<string>('genlab.train', first);
      await waitFor(() => api.runs.list().find((r) => r.name === 'queue-first' && r.status === 'running'), 'the first run to start');
      const secondId = vscode.commands.executeCommand<string>('genlab.train', second);
      const queued = await waitFor(() => api.runs.list().find((r) => r.name === 'queue-second'), 'the second run to be listed');
      assert.equal(queued.status, 'queued');
      const [a, b] = await Promise.all([firstId, secondId]);
      const runs = await Promise.all([waitForStatus(api, a, ['done', 'failed']), waitForStatus(api, b, ['done', 'failed'])]);
      assert.deepEqual(runs.map((r) => r.status), ['done', 'done']);
      assert.ok(runs[1].startedAt >= runs[0].startedAt);
    } finally {
      await settings.update('maxConcurrentRuns', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('marks a run whose trainer fails as failed, with the trainer\'s own message', async () => {
    const api = await genlab();
    // Valid for the editor (the folder exists) but the trainer finds no images in it.
    mkdirSync(join(workspaceDir(), 'no-images'), { recursive: true });
    const uri = writeConfig('fails.genlab.json', {
      name: 'fails', model: { type: 'vae', hidden: [32] }, data: { source: 'image-folder', dir: 'no-images', size: 28, channels: 1 },
    });
    const runId = await vscode.commands.executeCommand<string>('genlab.train', uri);
    assert.ok(runId, 'the run has a folder even though it failed before training');
    const failed = await waitForStatus(api, runId, ['failed', 'done']);
    assert.equal(failed.status, 'failed');
    assert.match(failed.message ?? '', /no JPEG\/PNG\/WebP images/);
    // What the crash notification shows besides the message: the trainer's last stderr lines, kept after it exits.
    await waitFor(() => api.runs.stderrTail(failed.key).some((l) => l.includes('no JPEG/PNG/WebP images')), 'stderr kept');
    assert.ok(failed.runDir && existsSync(failed.runDir), 'the failed run keeps its folder');
  });
});
