import { isStratoError } from '@strato/errors';
import { parseLabelSelector } from './label-selector';

const labels = { env: 'prod', tier: 'frontend', 'a b': 'x,y', empty: '' };

describe('parseLabelSelector', () => {
  it.each([
    ['env', true],
    ['missing', false],
    ['env==prod', true],
    ['env == prod', true],
    ['env==stage', false],
    ['env!=stage', true],
    ['env!=prod', false],
    ['missing!=prod', false], // every operator requires the label (Marathon)
    ['env in (stage,prod)', true],
    ['env in ( stage , prod )', true],
    ['env in (stage)', false],
    ['env in ()', false],
    ['env notin (stage,qa)', true],
    ['env notin (prod)', false],
    ['missing notin (prod)', false],
    ['env==prod,tier==frontend', true],
    ['env==prod, tier==backend', false],
    ['env,tier,empty', true],
    ['a\\ b==x\\,y', true],
    ['in', false], // `in` alone is an existence check of a label called "in"
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it.each(['env==', '==prod', 'env in stage', 'env in (a,', 'env in (a b)', 'env prod', 'env,,tier', 'env=prod', 'env!', ',env', 'env,'])(
    'rejects %j with a 422 error',
    (selector) => {
      let error: unknown;
      try {
        parseLabelSelector(selector);
      } catch (e) {
        error = e;
      }
      expect(isStratoError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toBe(`Can not parse label selector ${selector}`);
    },
  );
});
