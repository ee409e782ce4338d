import { parseJsonBody } from './json-body';
import { toStratoError, validationFailure } from './violations';

describe('parseJsonBody', () => {
  it('returns the parsed value', () => {
    expect(parseJsonBody('{"id":"/a"}')).toEqual({ ok: true, value: { id: '/a' } });
  });

  it.each(['{"id":', '', "{'id': 1}"])('answers 400 Invalid JSON for %p', (text) => {
    const result = parseJsonBody(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.status).toBe(400);
    expect(!result.ok && result.body.message).toBe('Invalid JSON');
    expect(!result.ok && result.body.details).toEqual([{ path: '/', errors: [expect.stringMatching(/JSON|Unexpected|token/)] }]);
  });
});

describe('toStratoError', () => {
  it('carries the details for a service that throws', () => {
    const error = toStratoError(validationFailure([{ path: '/a', errors: ['x'] }, { path: '/a', errors: ['y', 'x'] }]));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('Object is not valid');
    expect(error.details).toEqual({ details: [{ path: '/a', errors: ['x', 'y'] }] });
  });
});
