import { restartBounds } from './capacity';

describe('restartBounds', () => {
  it.each`
    n     | mhc    | moc    | minHealthy | maxCapacity | allowance
    ${3}  | ${1}   | ${1}   | ${3}       | ${6}        | ${0}
    ${3}  | ${0.7} | ${0}   | ${3}       | ${3}        | ${1}
    ${3}  | ${1}   | ${0}   | ${3}       | ${3}        | ${1}
    ${4}  | ${0.5} | ${0}   | ${2}       | ${4}        | ${0}
    ${4}  | ${0}   | ${0}   | ${0}       | ${4}        | ${0}
    ${4}  | ${0.5} | ${0.5} | ${2}       | ${6}        | ${0}
    ${5}  | ${0.5} | ${0.1} | ${3}       | ${5}        | ${0}
    ${10} | ${0.3} | ${0.1} | ${3}       | ${11}       | ${0}
    ${1}  | ${0.5} | ${0.5} | ${1}       | ${1}        | ${1}
    ${0}  | ${1}   | ${0}   | ${0}       | ${0}        | ${0}
  `('n=$n mHC=$mhc mOC=$moc → minHealthy $minHealthy, maxCapacity $maxCapacity (+$allowance)', ({ n, mhc, moc, minHealthy, maxCapacity, allowance }) => {
    const bounds = restartBounds(n, { minimumHealthCapacity: mhc, maximumOverCapacity: moc });
    expect(bounds).toEqual({ minHealthy, maxCapacity, overCapacityAllowance: allowance, effectiveMaxCapacity: maxCapacity + allowance });
  });

  it('does not let binary floating point move a product across an integer (Marathon does)', () => {
    expect(100 * 0.07).toBeGreaterThan(7);
    expect(100 * (1 + 0.15)).toBeLessThan(115);
    expect(restartBounds(100, { minimumHealthCapacity: 0.07, maximumOverCapacity: 0.15 })).toMatchObject({ minHealthy: 7, maxCapacity: 115 });
  });

  it('falls back to the safe side on values validation should have rejected', () => {
    expect(restartBounds(4, { minimumHealthCapacity: Number.NaN, maximumOverCapacity: Number.NaN })).toMatchObject({
      minHealthy: 4,
      maxCapacity: 4,
      overCapacityAllowance: 1,
    });
    expect(restartBounds(4, { minimumHealthCapacity: 7, maximumOverCapacity: -1 })).toMatchObject({ minHealthy: 4, maxCapacity: 4 });
  });
});
