import { onShutdown } from '@strato/service';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from './agent';
import { parseAgentFlags } from './flags';

async function main(): Promise<void> {
  let config;
  try {
    config = parseAgentFlags();
  } catch (e) {
    console.error(`strato-agent: ${(e as Error).message}`);
    process.exit(2);
  }
  // The bundle's launcher helper sits next to it (tools/build/bundle.mjs).
  const launcher = join(__dirname, 'launcher.js');
  const agent = new Agent({ config, launcherPath: existsSync(launcher) ? launcher : undefined });
  process.on('unhandledRejection', (reason) => agent.logger.error({ err: String(reason) }, 'unhandled rejection'));
  onShutdown(async (signal) => {
    agent.logger.info({ signal }, 'received signal');
    await agent.stop();
  });
  try {
    await agent.start();
  } catch (e) {
    agent.logger.fatal({ err: (e as Error).message }, 'agent failed to start');
    process.exit(1);
  }
}

void main();
