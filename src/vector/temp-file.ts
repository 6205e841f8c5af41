/** The native indexes save and load only through files: a private temporary file per call. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function withTempFile<T>(run: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-vector-'));
  try {
    return run(path.join(dir, 'index.bin'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes written by `write(file)`. */
export function bytesFrom(write: (file: string) => void): Uint8Array {
  return withTempFile((file) => {
    write(file);
    return new Uint8Array(fs.readFileSync(file));
  });
}

/** `read(file)` on a file holding `bytes`. */
export function readBytes(bytes: Uint8Array, read: (file: string) => void): void {
  withTempFile((file) => {
    fs.writeFileSync(file, bytes);
    read(file);
  });
}
