import { parseJob } from './parse-job';
import { effectiveFetch, jobToJson } from './to-json';
import { NO_COUNTERS, type JobCounters, type JobDefaults, type JobDefinition } from './types';

const DEFAULTS: JobDefaults = { cpus: 0.1, mem: 128, disk: 256, user: 'root' };
const COUNTERS: JobCounters = {
  successCount: 4,
  errorCount: 1,
  lastSuccess: '2024-01-02T00:00:00.000Z',
  lastError: '2024-01-01T00:00:00.000Z',
  errorsSinceLastSuccess: 0,
};

/** A scheduled job with every field set away from its default. */
const FULL = {
  name: 'etl.daily', command: 'run.sh', shell: false, arguments: ['--fast'], description: 'd', owner: 'a@x, b@x',
  ownerName: 'Ops', schedule: 'R5/2024-01-01T02:00:00Z/P1D', scheduleTimeZone: 'Europe/Paris', epsilon: 'PT30M',
  async: true, retries: 0, cpus: 0.5, mem: 512, disk: 1024, disabled: true, softError: true, dataProcessingJobType: true,
  highPriority: true, concurrent: true, environmentVariables: [{ name: 'MODE', value: 'prod' }],
  fetch: [{ uri: 'http://h/a.tgz', output_file: 'a.tgz', executable: true, cache: true, extract: false }],
  constraints: [['rack', 'EQUALS', 'r1'], ['hostname', 'UNLIKE', 'db-.*']], runAsUser: 'etl',
  container: { type: 'DOCKER', image: 'etl:1', network: 'BRIDGE', volumes: [], forcePullImage: true, parameters: [] },
  executor: '/bin/exec', executorFlags: '--x', taskInfoData: 'data', maxCompletionTime: 3600,
  failureWebhook: 'https://hooks.example.com/etl',
};

const parse = (body: unknown, kind: 'iso8601' | 'dependency' = 'iso8601'): JobDefinition => parseJob(body, kind, DEFAULTS);

describe('jobToJson', () => {
  it('round-trips a job with every field: parse → jobToJson → parse', () => {
    const job = parse(FULL);
    expect(job).toMatchObject(FULL);
    expect(parse(jobToJson(job, COUNTERS))).toEqual(job);
  });

  it('round-trips dependent and minimal jobs', () => {
    const dep = parse({ name: 'c', command: 'x', parents: ['a', 'b'], uris: ['http://h/u'] }, 'dependency');
    expect(parse(jobToJson(dep, NO_COUNTERS), 'dependency')).toEqual(dep);
    const once = parse({ name: 'o', command: 'x' });
    expect(parse(jobToJson(once, NO_COUNTERS))).toEqual(once);
  });

  it("writes Chronos' field order with the counters, then our additions and the schedule", () => {
    const json = jobToJson(parse(FULL), COUNTERS, { scheduleText: 'R4/2024-01-02T02:00:00Z/P1D', nextRun: '2024-01-02T01:00:00.000Z' });
    expect(Object.keys(json)).toEqual([
      'name', 'command', 'shell', 'epsilon', 'executor', 'executorFlags', 'taskInfoData', 'retries', 'owner', 'ownerName',
      'description', 'async', 'successCount', 'errorCount', 'lastSuccess', 'lastError', 'cpus', 'disk', 'mem', 'disabled',
      'softError', 'dataProcessingJobType', 'errorsSinceLastSuccess', 'fetch', 'uris', 'environmentVariables', 'arguments',
      'highPriority', 'runAsUser', 'container', 'constraints', 'concurrent', 'maxCompletionTime', 'failureWebhook',
      'schedule', 'scheduleTimeZone', 'nextRun',
    ]);
    expect(json).toMatchObject({ ...COUNTERS, schedule: 'R4/2024-01-02T02:00:00Z/P1D', nextRun: '2024-01-02T01:00:00.000Z' });
  });

  it('writes the posted schedule when no live text is given, and parents (no schedule, no zone) for dependent jobs', () => {
    expect(jobToJson(parse(FULL), NO_COUNTERS).schedule).toBe(FULL.schedule);
    const json = jobToJson(parse({ name: 'c', command: 'x', parents: ['a'] }, 'dependency'), NO_COUNTERS);
    expect(json.parents).toEqual(['a']);
    for (const key of ['schedule', 'scheduleTimeZone', 'nextRun', 'epsilon', 'failureWebhook', 'container']) expect(key in json).toBe(false);
    expect(json).toMatchObject({ successCount: 0, errorCount: 0, lastSuccess: '', lastError: '', errorsSinceLastSuccess: 0 });
  });

  it('fills uris and fetch from each other', () => {
    const fromUris = jobToJson(parse({ name: 'u', command: 'x', uris: ['http://h/a'] }), NO_COUNTERS);
    expect(fromUris.uris).toEqual(['http://h/a']);
    expect(fromUris.fetch).toEqual([{ uri: 'http://h/a', executable: false, cache: false, extract: true }]);
    const fromFetch = jobToJson(parse(FULL), NO_COUNTERS);
    expect(fromFetch.fetch).toEqual(FULL.fetch);
    expect(fromFetch.uris).toEqual(['http://h/a.tgz']);
    expect(effectiveFetch({ uris: [], fetch: [] })).toEqual([]);
  });

  it('returns copies that do not alias the definition', () => {
    const job = parse(FULL);
    const json = jobToJson(job, NO_COUNTERS);
    (json.container as Record<string, unknown>).image = 'evil';
    (json.arguments as string[]).push('x');
    (json.constraints as string[][])[0][2] = 'r2';
    expect(job.container!.image).toBe('etl:1');
    expect(job.arguments).toEqual(['--fast']);
    expect(job.constraints[0]).toEqual(['rack', 'EQUALS', 'r1']);
  });
});
