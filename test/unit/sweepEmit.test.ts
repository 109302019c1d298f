import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

describe('genlab sweep --emit', function () {
  this.timeout(60000);
  const tmp = useTempDir();

  function config(): string {
    const file = join(tmp.path, 'tiny.genlab.json');
    writeFileSync(file, JSON.stringify({ name: 'tiny', model: { type: 'gan-1d' }, output: { dir: join(tmp.path, 'runs') },
      sweep: { grid: { 'model.noiseDim': [2, 4, 8] }, random: { 'training.optimizer.learningRate': { logUniform: [1e-4, 1e-2] } }, trials: 2 } }));
    return file;
  }

  it('slurm: a job array of one `genlab sweep --trial $SLURM_ARRAY_TASK_ID` per trial, with the named setup', async () => {
    const r = await runCli(['sweep', config(), '--emit', 'slurm', '--out', join(tmp.path, 'job'), '--parallel', '3',
      '--setup', 'module load nodejs/20; source env.sh', '--partition', 'cpu', '--time', '01:00:00', '--set', 'training.epochs=2'], undefined, tmp.path);
    assert.equal(r.code, 0, r.stderr);
    const script = readFileSync(join(tmp.path, 'job', 'sweep.sbatch'), 'utf8');
    assert.match(script, /^#SBATCH --array=0-5%3$/m);
    assert.match(script, /^#SBATCH --partition=cpu$/m);
    assert.match(script, /^#SBATCH --time=01:00:00$/m);
    assert.match(script, /^module load nodejs\/20\nsource env\.sh\n/m);
    assert.match(script, new RegExp(`^exec genlab sweep ${join(tmp.path, 'tiny.genlab.json')} --out ${join(tmp.path, 'runs', 'tiny-sweep')} ` +
      `--trial "\\$SLURM_ARRAY_TASK_ID" --set training.epochs=2$`, 'm'));
  });

  it('kubernetes: an Indexed Job that validates against the API schema (kubernetes-models)', async () => {
    const r = await runCli(['sweep', config(), '--emit', 'kubernetes', '--out', join(tmp.path, 'job'), '--parallel', '2',
      '--image', 'registry.example/genlab:0.1', '--volume-claim', 'team-runs', '--setup', 'npm ci'], undefined, tmp.path);
    assert.equal(r.code, 0, r.stderr);
    const manifest = JSON.parse(readFileSync(join(tmp.path, 'job', 'sweep-job.json'), 'utf8'));
    const { Job } = await import('kubernetes-models/batch/v1');
    // validate() comes from the package's base model, whose types this tsconfig's resolution does not reach.
    const validate = (value: unknown) => (new Job(value as never) as unknown as { validate(): void }).validate();
    validate(manifest);
    assert.equal(manifest.spec.completionMode, 'Indexed');
    assert.equal(manifest.spec.completions, 6);
    assert.equal(manifest.spec.parallelism, 2);
    const [container] = manifest.spec.template.spec.containers;
    assert.equal(container.image, 'registry.example/genlab:0.1');
    assert.equal(container.command[2], 'npm ci\nexec genlab sweep /workspace/tiny.genlab.json --out /workspace/runs/tiny-sweep --trial "$JOB_COMPLETION_INDEX"');
    assert.equal(manifest.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, 'team-runs');
    // The validator is not a rubber stamp: a wrong type fails.
    assert.throws(() => validate({ ...manifest, spec: { ...manifest.spec, completions: 'six' } }), /completions must be integer/);
  });
});
