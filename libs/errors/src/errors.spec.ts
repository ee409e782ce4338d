import { getErrorMessage, invalidArgument, isStratoError, StratoError } from './index';

describe('errors', () => {
  it('carries a stable code and details', () => {
    const e = invalidArgument('bad cpus', { field: 'cpus' });
    expect(e).toBeInstanceOf(StratoError);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.details).toEqual({ field: 'cpus' });
    expect(isStratoError(e, 'INVALID_ARGUMENT')).toBe(true);
    expect(isStratoError(e, 'NOT_FOUND')).toBe(false);
  });

  it('extracts messages from anything thrown', () => {
    expect(getErrorMessage(new Error('boom'))).toBe('boom');
    expect(getErrorMessage('text')).toBe('text');
    expect(getErrorMessage({ a: 1 })).toBe('{"a":1}');
  });
});
