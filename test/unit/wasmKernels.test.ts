import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { strict as assert } from 'node:assert';
import { initWasmBackend } from '../../src/engine/backend/wasm';
import { batchMatMulConfig } from '../../src/engine/backend/wasmKernels/batchMatMul';
import { conv2DBackpropFilterConfig } from '../../src/engine/backend/wasmKernels/conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from '../../src/engine/backend/wasmKernels/conv2DBackpropInput';
import { fusedMatMulConfig } from '../../src/engine/backend/wasmKernels/fusedMatMul';
import { ganSchema } from '../../src/engine/models/gan/config';
import { discriminatorLoss, generatorLoss } from '../../src/engine/nn/ganLosses';
import { buildGanNetworks } from '../../src/engine/models/gan/networks';
import { ParamStore } from '../../src/engine/nn/params';
import { Rng } from '../../src/engine/util/rng';

/**
 * GenLab's wasm kernels against the `cpu` backend's: the same plain-array inputs go through both
 * backends (tensors belong to one backend), forward and through tf.grads, which reaches the kernels
 * from the gradients of matMul, conv2d and conv2dTranspose.
 */

const rng = new Rng(20240611);
const values = (shape: number[]) => rng.normalArray(tf.util.sizeFromShape(shape));

/** Runs `compute` on one backend and reads its outputs back as plain arrays. */
async function outputsOn(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(compute);
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return data;
}

/** Every wasm output matches cpu's to `tol` relative to the largest reference magnitude. */
async function assertWasmMatchesCpu(compute: () => tf.Tensor[], what: string, tol = 1e-4): Promise<void> {
  const expected = await outputsOn('cpu', compute);
  const actual = await outputsOn('wasm', compute);
  expected.forEach((ref, i) => {
    assert.equal(actual[i].length, ref.length, `${what}: output ${i} has ${actual[i].length} values, not ${ref.length}`);
    let scale = 0;
    let worst = 0;
    for (let j = 0; j < ref.length; j++) {
      scale = Math.max(scale, Math.abs(ref[j]));
      worst = Math.max(worst, Math.abs(ref[j] - actual[i][j]));
    }
    assert.ok(worst <= tol * scale, `${what}: output ${i} differs from cpu by ${worst} (scale ${scale})`);
  });
}

/** tfjs-core's matMul gradient cannot reduce over a broadcast batch (on any backend). */
const sameBatch = (a: number[], b: number[]) => a.slice(0, -2).join() === b.slice(0, -2).join();

/** sum(y ⊙ r) for a fixed random r, so that tf.grads sends r back as dy. */
function weightedSum(y: tf.Tensor, r: Float32Array): tf.Scalar {
  return tf.sum(tf.mul(y, tf.tensor(r, y.shape)));
}

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
type Shape4 = [number, number, number, number];
interface ConvCase {
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: Pad;
}

