import { formatElapsed, formatTime, histogram, jobStats, nearestRank } from './job-stats';
import { run } from './testing/fake-api';

const T0 = Date.parse('2024-03-07T09:05:03.000Z');

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [4_000, '4s'],
    [59_999, '59s'],
    [60_000, '1m0s'],
    [3 * 60_000 + 4_000, '3m4s'],
    [3_600_000, '1h0m0s'],
    [2 * 3_600_000 + 3 * 60_000 + 4_000, '2h3m4s'],
    [86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_000, '1d2h3m4s'],
    [86_400_000 + 5_000, '1d0h0m5s'],
    [-5_000, '0s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});

describe('formatTime', () => {
  it('is MM/dd/yy HH:mm:ss in UTC', () => {
    expect(formatTime(T0)).toBe('03/07/24 09:05:03');
    expect(formatTime(Date.parse('2009-12-31T23:59:59.999Z'))).toBe('12/31/09 23:59:59');
  });

  it('is N/A without a time', () => {
    expect(formatTime(undefined)).toBe('N/A');
    expect(formatTime(NaN)).toBe('N/A');
  });
});

describe('nearestRank', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('takes the ceil(p·n)-th smallest value', () => {
    expect(nearestRank(values, 50)).toBe(5);
    expect(nearestRank(values, 75)).toBe(8);
    expect(nearestRank(values, 95)).toBe(10);
    expect(nearestRank(values, 99)).toBe(10);
    expect(nearestRank([42], 99)).toBe(42);
    expect(nearestRank([], 50)).toBe(0);
  });
});

describe('histogram', () => {
  it('is all zeros without runs', () => {
    expect(histogram([])).toEqual({ '75thPercentile': 0, '95thPercentile': 0, '98thPercentile': 0, '99thPercentile': 0, median: 0, mean: 0, count: 0 });
  });

  it('measures successful runs from due time to end, with the real mean', () => {
    const history = [
      run('a', T0, 10_000),
      run('a', T0 + 1, 20_000),
      run('a', T0 + 2, 30_000),
      run('a', T0 + 3, 100_000),
      run('a', T0 + 4, 999_000, 'failure'),
      run('a', T0 + 5, 999_000, 'killed'),
      run('a', T0 + 6, 0, 'success', { endedMs: undefined }),
    ];
    expect(histogram(history)).toEqual({
      '75thPercentile': 30_000,
      '95thPercentile': 100_000,
      '98thPercentile': 100_000,
      '99thPercentile': 100_000,
      median: 20_000,
      mean: 40_000,
      count: 4,
    });
  });
});

describe('jobStats', () => {
  it('lists the newest runs up to the limit with Chronos fields', () => {
    const history = [
      run('a', T0, 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 5_000),
      run('a', T0 - 1, 5_000, 'failure'),
      run('a', T0 - 2, 0, 'killed', { startedMs: undefined, agentId: undefined }),
      run('a', T0 - 3, 0, 'skipped', { startedMs: undefined, endedMs: undefined, agentId: undefined }),
      run('a', T0 - 4, 1_000),
      run('a', T0 - 5, 1_000),
    ];
    const stats = jobStats(history);
    expect(stats.taskStatHistory).toHaveLength(5);
    expect(stats.taskStatHistory[0]).toEqual({
      taskId: `ct:${T0}:0:a:`,
      jobName: 'a',
      slaveId: 'agent-1',
      startTime: '03/07/24 09:05:04',
      endTime: '03/08/24 11:08:08',
      duration: '1d2h3m4s',
      status: 'success',
    });
    expect(stats.taskStatHistory.map((t) => t.status)).toEqual(['success', 'fail', 'killed', 'skipped', 'success']);
    expect(stats.taskStatHistory[2]).toMatchObject({ slaveId: '', startTime: 'N/A', duration: 'N/A' });
    expect(stats.taskStatHistory[3]).toMatchObject({ startTime: 'N/A', endTime: 'N/A', duration: 'N/A' });
    expect(stats.taskStatHistory[0]).not.toHaveProperty('numElementsProcessed');
    expect(jobStats(history, 2).taskStatHistory).toHaveLength(2);
    expect(jobStats(history, 0).taskStatHistory).toEqual([]);
  });
});
