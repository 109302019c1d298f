import { strict as assert } from 'node:assert';
import { planRetention, type CheckpointEntry } from '../../src/engine/runs/checkpointRetention';
import { lerpPath, slerpPath } from '../../src/engine/serve/interpolation';
import { parseServeRequest } from '../../src/shared/serveRequests';

const norm = (v: number[]) => Math.hypot(...v);
/** Epoch-end checkpoints after epochs 1..n, as the trainer names them (resuming at epoch e + 1, step 0). */
const epochEnds = (n: number): CheckpointEntry[] =>
  Array.from({ length: n }, (_, i) => ({ name: `ckpt-${String(i + 1).padStart(9, '0')}`, epoch: i + 2, step: 0 }));

describe('serve: checkpoint retention', () => {
  it('keeps every epoch up to the limit; only the newest two keep optimizer slots', () => {
    const plan = planRetention(epochEnds(10), 100);
    assert.deepEqual(plan.remove, []);
    assert.equal(plan.weightsOnly.length, 8);
    assert.ok(!plan.weightsOnly.includes('ckpt-000000010') && !plan.weightsOnly.includes('ckpt-000000009'));
  });

  it('past the limit thins to every 2nd, 4th, … epoch, and never needs one it deleted', () => {
    let alive = new Set<string>();
    for (let n = 1; n <= 300; n++) {
      const entries = epochEnds(n).filter((e) => alive.has(e.name) || e.epoch === n + 1);
      const plan = planRetention(entries, 50);
      alive = new Set(entries.map((e) => e.name).filter((name) => !plan.remove.includes(name)));
      assert.ok(alive.size <= 52, `${alive.size} kept after ${n} epochs`);
      // Whatever stride applies now only keeps epochs that were still kept.
      for (const e of plan.weightsOnly) assert.ok(entries.some((x) => x.name === e));
    }
    const kept = [...alive].map((name) => Number(name.slice(5)));
    // 300 epochs into at most 50: stride 8 → 37 thinned epochs plus the newest two.
    assert.ok(kept.includes(296) && kept.includes(8) && !kept.includes(4), kept.join(','));
    assert.ok(kept.includes(300) && kept.includes(299));
  });

  it('"all" keeps all; old mid-epoch (stopped) checkpoints go', () => {
    const entries = [...epochEnds(3), { name: 'ckpt-000000013', epoch: 4, step: 7 }, ...epochEnds(6).slice(4)];
    const plan = planRetention(entries, 'all');
    assert.deepEqual(plan.remove, ['ckpt-000000013']);
    assert.deepEqual(plan.weightsOnly, ['ckpt-000000001', 'ckpt-000000002', 'ckpt-000000003']);
  });
});

describe('serve: interpolation', () => {
  it('lerp and slerp start and end at the two points', () => {
    for (const path of [lerpPath([1, 0], [0, 3], 4), slerpPath([1, 0], [0, 3], 4)]) {
      assert.deepEqual(path[0], [1, 0]);
      assert.ok(Math.abs(path[3][0]) < 1e-12 && Math.abs(path[3][1] - 3) < 1e-12);
    }
  });

  it('slerp keeps the norm moving linearly (the straight line dips toward the origin)', () => {
    const a = [2, 0, 0];
    const b = [0, 0, -2];
    const s = slerpPath(a, b, 5);
    for (const p of s) assert.ok(Math.abs(norm(p) - 2) < 1e-12);
    assert.ok(Math.abs(norm(lerpPath(a, b, 5)[2]) - Math.SQRT2) < 1e-12);
  });

  it('falls back to the line for parallel or zero endpoints', () => {
    assert.deepEqual(slerpPath([0, 0], [1, 1], 3), lerpPath([0, 0], [1, 1], 3));
    assert.deepEqual(slerpPath([1, 1], [2, 2], 3), lerpPath([1, 1], [2, 2], 3));
  });
});

describe('serve: request validation', () => {
  it('accepts each op in its documented shape', () => {
    const good = [
      { id: 1, op: 'decode', z: [[0, 1]], coalesce: 'pointer' }, { id: 2, op: 'encode', indices: [0] },
      { id: 3, op: 'interpolate', from: [0], to: [1], frames: 8, mode: 'slerp' }, { id: 4, op: 'sample', n: 4, seed: 1 },
      { id: 5, op: 'complete', pixels: [0, 1], mask: [1, 0], n: 2, seed: 0 }, { id: 6, op: 'epochs' },
      { id: 7, op: 'load', epoch: 3 }, { id: 'x', op: 'walk', z: [0], epochs: [1, 2] }, { id: 8, op: 'test-images', indices: [1] },
      { id: 9, op: 'generate', z: [[0, 1]] }, { id: 10, op: 'generate', n: 5000, seed: 2, temperature: 0.5 },
    ];
    for (const request of good) assert.deepEqual(parseServeRequest(JSON.stringify(request)), { request });
  });

  it('names what is wrong and keeps the id', () => {
    assert.deepEqual(parseServeRequest('{"id":3,"op":"load","epoch":0}'), { id: 3, error: 'epoch must be an integer from 1 to 9007199254740991' });
    assert.deepEqual(parseServeRequest('{"id":"a","op":"decode","z":[[1,"2"]]}'), { id: 'a', error: 'z[0] must hold finite numbers within ±10000' });
    assert.deepEqual(parseServeRequest('[]'), { id: null, error: 'a request is a JSON object' });
    assert.match((parseServeRequest('{"id":1,"op":"frobnicate"}') as { error: string }).error, /unknown op "frobnicate"/);
    assert.match((parseServeRequest(`{"id":1,"op":"sample","n":1000}`) as { error: string }).error, /n must be an integer from 1 to 64/);
    // generate's bounds, and draws (n, seed) or points (z), never both: one of them would be ignored.
    assert.match((parseServeRequest('{"id":2,"op":"generate","z":[[1]],"n":5}') as { error: string }).error, /give z .* or n and seed .*, not both/);
    assert.match((parseServeRequest('{"id":1,"op":"generate","n":20001}') as { error: string }).error, /n must be an integer from 1 to 20000/);
    assert.match((parseServeRequest('{"id":1,"op":"generate","temperature":"hot"}') as { error: string }).error, /temperature must be a number/);
  });
});
