import { FileStore, KeyValueStore, StoreOp } from '@strato/coordination';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_SHARDS_KEY, AGENTS, FRAMEWORKS, META_KEY, recordKey, RegistryAgent, RegistryFramework, RegistryMeta } from './registry';

/** The registry file of masters before the registry moved to a `KeyValueStore` (one JSON document). */
interface LegacyRegistry extends RegistryMeta {
  readonly agents: Readonly<Record<string, RegistryAgent>>;
  readonly frameworks: Readonly<Record<string, RegistryFramework>>;
}

/**
 * A standalone master's registry store: `<work_dir>/registry` (a `FileStore`). A work dir written by
 * an older master (`registry.json`) is imported once, in one batch, so an upgrade keeps its agents
 * and frameworks (its agents in the per-agent layout, which `Registry.load` moves into shards); the
 * old file is left in place, unread from then on.
 */
export async function openLocalRegistryStore(workDir: string): Promise<FileStore> {
  const store = new FileStore(join(workDir, 'registry'));
  const legacy = join(workDir, 'registry.json');
  if (!existsSync(legacy) || (await isStarted(store))) return store;
  let data: Partial<LegacyRegistry>;
  try {
    data = JSON.parse(readFileSync(legacy, 'utf8')) as Partial<LegacyRegistry>;
  } catch (error) {
    await store.close();
    throw new Error(`cannot read registry ${legacy}: ${(error as Error).message}`);
  }
  const put = (key: string, value: unknown): StoreOp => ({ op: 'put', key, value: Buffer.from(JSON.stringify(value)) });
  const meta: RegistryMeta = {
    agentSequence: data.agentSequence ?? 0,
    frameworkSequence: data.frameworkSequence ?? 0,
    removedFrameworks: data.removedFrameworks ?? [],
  };
  await store.batch([
    ...Object.values(data.agents ?? {}).map((a) => put(recordKey(AGENTS, a.id), a)),
    ...Object.values(data.frameworks ?? {}).map((f) => put(recordKey(FRAMEWORKS, f.id), f)),
    put(META_KEY, meta),
  ]);
  return store;
}

async function isStarted(store: KeyValueStore): Promise<boolean> {
  return (await store.get(META_KEY)) !== undefined || (await store.children(AGENTS)).length > 0 || (await store.children(AGENT_SHARDS_KEY)).length > 0 || (await store.children(FRAMEWORKS)).length > 0;
}
