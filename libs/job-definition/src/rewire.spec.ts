import { parseJob } from './parse-job';
import { rewireOnDelete } from './rewire';
import type { JobDefaults, JobDefinition } from './types';

const DEFAULTS: JobDefaults = { cpus: 0.1, mem: 128, disk: 256, user: 'root' };
const sched = (name: string, schedule: string, scheduleTimeZone = '') =>
  parseJob({ name, command: 'x', schedule, scheduleTimeZone }, 'iso8601', DEFAULTS);
const dep = (name: string, ...parents: string[]) => parseJob({ name, command: 'x', parents }, 'dependency', DEFAULTS);
const byName = (...jobs: JobDefinition[]) => new Map(jobs.map((j) => [j.name, j]));

describe('rewireOnDelete', () => {
  it('gives the children of a deleted dependent job its parents, in its place', () => {
    const daily = 'R/2024-01-01T00:00:00Z/P1D';
    const jobs = byName(sched('a', daily), sched('z', daily), dep('b', 'a', 'z'), dep('c', 'b', 'z'), dep('d', 'x', 'b'), dep('x', 'a'));
    expect(rewireOnDelete(jobs, 'b').map((j) => [j.name, j.parents])).toEqual([
      ['c', ['a', 'z']],
      ['d', ['x', 'a', 'z']],
    ]);
  });

  it('turns sole children of a deleted scheduled job into scheduled jobs with its schedule and zone', () => {
    const a = sched('a', 'R/2024-01-01T02:00:00Z/P1D', 'Europe/Paris');
    const jobs = byName(a, sched('z', 'R/2024-01-01T00:00:00Z/PT1H'), dep('b', 'a'), dep('c', 'a', 'z'), dep('d', 'b'));
    const [b, c, ...rest] = rewireOnDelete(jobs, 'a');
    expect(rest).toEqual([]);
    expect(b).toEqual(sched('b', 'R/2024-01-01T02:00:00Z/P1D', 'Europe/Paris'));
    expect('parents' in b).toBe(false);
    expect(c.parents).toEqual(['z']);
    expect(c.schedule).toBeUndefined();
  });

  it('changes nothing for a leaf or an unknown job', () => {
    const jobs = byName(sched('a', 'R/2024-01-01T00:00:00Z/P1D'), dep('b', 'a'));
    expect(rewireOnDelete(jobs, 'b')).toEqual([]);
    expect(rewireOnDelete(jobs, 'nope')).toEqual([]);
  });
});
