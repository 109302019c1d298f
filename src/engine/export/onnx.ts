import { LEAKY_ALPHA, type ExportedNetwork, type ExportLayer } from './network';
import { bytesField, concat, floatField, intField, messageField, stringField, type Field } from './protobuf';

/** ONNX opset and IR version written (opset 13 ops only: MatMul, Add, Reshape, Transpose, Conv, ConvTranspose, BatchNormalization, activations). */
export const ONNX_OPSET = 13;
const IR_VERSION = 7;
const FLOAT = 1;
const INT64 = 7;

interface Node {
  op: string;
  inputs: string[];
  output: string;
  attributes?: Field[];
}

/** A float32 or int64 initializer (TensorProto: dims 1, data_type 2, name 8, raw_data 9). */
function tensorProto(name: string, dims: number[], type: number, raw: Uint8Array): Field[] {
  return [...dims.map((d) => intField(1, d)), intField(2, type), stringField(8, name), bytesField(9, raw)];
}

const floatRaw = (values: Float32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
const int64Raw = (values: number[]) => new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);

/** AttributeProto: name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7). */
const floatAttr = (name: string, f: number) => messageField(5, [stringField(1, name), floatField(2, f), intField(20, 1)]);
const intsAttr = (name: string, ints: number[]) => messageField(5, [stringField(1, name), ...ints.map((i) => intField(8, i)), intField(20, 7)]);
/** A STRING attribute (s 4, type 3). */
const stringAttr = (name: string, value: string) => messageField(5, [stringField(1, name), stringField(4, value), intField(20, 3)]);

/** ValueInfoProto of a float tensor whose first dimension is the batch ("N"). */
function valueInfo(field: number, name: string, shape: number[]): Field {
  const dims = [messageField(1, [stringField(2, 'N')]), ...shape.map((d) => messageField(1, [intField(1, d)]))];
  return messageField(field, [stringField(1, name), messageField(2, [messageField(1, [intField(1, FLOAT), messageField(2, dims)])])]);
}

/** Builds the graph layer by layer. GenLab is channels-last; ONNX convs are channels-first, so 4-D tensors are transposed around them. */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Field[] = [];
  private count = 0;
  current = 'input';
  /** Whether the current tensor is NCHW (after a conv) rather than NHWC. */
  channelsFirst = false;

  constructor(private readonly weights: Record<string, Float32Array>, private readonly shapes: Record<string, number[]>) {}

  node(op: string, inputs: string[], attributes?: Field[]): string {
    const output = `t${this.count++}_${op}`;
    this.nodes.push({ op, inputs, output, attributes });
    this.current = output;
    return output;
  }

  initializer(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push(messageField(5, tensorProto(name, dims, FLOAT, floatRaw(values))));
    return name;
  }

  int64Initializer(name: string, values: number[]): string {
    this.initializers.push(messageField(5, tensorProto(name, [values.length], INT64, int64Raw(values))));
    return name;
  }

  weight(name: string): string {
    return this.initializer(name, this.shapes[name], this.weights[name]);
  }

  /**
   * A kernel in ONNX's order: tfjs [k, k, A, B] → [B, A, k, k]. For Conv that is [k, k, in, out] → [out, in, k, k];
   * for ConvTranspose, whose tfjs kernel is [k, k, out, in], the same move gives ONNX's [in, out, k, k].
   */
  kernel(name: string): string {
    const [kh, kw, a, b] = this.shapes[name];
    const src = this.weights[name];
    const dst = new Float32Array(src.length);
    for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) {
      dst[((j * a + i) * kh + y) * kw + x] = src[((y * kw + x) * a + i) * b + j];
    }
    return this.initializer(name, [b, a, kh, kw], dst);
  }

  layout(channelsFirst: boolean, rank: number): void {
    if (rank !== 4 || channelsFirst === this.channelsFirst) return;
    this.node('Transpose', [this.current], [intsAttr('perm', channelsFirst ? [0, 3, 1, 2] : [0, 2, 3, 1])]);
    this.channelsFirst = channelsFirst;
  }
}

