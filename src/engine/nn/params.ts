import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../util/rng';

/**
 * Named trainable weights of a model, created from a seeded generator so a run's initial weights
 * depend only on its seed. Names are unique and stable: checkpoints are keyed by them.
 */
export class ParamStore {
  readonly variables: Record<string, tf.Variable> = {};
  /** Weight matrices and conv kernels: what L1/L2 regularization applies to (not biases). */
  readonly kernels: tf.Variable[] = [];
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  private add(name: string, shape: number[], values: Float32Array, opts: { kernel?: boolean; trainable?: boolean } = {}): tf.Variable {
    if (this.variables[name]) throw new Error(`duplicate parameter name ${name}`);
    const initial = tf.tensor(values, shape);
    const v = tf.variable(initial, opts.trainable ?? true, name);
    initial.dispose(); // the variable holds its own reference to the data
    this.variables[name] = v;
    if (opts.kernel) this.kernels.push(v);
    return v;
  }

  /** Glorot-uniform kernel (the Keras default), for dense layers and convs. */
  glorot(name: string, shape: number[], fanIn: number, fanOut: number): tf.Variable {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const n = shape.reduce((a, b) => a * b, 1);
    return this.add(name, shape, this.rng.uniformArray(n, -limit, limit), { kernel: true });
  }

  /** N(mean, std) kernel, e.g. DCGAN's N(0, 0.02). */
  normal(name: string, shape: number[], std: number, mean = 0, kernel = true): tf.Variable {
    const n = shape.reduce((a, b) => a * b, 1);
    return this.add(name, shape, this.rng.normalArray(n, mean, std), { kernel });
  }

  constant(name: string, shape: number[], value: number, trainable = true): tf.Variable {
    const n = shape.reduce((a, b) => a * b, 1);
    return this.add(name, shape, new Float32Array(n).fill(value), { trainable });
  }

  /** Only the trainable variables, for an optimizer's var list. */
  trainable(prefix = ''): tf.Variable[] {
    return Object.entries(this.variables).filter(([k, v]) => v.trainable && k.startsWith(prefix)).map(([, v]) => v);
  }

  /**
   * `loss` plus training.regularization's penalty on the kernels whose names start with `prefix`:
   * l1·Σ|w| + l2·Σw² (Keras' kernel_regularizer); `loss` itself when both are 0 or no kernel matches.
   */
  regularized(loss: tf.Scalar, { l1, l2 }: { l1: number; l2: number }, prefix = ''): tf.Scalar {
    const kernels = this.kernels.filter((k) => k.name.startsWith(prefix));
    if ((l1 === 0 && l2 === 0) || kernels.length === 0) return loss;
    return tf.tidy(() => tf.add(loss, tf.addN(kernels.map((k) => {
      let p = tf.scalar(0);
      if (l1 > 0) p = tf.add(p, tf.mul(tf.sum(tf.abs(k)), l1));
      if (l2 > 0) p = tf.add(p, tf.mul(tf.sum(tf.square(k)), l2));
      return p;
    }))) as tf.Scalar);
  }

  dispose(): void {
    for (const v of Object.values(this.variables)) v.dispose();
  }
}
