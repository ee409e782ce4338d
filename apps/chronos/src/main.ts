import { getErrorMessage } from '@strato/errors';
import { onShutdown } from '@strato/service';
import { Chronos } from './chronos';
import { parseChronosFlags } from './flags';

async function main(): Promise<void> {
  let config;
  try {
    config = parseChronosFlags();
  } catch (error) {
    process.stderr.write(`strato-chronos: ${getErrorMessage(error)}\n`);
    process.exit(2);
  }
  const chronos = new Chronos(config);
  onShutdown(() => chronos.stop());
  await chronos.start();
}

main().catch((error) => {
  process.stderr.write(`strato-chronos: failed to start: ${getErrorMessage(error)}\n`);
  process.exit(1);
});
