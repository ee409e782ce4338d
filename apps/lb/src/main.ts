import { getErrorMessage } from '@strato/errors';
import { onShutdown } from '@strato/service';
import { parseLbFlags } from './flags';
import { Lb } from './lb';

async function main(): Promise<void> {
  let lb: Lb;
  try {
    lb = new Lb(parseLbFlags());
  } catch (error) {
    process.stderr.write(`strato-lb: ${getErrorMessage(error)}\n`);
    process.exit(2);
  }
  if (lb.config.dry) {
    process.stdout.write((await lb.renderOnce()).text);
    return;
  }
  onShutdown(() => lb.stop());
  await lb.start();
}

main().catch((error) => {
  process.stderr.write(`strato-lb: failed to start: ${getErrorMessage(error)}\n`);
  process.exit(1);
});
