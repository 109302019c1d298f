import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_OPTIONS, parseArgs } from '../../src/cli/args';
import { InputError } from '../../src/engine/train/errors';
import { runCli, ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

const EXAMPLE = join(ROOT, 'examples', 'vae-mnist.genlab.json');

function refusal(command: string, argv: string[]): string {
  try {
    parseArgs(command, argv);
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e.message;
  }
  assert.fail(`genlab ${command} ${argv.join(' ')} was accepted`);
}

describe('strict command-line parsing', function () {
  this.timeout(60000);
  const tmp = useTempDir();

  it('reads the options each command knows, in both spellings, --set repeated', () => {
    const args = parseArgs('train', ['x.json', '--set', 'a=1', '--set=b=2', '--out', 'o', '--json', '--resume=r']);
    assert.deepEqual(args.positionals, ['x.json']);
    assert.deepEqual(args.sets, ['a=1', 'b=2']);
    assert.deepEqual([...args.values], [['--out', 'o'], ['--resume', 'r']]);
    assert.deepEqual([...args.flags], ['--json']);
  });

  it('refuses an unknown option, naming it, with the --set setting for a near miss', () => {
    assert.match(refusal('train', ['x.json', '--epochs', '3']), /unknown option --epochs .*--set training\.epochs=3/);
    assert.match(refusal('train', ['x.json', '--latent-dim=4']), /unknown option --latent-dim .*--set model\.latentDim=4/);
    assert.match(refusal('train', ['x.json', '--backend', 'wasm']), /unknown option --backend .*--set backend=wasm/);
    assert.match(refusal('runs', ['--jsn']), /unknown option --jsn \(did you mean --json\?\)/);
    assert.match(refusal('sample', ['r', '--bogus']), /unknown option --bogus$/);
    assert.match(refusal('train', ['x.json', '--set']), /--set needs a value/);
  });

  it('an option of one command is unknown to another', () => {
    assert.match(refusal('sample', ['r', '--json']), /unknown option --json/);
    assert.match(refusal('runs', ['--out', 'x']), /unknown option --out/);
    assert.ok(!Object.values(COMMAND_OPTIONS).some((o) => 'backend' in o), '--backend is gone: backend is a setting');
  });

  it('genlab exits 2 on an unknown option and starts nothing', async () => {
    const out = join(tmp.path, 'runs');
    for (const command of ['validate', 'train']) {
      const r = await runCli([command, EXAMPLE, '--epochs', '3', '--out', out]);
      assert.equal(r.code, 2, `${command}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /unknown option --epochs/);
    }
    assert.equal(existsSync(out), false);
  });
});
