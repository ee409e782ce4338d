import { parseJob } from './parse-job';
import { JobValidationError, type JobDefaults } from './types';

const DEFAULTS: JobDefaults = { cpus: 0.1, mem: 128, disk: 256, user: 'root' };
const scheduled = (body: Record<string, unknown>) => parseJob({ name: 'j', command: 'true', ...body }, 'iso8601', DEFAULTS);
const dependent = (body: Record<string, unknown>) =>
  parseJob({ name: 'j', command: 'true', parents: ['p'], ...body }, 'dependency', DEFAULTS);

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(JobValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a JobValidationError');
}

describe('parseJob defaults', () => {
  it('fills every default for a minimal scheduled job', () => {
    expect(scheduled({ schedule: 'R/2024-01-01T00:00:00Z/PT1H' })).toEqual({
      name: 'j', command: 'true', shell: true, arguments: [], description: '', owner: '', ownerName: '',
      schedule: 'R/2024-01-01T00:00:00Z/PT1H', scheduleTimeZone: '', async: false, retries: 2,
      cpus: 0.1, mem: 128, disk: 256, disabled: false, softError: false, dataProcessingJobType: false,
      highPriority: false, concurrent: false, environmentVariables: [], uris: [], fetch: [], constraints: [],
      runAsUser: 'root', container: null, executor: '', executorFlags: '', taskInfoData: '', maxCompletionTime: 0,
    });
  });

  it('leaves optional fields out rather than undefined', () => {
    const job = scheduled({});
    for (const key of ['schedule', 'parents', 'epsilon', 'failureWebhook']) expect(key in job).toBe(false);
  });

  it('replaces 0 or absent resources by the defaults and keeps the others', () => {
    expect(scheduled({ cpus: 0, mem: 0, disk: 0 })).toMatchObject({ cpus: 0.1, mem: 128, disk: 256 });
    expect(scheduled({ cpus: 2, mem: 1024, disk: 10 })).toMatchObject({ cpus: 2, mem: 1024, disk: 10 });
  });

  it('accepts numbers written as strings', () => {
    expect(scheduled({ cpus: '0.5', mem: ' 64 ', disk: '0', retries: '3' })).toMatchObject({ cpus: 0.5, mem: 64, disk: 256, retries: 3 });
  });

  it('uses the default user when runAsUser is absent or empty', () => {
    expect(scheduled({}).runAsUser).toBe('root');
    expect(scheduled({ runAsUser: '' }).runAsUser).toBe('root');
    expect(scheduled({ runAsUser: 'nobody' }).runAsUser).toBe('nobody');
  });

  it('accepts dataJob as an alias of dataProcessingJobType, the canonical name winning', () => {
    expect(scheduled({ dataJob: true }).dataProcessingJobType).toBe(true);
    expect(scheduled({ dataJob: true, dataProcessingJobType: false }).dataProcessingJobType).toBe(false);
  });

  it('reads null as absent and "true"/"false" as booleans', () => {
    const nulls = scheduled({ shell: null, retries: null, owner: null, container: null });
    expect(nulls).toMatchObject({ shell: true, retries: 2, owner: '', container: null });
    expect(scheduled({ shell: 'false', disabled: 'true' })).toMatchObject({ shell: false, disabled: true });
  });

  it('ignores unknown fields and the server-owned counters', () => {
    const plain = scheduled({ schedule: 'R/2024-01-01T00:00:00Z/P1D' });
    const noisy = scheduled({
      schedule: 'R/2024-01-01T00:00:00Z/P1D', color: 'red', successCount: 9, errorCount: 3, lastSuccess: '2024-01-01T00:00:00Z',
      lastError: 'x', errorsSinceLastSuccess: 1, nextRun: 'soon',
    });
    expect(noisy).toEqual(plain);
  });

  it('keeps the container as given, as a copy', () => {
    const container = { type: 'DOCKER', image: 'busybox', volumes: [{ containerPath: '/d', mode: 'RW' }] };
    const job = scheduled({ container, command: '' });
    expect(job.container).toEqual(container);
    container.volumes[0].mode = 'RO';
    expect((job.container!.volumes as { mode: string }[])[0].mode).toBe('RW');
  });
});

