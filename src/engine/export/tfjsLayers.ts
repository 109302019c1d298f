import * as tf from '@tensorflow/tfjs-core';
import { LEAKY_ALPHA, type ExportedNetwork, type ExportLayer } from './network';

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** One export layer as a Keras/tfjs-layers layer, with the names its weights take in the manifest (in order). */
function layerJson(layer: ExportLayer, name: string): { json: LayerJson; weights: { source: string; name: string }[] } {
  const w = (source: string | undefined, role: string) => (source ? [{ source, name: `${name}/${role}` }] : []);
  switch (layer.kind) {
    case 'dense':
      return { json: { class_name: 'Dense', config: { name, units: 0, activation: 'linear', use_bias: layer.bias !== undefined } },
        weights: [...w(layer.kernel, 'kernel'), ...w(layer.bias, 'bias')] };
    case 'activation':
      return layer.fn === 'leakyRelu'
        ? { json: { class_name: 'LeakyReLU', config: { name, alpha: LEAKY_ALPHA } }, weights: [] }
        : { json: { class_name: 'Activation', config: { name, activation: layer.fn } }, weights: [] };
    case 'reshape':
      return { json: { class_name: 'Reshape', config: { name, target_shape: layer.shape } }, weights: [] };
    case 'conv2d':
    case 'conv2dTranspose':
      return { json: { class_name: layer.kind === 'conv2d' ? 'Conv2D' : 'Conv2DTranspose', config: { name, filters: layer.filters, kernel_size: [layer.kernelSize, layer.kernelSize],
        strides: [layer.strides, layer.strides], padding: 'same', data_format: 'channels_last', activation: 'linear',
        use_bias: layer.bias !== undefined } }, weights: [...w(layer.kernel, 'kernel'), ...w(layer.bias, 'bias')] };
    case 'batchNorm':
      return { json: { class_name: 'BatchNormalization', config: { name, axis: -1, epsilon: layer.epsilon, center: true, scale: true } },
        weights: [...w(layer.gamma, 'gamma'), ...w(layer.beta, 'beta'), ...w(layer.mean, 'moving_mean'), ...w(layer.variance, 'moving_variance')] };
  }
}

/**
 * The network as a tfjs Layers model (a Sequential `model.json` with topology and a weights manifest, plus
 * `weights.bin`), loadable with `tf.loadLayersModel` in Node or a browser.
 */
export async function toTfjsLayers(net: ExportedNetwork): Promise<{ modelJson: string; weightsBin: Uint8Array }> {
  const layers: LayerJson[] = [];
  const tensors: { name: string; tensor: tf.Tensor }[] = [];
  net.layers.forEach((layer, i) => {
    const { json, weights } = layerJson(layer, `${net.part}_${i}_${layer.kind}`);
    if (layer.kind === 'dense') json.config.units = net.weights[layer.kernel].shape[1];
    if (i === 0) json.config.batch_input_shape = [null, ...net.inputShape];
    layers.push(json);
    for (const { source, name } of weights) tensors.push({ name, tensor: net.weights[source] });
  });
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const modelJson = JSON.stringify({
    format: 'layers-model', generatedBy: 'GenLab', convertedBy: null,
    modelTopology: { class_name: 'Sequential', config: { name: `genlab_${net.part}`, layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  });
  return { modelJson, weightsBin: new Uint8Array(data) };
}
