import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary, TrainerEvent } from '../../../src/shared/protocol';
import { genlab, tinyVaeConfig, waitForStatus, writeConfig } from './helpers';

/** The named run's backend event: which backend the trainer chose, and why it skipped the others. */
function backendEventOf(api: Awaited<ReturnType<typeof genlab>>, name: string): Promise<Extract<TrainerEvent, { type: 'backend' }>> {
  return new Promise((resolve) => {
    const subscription = api.runs.onTrainerEvent(({ run, event }) => {
      if (run.name === name && event.type === 'backend') {
        subscription.dispose();
        resolve(event);
      }
    });
  });
}

// `npm test` runs its webgpu stage first, which installs a software Vulkan driver where the machine has no GPU.
describe('backends', () => {
  it('trains on webgpu when the config names it, and the Runs view and summary name the adapter', async () => {
    const api = await genlab();
    const uri = writeConfig('on-webgpu.genlab.json', { ...tinyVaeConfig('on-webgpu'), backend: 'webgpu' });
    const chosen = backendEventOf(api, 'on-webgpu');
    const runId = await vscode.commands.executeCommand<string>('genlab.train', uri);
    assert.ok(runId);
    assert.equal((await chosen).name, 'webgpu');
    const run = await waitForStatus(api, runId, ['done', 'failed', 'stopped'], 300_000);
    assert.equal(run.status, 'done', run.message);
    assert.ok(run.metrics.testNegElbo > 0);
    assert.equal(run.backend, 'webgpu');
    assert.ok(run.adapter?.description, 'the run knows its adapter');
    assert.match(String(api.runsView.getTreeItem(run).description), /^vae · webgpu · 1\/1 · /);
    const summary = JSON.parse(readFileSync(join(run.runDir!, 'summary.json'), 'utf8')) as RunSummary;
    assert.equal(summary.backend, 'webgpu');
    assert.deepEqual(summary.adapter, run.adapter);
  });

  it('genlab.gpu "avoid" keeps a backend "auto" run off the GPU rungs, saying why', async () => {
    const api = await genlab();
    const settings = vscode.workspace.getConfiguration('genlab');
    await settings.update('gpu', 'avoid', vscode.ConfigurationTarget.Workspace);
    try {
      const uri = writeConfig('avoid-gpu.genlab.json', { ...tinyVaeConfig('avoid-gpu'), backend: 'auto' });
      const chosen = backendEventOf(api, 'avoid-gpu');
      const runId = await vscode.commands.executeCommand<string>('genlab.train', uri);
      const event = await chosen;
      assert.notEqual(event.name, 'webgpu');
      assert.notEqual(event.name, 'tensorflow-gpu');
      const reasons = Object.fromEntries(event.skipped.map((s) => [s.name, s.reason]));
      assert.match(reasons.webgpu ?? '', /GPU avoided/, JSON.stringify(event.skipped));
      assert.match(reasons['tensorflow-gpu'] ?? '', /GPU avoided/);
      assert.equal((await waitForStatus(api, runId, ['done', 'failed'])).status, 'done');
    } finally {
      await settings.update('gpu', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
