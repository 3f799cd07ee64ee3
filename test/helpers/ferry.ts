// Starts a real Ferry on port 0 with its own data folder, for tests that talk HTTP to it.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { startFerry, type Ferry } from '../../src/server.js';

export interface TestFerry extends Ferry {
  dataDir: string;
  /** Every file under the data folder, relative to it. */
  storedFiles(): Promise<string[]>;
}

export async function startTestFerry(options: Record<string, unknown> = {}): Promise<TestFerry> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ferry-test-'));
  const { config } = loadConfig({
    flags: { ListenAddress: '127.0.0.1', ListenPort: 0, DataDir: dataDir, LogLevel: 'silent', ...options },
  });
  const ferry = await startFerry(config);
  return {
    ...ferry,
    dataDir,
    storedFiles: async () => (await readdir(dataDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dataDir, path.join(entry.parentPath, entry.name))),
    close: async () => {
      await ferry.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
