import { OUTPUT_FILES, runOutputHref } from './run-output';

describe('runOutputHref', () => {
  it("links a launched run's stdout and stderr to Chronos' output route, job and task id encoded", () => {
    const run = { taskId: 'ct:1714564800000:0:night ly:a/b', agentId: 'a-S0' };
    expect(OUTPUT_FILES.map((file) => runOutputHref('night ly', run, file))).toEqual([
      '/scheduler/job/night%20ly/runs/ct%3A1714564800000%3A0%3Anight%20ly%3Aa%2Fb/stdout',
      '/scheduler/job/night%20ly/runs/ct%3A1714564800000%3A0%3Anight%20ly%3Aa%2Fb/stderr',
    ]);
  });

  it('gives no link for a run not launched on an agent', () => {
    expect(runOutputHref('nightly', { taskId: 'ct:1:0:nightly:' }, 'stdout')).toBeUndefined();
  });
});
