import { readinessSatisfied, type ReadinessCheckResult } from './readiness';

const result = (name: string, ready: boolean): ReadinessCheckResult => ({ name, taskId: 'app.instance-1._app.1', ready });

describe('readinessSatisfied', () => {
  it('is ready without configured checks', () => {
    expect(readinessSatisfied([], [])).toBe(true);
  });

  it('is not ready while a configured check has not answered', () => {
    expect(readinessSatisfied([], ['readinessCheck'])).toBe(false);
    expect(readinessSatisfied([result('other', true)], ['readinessCheck'])).toBe(false);
  });

  it('goes by the latest result of each check', () => {
    expect(readinessSatisfied([result('r', false), result('r', true)], ['r'])).toBe(true);
    expect(readinessSatisfied([result('r', true), result('r', false)], ['r'])).toBe(false);
  });

  it('needs every configured check ready', () => {
    expect(readinessSatisfied([result('a', true), result('b', false)], ['a', 'b'])).toBe(false);
    expect(readinessSatisfied([result('a', true), result('b', true)], ['a', 'b'])).toBe(true);
  });
});
