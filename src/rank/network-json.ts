/**
 * A TensorFlow.js layers model as plain JSON: its topology, weight specs and
 * the weight bytes as base64, captured and restored through tf.io handlers
 * (withSaveHandler / fromMemory), so a ranker saves as one JSON file in its
 * model directory and nothing is written anywhere else.
 */
import { tf } from './tf.js';

export interface NetworkJson {
  format: 'tfjs-layers';
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** All weights, concatenated in weightSpecs order, base64. */
  weights: string;
}

export async function networkToJson(model: tf.LayersModel): Promise<NetworkJson> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs || !captured.weightData) throw new Error('TensorFlow.js saved no topology or weights');
  const bytes = tf.io.CompositeArrayBuffer.join(captured.weightData);
  return {
    format: 'tfjs-layers',
    modelTopology: captured.modelTopology as object,
    weightSpecs: captured.weightSpecs,
    weights: Buffer.from(bytes).toString('base64'),
  };
}

export async function networkFromJson(saved: unknown): Promise<tf.LayersModel> {
  const s = saved as Partial<NetworkJson> | null;
  if (s?.format !== 'tfjs-layers' || !s.modelTopology || !Array.isArray(s.weightSpecs) || typeof s.weights !== 'string') {
    throw new TypeError('saved network is malformed (expected format "tfjs-layers" with modelTopology, weightSpecs and weights)');
  }
  const bytes = Buffer.from(s.weights, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: s.modelTopology, weightSpecs: s.weightSpecs, weightData }));
}
