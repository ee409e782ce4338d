import { parseJob } from './parse-job';
import { JobValidationError, type JobDefaults } from './types';

const DEFAULTS: JobDefaults = { cpus: 0.1, mem: 128, disk: 256, user: 'root' };
const scheduled = (body: Record<string, unknown>) => parseJob({ name: 'j', command: 'true', ...body }, 'iso8601', DEFAULTS);

function errorOf(body: Record<string, unknown>): string {
  try {
    scheduled(body);
  } catch (e) {
    expect(e).toBeInstanceOf(JobValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a JobValidationError');
}

describe('environmentVariables', () => {
  it('keeps name/value pairs in order', () => {
    const env = [{ name: 'B', value: '1' }, { name: 'A', value: '' }];
    expect(scheduled({ environmentVariables: env }).environmentVariables).toEqual(env);
  });

  it('rejects entries without string name and value', () => {
    const message = "Field 'environmentVariables' entries must be objects with string 'name' and 'value'";
    expect(errorOf({ environmentVariables: [{ name: 'A' }] })).toBe(message);
    expect(errorOf({ environmentVariables: [{ name: 'A', value: 1 }] })).toBe(message);
    expect(errorOf({ environmentVariables: ['A=1'] })).toBe(message);
    expect(errorOf({ environmentVariables: { A: '1' } })).toBe("Field 'environmentVariables' must be an array");
  });
});

describe('uris and fetch', () => {
  const rich = { uri: 'http://h/a.tgz', output_file: 'a.tgz', executable: false, cache: true, extract: false };

  it('keeps uris, and rich fetch entries with their defaults filled', () => {
    expect(scheduled({ uris: ['http://h/a'] })).toMatchObject({ uris: ['http://h/a'], fetch: [] });
    expect(scheduled({ fetch: [{ uri: 'http://h/b', cache: true }] })).toMatchObject({
      uris: [],
      fetch: [{ uri: 'http://h/b', executable: false, cache: true, extract: true }],
    });
  });

  it('stores a fetch list of plain entries as uris', () => {
    expect(scheduled({ fetch: [{ uri: 'http://h/a' }, { uri: 'http://h/b', extract: true }] })).toMatchObject({
      uris: ['http://h/a', 'http://h/b'],
      fetch: [],
    });
  });

  it('rejects both, unless they mirror each other as our GET answers do', () => {
    expect(errorOf({ uris: ['http://h/x'], fetch: [rich] })).toBe('Tried to specify both uris and fetch');
    expect(scheduled({ uris: [rich.uri], fetch: [rich] })).toMatchObject({ uris: [], fetch: [rich] });
  });

  it('rejects malformed fetch entries', () => {
    expect(errorOf({ fetch: ['http://h/a'] })).toBe("Field 'fetch' entries must be objects");
    expect(errorOf({ fetch: [{ uri: '' }] })).toBe("Field 'fetch' entries must have a non-empty string 'uri'");
    expect(errorOf({ fetch: [{ uri: 'u', cache: 'no' }] })).toBe("Field 'fetch' entry 'cache' must be a boolean");
    expect(errorOf({ fetch: [{ uri: 'u', output_file: 3 }] })).toBe("Field 'output_file' must be a string");
  });
});

describe('constraints', () => {
  it('keeps valid EQUALS, LIKE and UNLIKE triples', () => {
    const constraints = [['rack', 'EQUALS', 'r1'], ['hostname', 'LIKE', 'web-[0-9]+'], ['zone', 'UNLIKE', 'eu-.*']];
    expect(scheduled({ constraints }).constraints).toEqual(constraints);
  });

  it('rejects bad shapes, unknown operators and invalid regular expressions', () => {
    const shape = "Field 'constraints' entries must be [attribute, operator, value] arrays of 3 strings";
    expect(errorOf({ constraints: [['rack', 'EQUALS']] })).toBe(shape);
    expect(errorOf({ constraints: [['rack', 'EQUALS', 1]] })).toBe(shape);
    expect(errorOf({ constraints: 'rack:EQUALS:r1' })).toBe("Field 'constraints' must be an array");
    expect(errorOf({ constraints: [['rack', 'GROUP_BY', '2']] })).toBe(
      "Unknown constraint operator 'GROUP_BY' for attribute 'rack': use EQUALS, LIKE or UNLIKE",
    );
    expect(errorOf({ constraints: [['hostname', 'LIKE', 'web-[']] })).toBe(
      "Constraint LIKE on 'hostname' has an invalid regular expression 'web-['",
    );
    // EQUALS compares text, so regex syntax is not checked there.
    expect(scheduled({ constraints: [['rack', 'EQUALS', '[']] }).constraints).toEqual([['rack', 'EQUALS', '[']]);
  });
});

describe('failureWebhook', () => {
  it('accepts http and https URLs', () => {
    expect(scheduled({ failureWebhook: 'https://hooks.example.com/x?y=1' }).failureWebhook).toBe('https://hooks.example.com/x?y=1');
    expect(scheduled({ failureWebhook: 'http://10.0.0.1:8080/' }).failureWebhook).toBe('http://10.0.0.1:8080/');
  });

  it('rejects other schemes, non-URLs and non-strings', () => {
    const message = "Field 'failureWebhook' must be an http(s) URL";
    expect(errorOf({ failureWebhook: 'ftp://h/x' })).toBe(message);
    expect(errorOf({ failureWebhook: 'not a url' })).toBe(message);
    expect(errorOf({ failureWebhook: true })).toBe("Field 'failureWebhook' must be a string");
  });
});