/** TensorFlow's 'same' padding of a transposed conv as ONNX pads: the begin side gets the smaller half. */
function samePads(kernelSize: number, strides: number): number[] {
  const total = Math.max(kernelSize - strides, 0);
  const begin = Math.floor(total / 2);
  return [begin, begin, total - begin, total - begin];
}

function addLayer(g: GraphBuilder, layer: ExportLayer, rank: number, index: number): number {
  switch (layer.kind) {
    case 'dense':
      g.node('MatMul', [g.current, g.weight(layer.kernel)]);
      if (layer.bias) g.node('Add', [g.current, g.weight(layer.bias)]);
      return 2;
    case 'activation': {
      const op = { relu: 'Relu', leakyRelu: 'LeakyRelu', sigmoid: 'Sigmoid', tanh: 'Tanh' }[layer.fn];
      g.node(op, [g.current], layer.fn === 'leakyRelu' ? [floatAttr('alpha', LEAKY_ALPHA)] : undefined);
      return rank;
    }
    case 'reshape': {
      g.layout(false, rank);
      g.node('Reshape', [g.current, g.int64Initializer(`reshape${index}`, [-1, ...layer.shape])]);
      return layer.shape.length + 1;
    }
    case 'conv2d':
      g.layout(true, rank);
      // SAME_UPPER is TensorFlow's 'same': when the padding is odd, the extra row and column go at the end.
      g.node('Conv', [g.current, g.kernel(layer.kernel), ...(layer.bias ? [g.weight(layer.bias)] : [])], [
        intsAttr('kernel_shape', [layer.kernelSize, layer.kernelSize]), intsAttr('strides', [layer.strides, layer.strides]),
        stringAttr('auto_pad', 'SAME_UPPER')]);
      return 4;
    case 'conv2dTranspose': {
      g.layout(true, rank);
      const w = g.kernel(layer.kernel);
      g.node('ConvTranspose', [g.current, w, ...(layer.bias ? [g.weight(layer.bias)] : [])], [
        intsAttr('kernel_shape', [layer.kernelSize, layer.kernelSize]), intsAttr('strides', [layer.strides, layer.strides]),
        intsAttr('pads', samePads(layer.kernelSize, layer.strides))]);
      return 4;
    }
    case 'batchNorm':
      g.layout(true, rank);
      g.node('BatchNormalization', [g.current, g.weight(layer.gamma), g.weight(layer.beta), g.weight(layer.mean), g.weight(layer.variance)],
        [floatAttr('epsilon', layer.epsilon)]);
      return rank;
  }
}

/** The network as an ONNX ModelProto (opset 13): input "input" [N, …inputShape], output "output" [N, …outputShape] (NHWC). */
export async function toOnnx(net: ExportedNetwork): Promise<Uint8Array> {
  const weights: Record<string, Float32Array> = {};
  const shapes: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(net.weights)) {
    weights[name] = (await t.data()) as Float32Array;
    shapes[name] = t.shape;
  }
  const g = new GraphBuilder(weights, shapes);
  let rank = net.inputShape.length + 1;
  net.layers.forEach((layer, i) => (rank = addLayer(g, layer, rank, i)));
  g.layout(false, rank);
  g.node('Identity', [g.current]);
  const last = g.nodes[g.nodes.length - 1];
  last.output = 'output';
  const nodes = g.nodes.map((n, i) => messageField(1, [...n.inputs.map((x) => stringField(1, x)), stringField(2, n.output),
    stringField(3, `${n.op}_${i}`), stringField(4, n.op), ...(n.attributes ?? [])]));
  const graph = concat([...nodes, stringField(2, `genlab_${net.part}`), ...g.initializers,
    valueInfo(11, 'input', net.inputShape), valueInfo(12, 'output', net.outputShape)]);
  return concat([intField(1, IR_VERSION), stringField(2, 'GenLab'), bytesField(7, graph),
    messageField(8, [stringField(1, ''), intField(2, ONNX_OPSET)])]);
}
