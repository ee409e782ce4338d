import { Logger } from '@strato/service';
import { ReregistrationProgress } from './reregistration-progress';

function capture() {
  const lines: { fields: object; msg: string }[] = [];
  const logger = { info: (fields: object, msg: string) => lines.push({ fields, msg }) } as unknown as Logger;
  return { lines, logger };
}

describe('ReregistrationProgress', () => {
  it('logs at most once per interval while agents come back, and once when the last is back', () => {
    let now = 1_000;
    const { lines, logger } = capture();
    const progress = new ReregistrationProgress(4, () => now, logger, 1_000);
    progress.agentBack(); // 1/4 at +0 ms: too soon
    now += 1_000;
    progress.agentBack(); // 2/4 at +1000 ms: logged
    now += 10;
    progress.agentBack(); // 3/4 at +1010 ms: too soon again
    expect(lines).toEqual([{ fields: { back: 2, known: 4, ms: 1_000 }, msg: 'known agents re-registering' }]);
    now += 5;
    progress.agentBack();
    expect(lines[1]).toEqual({ fields: { agents: 4, ms: 1_015 }, msg: 'every known agent re-registered' });
  });

  it('says nothing more after the last known agent', () => {
    let now = 0;
    const { lines, logger } = capture();
    const progress = new ReregistrationProgress(1, () => now, logger, 1);
    progress.agentBack();
    now += 5;
    progress.agentBack();
    expect(lines.map((l) => l.msg)).toEqual(['every known agent re-registered']);
  });
});
