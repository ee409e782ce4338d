import { EMPTY_VALUES, errorField, jobBody, parseParents, toggledBody, valuesOf } from './job-form-model';

describe('job form model', () => {
  it('builds the body of a new scheduled or dependent job', () => {
    const values = { ...EMPTY_VALUES, name: ' ui-job ', command: 'echo hi', schedule: 'R/2099-01-01T00:00:00Z/PT24H', cpus: '0.1', mem: '32', owner: 'me@example.com' };
    expect(jobBody(values)).toEqual({ name: 'ui-job', command: 'echo hi', owner: 'me@example.com', disabled: false, schedule: 'R/2099-01-01T00:00:00Z/PT24H', cpus: 0.1, mem: 32 });
    expect(jobBody({ ...values, kind: 'dependent', parents: 'a, b  c', cpus: '', mem: 'lots' })).toEqual({ name: 'ui-job', command: 'echo hi', owner: 'me@example.com', disabled: false, parents: ['a', 'b', 'c'], mem: 'lots' });
    expect(jobBody({ ...values, scheduleTimeZone: 'Europe/Berlin' })).toMatchObject({ scheduleTimeZone: 'Europe/Berlin' });
  });

  it('keeps the fields the form does not show when editing, and switches kind cleanly', () => {
    const job = { name: 'j', command: 'old', schedule: 'R/2026-01-01T00:00:00.000Z/PT1H', scheduleTimeZone: '', retries: 5, environmentVariables: [{ name: 'A', value: '1' }], cpus: 1, mem: 128, owner: '', disabled: false, nextRun: '2026-01-01T00:00:00.000Z', successCount: 3 };
    const values = valuesOf(job);
    expect(values).toEqual({ ...EMPTY_VALUES, name: 'j', command: 'old', schedule: job.schedule, cpus: '1', mem: '128' });
    const body = jobBody({ ...values, command: 'new', kind: 'dependent', parents: 'a' }, job);
    expect(body).toEqual({ name: 'j', command: 'new', retries: 5, environmentVariables: [{ name: 'A', value: '1' }], cpus: 1, mem: 128, owner: '', disabled: false, parents: ['a'], successCount: 3 });
    expect(valuesOf({ name: 'k', command: 'c', parents: ['a', 'b'] })).toMatchObject({ kind: 'dependent', parents: 'a, b', schedule: '' });
  });

  it('flips the disabled flag of a job as returned by the API', () => {
    expect(toggledBody({ name: 'j', disabled: false, nextRun: 'x', schedule: 's' })).toEqual({ name: 'j', disabled: true, schedule: 's' });
    expect(toggledBody({ name: 'j', disabled: true })).toEqual({ name: 'j', disabled: false });
  });

  it('finds the field an API error is about', () => {
    expect(errorField("Cannot parse schedule 'nonsense': expected 5 cron fields")).toBe('schedule');
    expect(errorField("Field 'command' is required")).toBe('command');
    expect(errorField("Field 'cpus' must be a non-negative number")).toBe('cpus');
    expect(errorField("Invalid job name 'a b': use letters")).toBe('name');
    expect(errorField("Invalid scheduleTimeZone 'Mars/Olympus'")).toBe('scheduleTimeZone');
    expect(errorField("Parent 'x' of job 'y' does not exist")).toBe('parents');
    expect(errorField("Adding job 'a' would create a dependency cycle: a -> b -> a")).toBe('parents');
    expect(errorField("Field 'retries' must be a non-negative integer")).toBeUndefined();
    expect(errorField('Request body is empty')).toBeUndefined();
  });

  it('splits parents on commas and spaces', () => {
    expect(parseParents(' a,b ,, c d ')).toEqual(['a', 'b', 'c', 'd']);
  });
});
