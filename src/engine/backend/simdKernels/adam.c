// GenLab's fused Adam step for tfjs-wasm: one pass over a variable in place of tfjs's fourteen elementwise
// kernels. It runs on the backend's own memory (pointers are tfjs-wasm data offsets) and does tfjs's float32
// operations in tfjs's order without contraction (built with -ffp-contract=off), so its results are the
// stock optimizer's, bit for bit:
//   m ← m·β₁ + g·(1−β₁);  v ← v·β₂ + g²·(1−β₂);  out ← (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε) · (−lr) + w
// The moments are updated in place; the weights go to a new buffer `out`, a new tensor as with tfjs's own Adam
// (see ExactResumeAdam in src/engine/nn/optimizers.ts for why).
#include <wasm_simd128.h>

__attribute__((export_name("adam")))
void adam(float *out, const float *w, const float *g, float *m, float *v, unsigned n, float beta1, float oneMinusBeta1,
          float beta2, float oneMinusBeta2, float oneMinusBeta1Power, float oneMinusBeta2Power, float epsilon,
          float negLearningRate) {
  const v128_t b1 = wasm_f32x4_splat(beta1), c1 = wasm_f32x4_splat(oneMinusBeta1);
  const v128_t b2 = wasm_f32x4_splat(beta2), c2 = wasm_f32x4_splat(oneMinusBeta2);
  const v128_t p1 = wasm_f32x4_splat(oneMinusBeta1Power), p2 = wasm_f32x4_splat(oneMinusBeta2Power);
  const v128_t eps = wasm_f32x4_splat(epsilon), rate = wasm_f32x4_splat(negLearningRate);
  unsigned i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t gi = wasm_v128_load(g + i);
    const v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), b1), wasm_f32x4_mul(gi, c1));
    const v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), c2));
    wasm_v128_store(m + i, mi);
    wasm_v128_store(v + i, vi);
    const v128_t step = wasm_f32x4_div(wasm_f32x4_div(mi, p1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vi, p2)), eps));
    wasm_v128_store(out + i, wasm_f32x4_add(wasm_f32x4_mul(step, rate), wasm_v128_load(w + i)));
  }
  for (; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] * beta1 + gi * oneMinusBeta1;
    const float vi = v[i] * beta2 + (gi * gi) * oneMinusBeta2;
    m[i] = mi;
    v[i] = vi;
    out[i] = (mi / oneMinusBeta1Power) / (__builtin_sqrtf(vi / oneMinusBeta2Power) + epsilon) * negLearningRate + w[i];
  }
}
