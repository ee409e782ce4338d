import { DirectSpawner } from '../spawner';
import { LaunchMessage, LauncherReply } from './protocol';

/**
 * strato-agent's launcher helper (bundled as `dist/launcher.js`; the agent starts it with an IPC
 * channel). It forks task processes on the agent's behalf and reports how they end. A fork costs time
 * in proportion to the forking process's memory, and this process stays small, so launches are
 * several times cheaper here than from the agent itself, and the agent's event loop never blocks on one.
 *
 * It ignores SIGINT/SIGTERM/SIGHUP (a Ctrl-C reaches the whole process group: the agent must still be
 * able to kill its tasks and see them end) and exits when the agent disconnects, leaving the tasks to
 * the agent's orphan recovery, as when the agent itself dies.
 */
const spawner = new DirectSpawner();

function reply(message: LauncherReply): void {
  process.send?.(message);
}

function launch(message: LaunchMessage): void {
  const { id, type: _type, ...request } = message;
  spawner.spawn(request).then(
    (spawned) => {
      reply({ type: 'spawned', id, pid: spawned.pid });
      void spawned.exit.then((exit) => reply({ type: 'exited', id, ...exit }));
    },
    (e: Error) => reply({ type: 'failed', id, message: e.message }),
  );
}

if (!process.send) {
  console.error('strato-agent launcher: must be started by strato-agent (with an IPC channel)');
  process.exit(2);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);
process.on('message', (message: LaunchMessage) => {
  if (message?.type === 'launch') launch(message);
});
process.on('disconnect', () => process.exit(0));
