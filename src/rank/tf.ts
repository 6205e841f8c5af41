/**
 * TensorFlow.js on the WebAssembly backend (tfjs-node does not install here;
 * wasm trains several times faster than the pure-JS CPU backend). Every
 * module that runs a model awaits `readyTf()` first.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

let ready: Promise<typeof tf> | undefined;

export function readyTf(): Promise<typeof tf> {
  ready ??= (async () => {
    if (tf.getBackend() !== 'wasm') {
      const ok = await tf.setBackend('wasm');
      if (!ok) throw new Error('TensorFlow.js: the wasm backend failed to start');
    }
    await tf.ready();
    return tf;
  })();
  return ready;
}

export { tf };
