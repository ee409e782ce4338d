import { formatAgo, formatCpus, formatMb, formatTime } from './format';
import { matchRoute } from './live';

describe('ui formatting', () => {
  it('formats sizes, CPUs and times as people read them', () => {
    expect([formatMb(512), formatMb(1536), formatMb(2 * 1024 * 1024)]).toEqual(['512 MB', '1.5 GB', '2.0 TB']);
    expect([formatCpus(0.1 + 0.2), formatCpus(4)]).toEqual(['0.3', '4']);
    expect(formatTime(1_700_000_000)).toBe('2023-11-14 22:13:20Z');
    expect(formatTime(1_700_000_000_000)).toBe('2023-11-14 22:13:20Z');
    expect(formatTime('2023-11-14T22:13:20.123Z')).toBe('2023-11-14 22:13:20Z');
    expect([formatTime(undefined), formatTime('soon')]).toEqual(['—', 'soon']);
    expect([formatAgo(0, 5_000), formatAgo(0, 180_000), formatAgo(0, 7_200_000), formatAgo(0, 3 * 86_400_000)]).toEqual(['5 s ago', '3 min ago', '2 h ago', '3 d ago']);
  });

  it('matches hash routes with parameters, including slashed ones', () => {
    const routes = ['/', '/apps/:id*', '/jobs/:name'];
    expect(matchRoute('', routes)).toEqual({ pattern: '/', params: {} });
    expect(matchRoute('#/apps/prod/web', routes)).toEqual({ pattern: '/apps/:id*', params: { id: 'prod/web' } });
    expect(matchRoute('#/jobs/a%20b', routes)).toEqual({ pattern: '/jobs/:name', params: { name: 'a b' } });
    expect(matchRoute('#/nope', routes)).toBeUndefined();
  });
});
