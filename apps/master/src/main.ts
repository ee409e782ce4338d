import { getErrorMessage } from '@strato/errors';
import { onShutdown } from '@strato/service';
import { masterConfig } from './flags';
import { Master } from './master';

async function main(): Promise<void> {
  let config;
  try {
    config = masterConfig();
  } catch (error) {
    process.stderr.write(`strato-master: ${getErrorMessage(error)}\n`);
    process.exit(2);
  }
  const master = new Master(config);
  onShutdown(() => master.stop());
  await master.start();
}

main().catch((error) => {
  process.stderr.write(`strato-master: failed to start: ${getErrorMessage(error)}\n`);
  process.exit(1);
});
