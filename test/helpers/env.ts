/**
 * Where tests find what they need from outside the project. Off CI, a missing
 * resource skips the test with a reason; on CI (CI=true) it fails the test,
 * because there it must be present.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';

export const onCi = process.env.CI === 'true';

export const datasetsDir = path.resolve(process.env.TESSERA_DATASETS ?? path.join(process.cwd(), '..', 'shared', 'datasets'));

/** The dataset folder's path, or undefined after skipping the test (off CI) when it is missing. */
export function requireDataset(t: TestContext, name: string): string | undefined {
  const dir = path.join(datasetsDir, name);
  if (fs.existsSync(dir)) return dir;
  const reason = `dataset ${name} not found at ${dir}`;
  if (onCi) throw new Error(`${reason} (required on CI)`);
  t.skip(reason);
  return undefined;
}