const convCases: ConvCase[] = [
  { x: [2, 8, 8, 3], filter: [4, 4, 3, 5], strides: 2, pad: 'same' }, // DCGAN's layer; one conv per residue
  { x: [2, 8, 8, 3], filter: [4, 4, 3, 5], strides: 2, pad: 1 },
  { x: [3, 7, 9, 2], filter: [3, 3, 2, 4], strides: 2, pad: 'same' }, // one conv for all residues
  { x: [3, 8, 9, 2], filter: [3, 3, 2, 4], strides: 2, pad: 'valid' }, // last row/column unused
  { x: [2, 9, 10, 3], filter: [5, 4, 3, 2], strides: [3, 2], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [2, 6, 8, 3], filter: [6, 4, 3, 2], strides: [3, 2], pad: 'same' }, // one conv per residue
  { x: [1, 5, 6, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same' },
  { x: [4, 4, 4, 6], filter: [4, 4, 6, 3], strides: 1, pad: 'valid' }, // 1×1 output
  { x: [2, 6, 7, 3], filter: [3, 3, 3, 2], strides: 2, pad: [[0, 0], [4, 1], [0, 5], [0, 0]] }, // pad > kernel
];

const convOutShape = (c: ConvCase) =>
  tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape as Shape4;

const describeConv = (c: ConvCase) => `x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)}`;

describe('GenLab wasm kernels', function () {
  this.timeout(20000);

  before(async () => {
    await initWasmBackend();
  });
  after(async () => {
    await tf.setBackend('cpu');
  });

  it('are the kernels registered for the wasm backend', () => {
    for (const config of [batchMatMulConfig, fusedMatMulConfig, conv2DBackpropFilterConfig, conv2DBackpropInputConfig]) {
      assert.equal(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc, config.kernelFunc, config.kernelName);
    }
  });

  describe('BatchMatMul', () => {
    const cases: { a: number[]; b: number[] }[] = [
      { a: [5, 7], b: [7, 3] },
      { a: [33, 17], b: [17, 9] }, // TN and TT computed as the transposed product
      { a: [3, 8], b: [8, 9] }, // few rows: NT and TT computed as the transposed product, as dy·Wᵀ is
      { a: [3, 5, 7], b: [7, 4] }, // shared b: a's batch folds into rows
      { a: [5, 7], b: [2, 3, 7, 4] }, // shared a: b's batch folds into columns
      { a: [3, 5, 7], b: [3, 7, 4] }, // both batched
    ];
    for (const { a: aShape, b: bShape } of cases) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        it(`${aShape}·${bShape} transposeA=${ta} transposeB=${tb}: product and (batches matching) gradients`, async () => {
          const swapLast = (s: number[]) => [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
          const aStored = ta ? swapLast(aShape) : aShape;
          const bStored = tb ? swapLast(bShape) : bShape;
          const av = values(aStored);
          const bv = values(bStored);
          const outShape = [
            ...tf.broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2)),
            aShape[aShape.length - 2],
            bShape[bShape.length - 1],
          ];
          const r = values(outShape);
          await assertWasmMatchesCpu(() => {
            const a = tf.tensor(av, aStored);
            const b = tf.tensor(bv, bStored);
            const product = tf.matMul(a, b, ta, tb);
            if (!sameBatch(aShape, bShape)) return [product];
            const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => weightedSum(tf.matMul(a, b, ta, tb), r))([a, b]);
            return [product, ...grads];
          }, `matMul ${aShape}·${bShape}`);
        });
      }
    }
  });

  describe('_FusedMatMul', () => {
    const cases: { a: number[]; b: number[]; ta: boolean; tb: boolean; bias: number[] }[] = [
      { a: [3, 5, 7], b: [3, 7, 4], ta: false, tb: false, bias: [4] }, // stock wasm: off by up to 1.6
      { a: [3, 7, 5], b: [3, 4, 7], ta: true, tb: true, bias: [4] },
      { a: [3, 5, 7], b: [1, 7, 4], ta: false, tb: false, bias: [4] }, // shared b
      { a: [1, 7, 5], b: [1, 7, 4], ta: true, tb: false, bias: [4] },
      { a: [1, 5, 7], b: [1, 4, 7], ta: false, tb: true, bias: [4] },
      { a: [2, 5, 7], b: [2, 7, 4], ta: false, tb: false, bias: [5, 4] }, // bias broadcast over rows
    ];
    const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
    for (const { a: aShape, b: bShape, ta, tb, bias: biasShape } of cases) {
      for (const activation of activations) {
        it(`${aShape}·${bShape} ta=${ta} tb=${tb} + bias ${biasShape}, ${activation}: forward and (batches matching) gradients`, async () => {
          const [av, bv, cv, pv] = [values(aShape), values(bShape), values(biasShape), values([4])];
          const m = ta ? aShape[2] : aShape[1];
          const r = values([Math.max(aShape[0], bShape[0]), m, 4]);
          await assertWasmMatchesCpu(() => {
            const a = tf.tensor(av, aShape);
            const b = tf.tensor(bv, bShape);
            const bias = tf.tensor(cv, biasShape);
            const preluActivationWeights = activation === 'prelu' ? tf.tensor(pv, [4]) : undefined;
            const product = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
              tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation, preluActivationWeights, leakyreluAlpha: 0.3 });
            const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) => weightedSum(product(a, b, bias), r));
            if (!sameBatch(aShape, bShape)) return [product(a, b, bias)];
            return [product(a, b, bias), ...grads([a, b, bias])];
          }, `fused matMul ${activation}`);
        });
      }
    }
  });

  describe('Conv2DBackpropFilter', () => {
    for (const c of convCases) {
      it(`${describeConv(c)}: kernel output and conv2d's gradients`, async () => {
        const [xv, fv] = [values(c.x), values(c.filter)];
        const yShape = convOutShape(c);
        const r = values(yShape);
        await assertWasmMatchesCpu(() => {
          const x = tf.tensor4d(xv, c.x);
          const dy = tf.tensor4d(r, yShape);
          const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter };
          const filterGrad = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap);
          const conv = (x: tf.Tensor, w: tf.Tensor) => weightedSum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad), r);
          return [filterGrad as tf.Tensor, ...tf.grads(conv)([x, tf.tensor4d(fv, c.filter)])];
        }, describeConv(c));
      });
    }
  });

  describe('Conv2DBackpropInput', () => {
    for (const c of convCases) {
      it(`${describeConv(c)}: conv2dTranspose and its gradients`, async () => {
        const yShape = convOutShape(c);
        const [dyv, fv, r] = [values(yShape), values(c.filter), values(c.x)];
        await assertWasmMatchesCpu(() => {
          const dy = tf.tensor4d(dyv, yShape);
          const filter = tf.tensor4d(fv, c.filter);
          const transposed = (dy: tf.Tensor, w: tf.Tensor) =>
            tf.conv2dTranspose(dy as tf.Tensor4D, w as tf.Tensor4D, c.x, c.strides, c.pad);
          const grads = tf.grads((dy: tf.Tensor, w: tf.Tensor) => weightedSum(transposed(dy, w), r));
          return [transposed(dy, filter), ...grads([dy, filter])];
        }, describeConv(c));
      });
    }
  });

  it("DCGAN (GenLab's networks: 4×4 stride-2 'same' convs, batch-norm): D and G gradients match cpu", async () => {
    const config = ganSchema.parse({ type: 'gan', architecture: 'dcgan', latentDim: 8, width: 4 });
    const image = { height: 16, width: 16, channels: 3 };
    const batch = 4;
    const zv = values([batch, config.latentDim]);
    const xv = rng.uniformArray(batch * 16 * 16 * 3, -1, 1);
    await assertWasmMatchesCpu(() => {
      const params = new ParamStore(7);
      const nets = buildGanNetworks(params, config, image);
      const z = tf.tensor2d(zv, [batch, config.latentDim]);
      const x = tf.tensor4d(xv, [batch, 16, 16, 3]);
      const dVars = params.trainable('discriminator');
      const gVars = params.trainable('generator');
      const d = tf.variableGrads(
        () => discriminatorLoss(nets.discriminate(x, true), nets.discriminate(nets.generate(z, true), true)),
        dVars,
      );
      const g = tf.variableGrads(() => generatorLoss(nets.discriminate(nets.generate(z, true), true), 'non-saturating'), gVars);
      const outputs = [d.value, ...dVars.map((v) => d.grads[v.name]), g.value, ...gVars.map((v) => g.grads[v.name])];
      tf.dispose(Object.values(params.variables)); // variables outlive tidy
      return outputs;
    }, 'DCGAN gradients');
  });

  it('a gradient step through conv, transposed conv and dense layers leaves no tensor or buffer behind', async () => {
    await tf.setBackend('wasm');
    const w1 = tf.variable(tf.tensor4d(values([4, 4, 3, 6]), [4, 4, 3, 6]));
    const w2 = tf.variable(tf.tensor4d(values([4, 4, 3, 6]), [4, 4, 3, 6]));
    const w3 = tf.variable(tf.tensor2d(values([8 * 8 * 3, 5]), [8 * 8 * 3, 5]));
    const bias = tf.variable(tf.tensor1d(values([5])));
    const x = tf.tensor4d(values([2, 8, 8, 3]), [2, 8, 8, 3]);
    const step = () => {
      const { value, grads } = tf.variableGrads(() => {
        const down = tf.relu(tf.conv2d(x, w1, 2, 'same'));
        const up = tf.conv2dTranspose(down, w2, [2, 8, 8, 3], 2, 'same');
        const flat = tf.reshape(up, [2, 8 * 8 * 3]);
        return tf.sum(tf.fused.matMul({ a: flat, b: w3, bias, activation: 'linear' }));
      });
      tf.dispose([value, ...Object.values(grads)]);
    };
    step(); // first call sets up lazily created state
    const tensors = tf.memory().numTensors;
    const buffers = (tf.backend() as tf.KernelBackend & { numDataIds(): number }).numDataIds();
    step();
    assert.equal(tf.memory().numTensors, tensors, 'tensors leaked');
    assert.equal((tf.backend() as tf.KernelBackend & { numDataIds(): number }).numDataIds(), buffers, 'wasm buffers leaked');
    tf.dispose([w1, w2, w3, bias, x]);
  });
});
