import * as tf from '@tensorflow/tfjs-core';

/**
 * NADE (Larochelle & Murray 2011): p(x) = Π_i p(x_i | x_<i) with
 *   p(x_i = 1 | x_<i) = σ(V_i · h_i + b_i),   h_i = σ(c + Σ_{j<i} x_j W_j).
 * The pre-activations of all D conditionals are one running sum over pixels (a cumulative sum), so a
 * batch costs O(B·D·H) instead of D separate passes. Pixels are indexed in the model's ordering.
 *
 * Activations are laid out [batch, hidden, pixel]: the running sum then runs along the last axis,
 * which the wasm backend's cumsum does in place (along any other axis it transposes twice).
 */
export interface NadeParams {
  /** Input weights [H, D−1]: column j carries pixel j into every later pixel's hidden state (the last pixel feeds none). */
  w: tf.Tensor2D;
  /** Hidden bias c [H]. */
  c: tf.Tensor1D;
  /** Output weights [H, D]: column i reads pixel i's hidden state. */
  v: tf.Tensor2D;
  /** Output bias b [D]. */
  b: tf.Tensor1D;
}

export type NadeGradients = { [K in keyof NadeParams]: NadeParams[K] };

interface Forward {
  /** Logits of p(x_i = 1 | x_<i), [B, D]. */
  logits: tf.Tensor2D;
  /** h_i for every pixel, [B, H, D]. */
  hidden: tf.Tensor3D;
  /** [1, x_1, …, x_{D−1}]: what multiplies each column of [c, W] in the running sum, [B, D]. */
  shifted: tf.Tensor2D;
}

function forward(p: NadeParams, x: tf.Tensor2D): Forward {
  const [n, d] = x.shape;
  const h = p.c.shape[0];
  // [c, W] with inputs [1, x_<D]: an inclusive running sum then gives c + Σ_{j<i} x_j W_j at every i.
  const wc = tf.tidy(() => tf.concat([tf.reshape(p.c, [h, 1]), p.w], 1));
  const shifted = tf.tidy(() => tf.concat([tf.ones([n, 1]), tf.slice(x, [0, 0], [n, d - 1])], 1)) as tf.Tensor2D;
  const hidden = tf.tidy(() => tf.sigmoid(tf.cumsum(tf.mul(tf.reshape(shifted, [n, 1, d]), wc), 2))) as tf.Tensor3D;
  wc.dispose();
  // Σ_h hidden[b, h, i]·V[h, i] as a batched product with ones (a sum over the middle axis would transpose).
  const logits = tf.tidy(() =>
    tf.add(tf.reshape(tf.matMul(tf.ones([n, 1, h]), tf.mul(hidden, p.v)), [n, d]), p.b)) as tf.Tensor2D;
  return { logits, hidden, shifted };
}

/** −log p(x) per example in nats: Σ_i softplus(l_i) − x_i·l_i, the Bernoulli NLL from logits. */
function nllFromLogits(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1)) as tf.Tensor1D;
}

/** Exact −log p(x) per example, in nats; `x` is [B, D] binary, pixels in the model's ordering. */
export function nadeNll(p: NadeParams, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const { logits, hidden } = forward(p, x);
    hidden.dispose();
    return nllFromLogits(logits, x);
  });
}

/** p(x_i = 1 | x_<i) for every pixel of every example, [B, D]. */
export function nadeConditionals(p: NadeParams, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { logits, hidden } = forward(p, x);
    hidden.dispose();
    return tf.sigmoid(logits);
  });
}

/**
 * Per-example NLL and the gradients of `scale` × (their sum), by hand: with g = ∂/∂logits = σ(l) − x,
 *   ∂V = Σ_b g ⊙ h,  ∂b = Σ_b g,  ∂a = (g ⊙ V) ⊙ h ⊙ (1 − h),
 *   ∂[c, W] = Σ_b [1, x_<D] ⊙ (reverse running sum of ∂a),
 * the adjoint of the forward running sum. Written out rather than left to tf.grad so that each
 * [B, H, D] temporary is freed as soon as it is used (autograd keeps them all to the end) and no
 * work is spent on gradients nobody needs: about 1.4× faster than tf.variableGrads here.
 */
export function nadeLossAndGradients(p: NadeParams, x: tf.Tensor2D, scale: number): { nll: tf.Tensor1D; grads: NadeGradients } {
  const [n, d] = x.shape;
  const h = p.c.shape[0];
  const { logits, hidden, shifted } = forward(p, x);
  const nll = nllFromLogits(logits, x);
  const g = tf.tidy(() => tf.reshape(tf.mul(tf.sub(tf.sigmoid(logits), x), scale), [n, 1, d])) as tf.Tensor3D;
  logits.dispose();
  // Not a product with a row of ones: XNNPACK would repack the [B, H·D] operand on every call (≈5× slower).
  const sumOverBatch = (t: tf.Tensor) => tf.sum(t, 0) as tf.Tensor2D;
  const gv = tf.tidy(() => sumOverBatch(tf.mul(g, hidden)));
  const gb = tf.tidy(() => tf.reshape(tf.sum(g, 0), [d])) as tf.Tensor1D;
  const ga = tf.tidy(() => tf.mul(tf.mul(g, p.v), tf.mul(hidden, tf.sub(1, hidden))));
  hidden.dispose();
  g.dispose();
  const gwc = tf.tidy(() => sumOverBatch(tf.mul(tf.reshape(shifted, [n, 1, d]), tf.cumsum(ga, 2, false, true))));
  ga.dispose();
  shifted.dispose();
  const gc = tf.tidy(() => tf.reshape(tf.slice(gwc, [0, 0], [h, 1]), [h])) as tf.Tensor1D;
  const gw = tf.slice(gwc, [0, 1], [h, d - 1]);
  gwc.dispose();
  return { nll, grads: { w: gw, c: gc, v: gv, b: gb } };
}
