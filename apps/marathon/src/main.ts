import { getErrorMessage } from '@strato/errors';
import { onShutdown } from '@strato/service';
import { parseMarathonFlags } from './flags';
import { Marathon } from './marathon';

async function main(): Promise<void> {
  let config;
  try {
    config = parseMarathonFlags();
  } catch (error) {
    process.stderr.write(`strato-marathon: ${getErrorMessage(error)}\n`);
    process.exit(2);
  }
  const marathon = new Marathon(config);
  onShutdown(() => marathon.stop());
  await marathon.start();
}

main().catch((error) => {
  process.stderr.write(`strato-marathon: failed to start: ${getErrorMessage(error)}\n`);
  process.exit(1);
});
