import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

interface FusedAdamReport {
  threads: number;
  differingFromStock: number;
  differingAfterResume: number;
  moved: number;
  stockKernels: number;
  fusedKernels: number;
  leaked: number;
  sharedTensorKept: boolean;
  sharingVariableMoved: boolean;
  largestDifferenceFromCpu: number;
  largestStepOnCpu: number;
}

/** Every element of the fixture's variables (37×29, 29, 64×16, 16, 3, 1). */
const ELEMENTS = 37 * 29 + 29 + 64 * 16 + 16 + 3 + 1;

describe('GenLab SIMD kernels (built from C)', function () {
  this.timeout(120000);
  const tmp = useTempDir();

  it('the committed build is what the build script makes from the C sources', () => {
    const out = join(tmp.path, 'built.ts');
    const r = spawnSync('bash', [join(ROOT, 'scripts/build-simd-kernels.sh'), out], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stderr}\n(npm test installs clang-19 and lld-19: test/simd/ensureClang.sh)`);
    const committed = readFileSync(join(ROOT, 'src/engine/backend/simdKernels/built.generated.ts'), 'utf8');
    assert.ok(readFileSync(out, 'utf8') === committed, 'built.generated.ts is stale: run scripts/build-simd-kernels.sh and commit it');
  });

  for (const threads of [1, 2]) {
    it(`fused Adam on ${threads} thread(s): tfjs's Adam and the cpu backend's bit for bit, resumes exactly, leaks nothing, spares shared buffers`, () => {
      const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'fixtures', 'fusedAdam.ts'), String(threads)],
        { encoding: 'utf8', timeout: 90000 });
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(r.stdout.trim()) as FusedAdamReport;
      assert.equal(report.threads, threads);
      // The fused path ran: one kernel call per variable would be at least 6; tfjs's Adam runs 14 per variable.
      assert.ok(report.fusedKernels < 6 && report.stockKernels >= 6 * 14, JSON.stringify(report));
      assert.equal(report.moved, ELEMENTS, 'every parameter moved');
      assert.equal(report.differingFromStock, 0);
      assert.equal(report.largestDifferenceFromCpu, 0);
      assert.ok(report.largestStepOnCpu > 1e-3, 'the cpu run moved too');
      assert.equal(report.differingAfterResume, 0);
      assert.equal(report.leaked, 0);
      assert.ok(report.sharedTensorKept, 'a tensor sharing a variable\'s buffer kept its values');
      assert.ok(report.sharingVariableMoved);
    });
  }
});
