import { processGroupAlive, waitFor } from '@strato/testing';
import { spawn } from 'node:child_process';
import { GroupScanner, groupMembers, groupsWithEnvironment } from './proc-table';

describe('GroupScanner (real /proc)', () => {
  it('answers callers from one shared scan until they need a newer one', async () => {
    const child = spawn('sleep', ['100'], { detached: true, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pgid = child.pid!;
    try {
      await waitFor(() => groupMembers(pgid).length === 1, { description: 'the group in /proc' });
      const scanner = new GroupScanner();
      const start = scanner.cursor();
      const first = scanner.members(pgid, start);
      expect(first.members).toEqual([pgid]);
      process.kill(-pgid, 'SIGKILL');
      await exited;
      await waitFor(() => !processGroupAlive(pgid), { description: 'the group to end' });
      // Another caller with the same cursor is served from the same scan, taken before the kill.
      expect(scanner.members(pgid, start)).toEqual(first);
      // A caller that has seen that scan gets a new one.
      const next = scanner.members(pgid, first.cursor);
      expect(next.members).toEqual([]);
      expect(next.cursor).toBeGreaterThan(first.cursor);
    } finally {
      if (processGroupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    }
  });
});

describe('groupsWithEnvironment (real /proc)', () => {
  it('finds the process group of a process started with the given variable, and only that one', async () => {
    const marker = `marker-${process.pid}-${Date.now()}`;
    const child = spawn('sleep', ['100'], { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH, MESOS_CONTAINER_ID: marker } });
    const pgid = child.pid!;
    try {
      await waitFor(() => groupMembers(pgid).length === 1, { description: 'the group in /proc' });
      expect(groupsWithEnvironment('MESOS_CONTAINER_ID', marker)).toEqual([pgid]);
      expect(groupsWithEnvironment('MESOS_CONTAINER_ID', `${marker}-other`)).toEqual([]);
    } finally {
      process.kill(-pgid, 'SIGKILL');
    }
  });
});