describe('parseJob endpoints', () => {
  it('/iso8601 accepts a missing schedule (run once now; the caller synthesises it)', () => {
    expect(scheduled({ scheduleTimeZone: 'Europe/Paris' })).toMatchObject({ scheduleTimeZone: 'Europe/Paris' });
    expect(scheduled({}).schedule).toBeUndefined();
  });

  it('/iso8601 rejects parents but tolerates an empty list', () => {
    expect(errorOf(() => scheduled({ parents: ['p'] }))).toBe("Scheduled jobs must not have 'parents': post dependent jobs to /dependency");
    expect(scheduled({ parents: [] }).parents).toBeUndefined();
  });

  it('/dependency keeps parents de-duplicated in order and has no schedule or zone', () => {
    const job = dependent({ parents: ['b', 'a', 'b'], scheduleTimeZone: 'UTC' });
    expect(job.parents).toEqual(['b', 'a']);
    expect(job.schedule).toBeUndefined();
    expect(job.scheduleTimeZone).toBe('');
  });

  it('/dependency requires a non-empty list of names and no schedule', () => {
    const need = "Dependent jobs need a non-empty 'parents' array of job names";
    expect(errorOf(() => parseJob({ name: 'j', command: 'x' }, 'dependency', DEFAULTS))).toBe(need);
    expect(errorOf(() => dependent({ parents: [] }))).toBe(need);
    expect(errorOf(() => dependent({ parents: 'p' }))).toBe("Field 'parents' must be an array of strings");
    expect(errorOf(() => dependent({ parents: ['p', 3] }))).toBe("Field 'parents' must be an array of strings");
    expect(errorOf(() => dependent({ parents: [''] }))).toBe("Field 'parents' must not contain empty names");
    expect(errorOf(() => dependent({ schedule: 'R/2024-01-01T00:00:00Z/P1D' }))).toBe(
      "Dependent jobs must not have a 'schedule': post scheduled jobs to /iso8601",
    );
  });

  it('rejects a job listing itself as parent', () => {
    expect(errorOf(() => dependent({ parents: ['p', 'j'] }))).toBe("Job 'j' cannot be its own parent");
  });
});

describe('parseJob errors', () => {
  it('rejects bodies that are not JSON objects', () => {
    for (const body of [null, [], 'job', 3]) expect(errorOf(() => parseJob(body, 'iso8601', DEFAULTS))).toBe('The job must be a JSON object');
  });

  it('rejects missing, empty, mistyped and ill-formed names', () => {
    expect(errorOf(() => parseJob({ command: 'x' }, 'iso8601', DEFAULTS))).toBe("Field 'name' is required");
    expect(errorOf(() => scheduled({ name: '' }))).toBe("Field 'name' must not be empty");
    expect(errorOf(() => scheduled({ name: 7 }))).toBe("Field 'name' must be a string");
    expect(errorOf(() => scheduled({ name: 'my job' }))).toBe("Invalid job name 'my job': use letters, digits, '_', '.' or '-'");
    expect(errorOf(() => scheduled({ name: 'a#b' }))).toBe("Invalid job name 'a#b': use letters, digits, '_', '.' or '-'");
    expect(scheduled({ name: 'etl_v2.daily-run' }).name).toBe('etl_v2.daily-run');
  });

  it('requires a string command, empty only with a container image', () => {
    expect(errorOf(() => parseJob({ name: 'j' }, 'iso8601', DEFAULTS))).toBe("Field 'command' is required");
    expect(errorOf(() => scheduled({ command: ['ls'] }))).toBe("Field 'command' must be a string");
    const empty = "Field 'command' must not be empty unless container.image is set";
    expect(errorOf(() => scheduled({ command: '' }))).toBe(empty);
    expect(errorOf(() => scheduled({ command: '', container: { type: 'DOCKER' } }))).toBe(empty);
    expect(scheduled({ command: '', container: { image: 'busybox' } }).command).toBe('');
  });

  it.each([
    [{ retries: -1 }, "Field 'retries' must be a non-negative integer"],
    [{ retries: 1.5 }, "Field 'retries' must be a non-negative integer"],
    [{ maxCompletionTime: 'soon' }, "Field 'maxCompletionTime' must be a non-negative integer"],
    [{ cpus: -0.5 }, "Field 'cpus' must be a non-negative number"],
    [{ mem: 'lots' }, "Field 'mem' must be a non-negative number"],
    [{ disk: '' }, "Field 'disk' must be a non-negative number"],
    [{ shell: 1 }, "Field 'shell' must be a boolean"],
    [{ concurrent: 'yes' }, "Field 'concurrent' must be a boolean"],
    [{ dataJob: 1 }, "Field 'dataJob' must be a boolean"],
    [{ owner: 5 }, "Field 'owner' must be a string"],
    [{ schedule: 60 }, "Field 'schedule' must be a string"],
    [{ epsilon: 60 }, "Field 'epsilon' must be a string"],
    [{ arguments: 'a b' }, "Field 'arguments' must be an array of strings"],
    [{ uris: [1] }, "Field 'uris' must be an array of strings"],
    [{ container: 'busybox' }, "Field 'container' must be an object or null"],
  ])('names the field of a wrong type: %j', (body, message) => {
    expect(errorOf(() => scheduled(body))).toBe(message);
  });
});
