/**
 * Custom Keras layers that let one op serve many small networks, so an
 * MMoE or PLE step costs a few large matrix products instead of dozens of
 * tiny ones (TensorFlow.js pays a fixed cost per op):
 *
 * - Experts: k parallel dense layers per input group. A rank-2 input
 *   (batch × in) is one group read by all k experts; a rank-3 input
 *   (batch × G × in) gives each of its G groups its own k experts. Output:
 *   batch × (G·k) × units, group-major.
 * - GateMix: softmax gates (batch × T × E) over experts (batch × E × D) →
 *   batch × T × D, one mixture per task.
 * - PleMix: task gates (batch × T × (k+s)) over each task's own k experts
 *   (batch × T·k × D) and the s shared ones (batch × s × D) → batch × T × D.
 *
 * All three are registered for TensorFlow.js serialisation so saved models
 * load back.
 */
import { tf } from './tf.js';

type Activation = 'relu' | 'linear' | 'softmax';

interface ExpertsArgs {
  name?: string;
  /** Experts per input group. */
  experts: number;
  units: number;
  activation: Activation;
  l2: number;
  seed: number;
  /** Initial bias of every unit of each expert, one value per expert (G·k); zeros when absent. */
  biasInit?: number[];
}

export class Experts extends tf.layers.Layer {
  static readonly className = 'TesseraExperts';
  private readonly args: ExpertsArgs;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private groups = 1;

  constructor(args: ExpertsArgs) {
    super({ name: args.name });
    this.args = { ...args };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const { experts, units, l2, seed, biasInit } = this.args;
    if (shape.length !== 2 && shape.length !== 3) throw new Error(`Experts takes batch × in or batch × groups × in, got rank ${shape.length}`);
    this.groups = shape.length === 3 ? shape[1]! : 1;
    const inDim = shape[shape.length - 1]!;
    const limit = Math.sqrt(6 / (inDim + units));
    const kernelShape = shape.length === 2 ? [inDim, experts * units] : [this.groups, inDim, experts * units];
    this.kernel = this.addWeight(
      'kernel',
      kernelShape,
      'float32',
      tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed }),
      l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined,
    );
    const total = this.groups * experts;
    if (biasInit && biasInit.length !== total) throw new Error(`Experts: biasInit has ${biasInit.length} values for ${total} experts`);
    const initial = biasInit ? biasInit.flatMap((b) => new Array<number>(units).fill(b)) : new Array<number>(total * units).fill(0);
    this.bias = this.addWeight('bias', [total, units], 'float32', tf.initializers.zeros());
    const start = tf.tensor2d(initial, [total, units]);
    this.bias.write(start);
    start.dispose();
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    const groups = shape.length === 3 ? shape[1]! : 1;
    return [shape[0]!, groups * this.args.experts, this.args.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const { experts, units, activation } = this.args;
      const kernel = this.kernel!.read();
      let y: tf.Tensor;
      if (x.rank === 2) {
        y = tf.reshape(tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D), [-1, experts, units]);
      } else {
        const perGroup = tf.matMul(tf.transpose(x, [1, 0, 2]) as tf.Tensor3D, kernel as tf.Tensor3D); // G × batch × k·units
        y = tf.reshape(tf.transpose(perGroup, [1, 0, 2]), [-1, this.groups * experts, units]);
      }
      y = tf.add(y, this.bias!.read());
      return activation === 'relu' ? tf.relu(y) : activation === 'softmax' ? tf.softmax(y) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args } as unknown as tf.serialization.ConfigDict;
  }
}

export class GateMix extends tf.layers.Layer {
  static readonly className = 'TesseraGateMix';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [gates, experts] = inputShape as tf.Shape[];
    return [gates![0]!, gates![1]!, experts![2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [gates, experts] = inputs as tf.Tensor3D[];
    return tf.matMul(gates!, experts!);
  }
}

export class PleMix extends tf.layers.Layer {
  static readonly className = 'TesseraPleMix';
  private readonly perTask: number;

  constructor(args: { name?: string; perTask: number }) {
    super({ name: args.name });
    this.perTask = args.perTask;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [gates, , shared] = inputShape as tf.Shape[];
    return [gates![0]!, gates![1]!, shared![2]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [gates, own, shared] = inputs as tf.Tensor3D[];
      const [, tasks, width] = gates!.shape;
      const k = this.perTask;
      const d = shared!.shape[2];
      // Own experts: a per-task weighted sum; shared experts: one batched product. (Tiling the shared
      // experts into each task's pool is far slower in TensorFlow.js's wasm backend.)
      const ownGates = tf.slice(gates!, [0, 0, 0], [-1, tasks, k]);
      const sharedGates = tf.slice(gates!, [0, 0, k], [-1, tasks, width - k]);
      const ownMixed = tf.sum(tf.mul(tf.reshape(own!, [-1, tasks, k, d]), tf.expandDims(ownGates, 3)), 2);
      return tf.add(ownMixed, tf.matMul(sharedGates, shared!));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), perTask: this.perTask };
  }
}

tf.serialization.registerClass(Experts);
tf.serialization.registerClass(GateMix);
tf.serialization.registerClass(PleMix);
