import * as tf from '@tensorflow/tfjs-core';
import { dense, type Activation } from '../../nn/layers';
import type { ParamStore } from '../../nn/params';

/** A plain MLP: hidden layers with `activation`, then a linear output layer. */
export function mlp(params: ParamStore, prefix: string, inputs: number, hidden: number[], activation: Activation, outputs: number) {
  const widths = [inputs, ...hidden];
  const layers = hidden.map((units, i) => dense(params, `${prefix}/dense${i}`, widths[i], units, activation));
  const out = dense(params, `${prefix}/out`, hidden[hidden.length - 1], outputs);
  return (x: tf.Tensor2D): tf.Tensor2D => {
    let h = x;
    for (const layer of layers) h = layer(h);
    return out(h);
  };
}
