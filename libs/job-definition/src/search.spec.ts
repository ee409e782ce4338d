import { searchJobs } from './search';
import { JobValidationError } from './types';

const JOBS = [
  { name: 'etl-daily', command: 'python etl.py' },
  { name: 'Backup', command: 'tar czf /backup' },
  { name: 'etl-hourly', command: 'PYTHON etl.py --hourly' },
  { name: 'report', command: 'python etl_report.py' },
];
const names = (jobs: { name: string }[]) => jobs.map((j) => j.name);

describe('searchJobs', () => {
  it('returns everything (up to the default limit) for an empty query', () => {
    expect(names(searchJobs(JOBS, {}))).toEqual(['etl-daily', 'Backup', 'etl-hourly', 'report']);
    const many = Array.from({ length: 15 }, (_, i) => ({ name: `j${i}`, command: 'x' }));
    expect(searchJobs(many, {})).toHaveLength(10);
  });

  it('matches case-insensitive substrings', () => {
    expect(names(searchJobs(JOBS, { name: 'BACK' }))).toEqual(['Backup']);
    expect(names(searchJobs(JOBS, { command: 'Python' }))).toEqual(['etl-daily', 'etl-hourly', 'report']);
  });

  it('ANDs name and command', () => {
    expect(names(searchJobs(JOBS, { name: 'etl', command: 'hourly' }))).toEqual(['etl-hourly']);
    expect(names(searchJobs(JOBS, { name: 'report', command: 'tar' }))).toEqual([]);
  });

  it('lets any match name or command and override both', () => {
    expect(names(searchJobs(JOBS, { any: 'report' }))).toEqual(['report']);
    expect(names(searchJobs(JOBS, { any: 'backup' }))).toEqual(['Backup']);
    expect(names(searchJobs(JOBS, { any: 'etl', name: 'nothing', command: 'nothing' }))).toEqual(['etl-daily', 'etl-hourly', 'report']);
  });

  it('pages with offset then limit', () => {
    expect(names(searchJobs(JOBS, { offset: '1', limit: '2' }))).toEqual(['Backup', 'etl-hourly']);
    expect(names(searchJobs(JOBS, { command: 'python', offset: '2' }))).toEqual(['report']);
    expect(searchJobs(JOBS, { limit: '0' })).toEqual([]);
    expect(searchJobs(JOBS, { offset: '9' })).toEqual([]);
    expect(searchJobs(JOBS, { limit: '', offset: '' })).toHaveLength(4);
  });

  it('rejects negative or non-integer limit and offset', () => {
    expect(() => searchJobs(JOBS, { limit: '-1' })).toThrow(new JobValidationError("Invalid limit '-1': must be a non-negative integer"));
    expect(() => searchJobs(JOBS, { limit: '2.5' })).toThrow(JobValidationError);
    expect(() => searchJobs(JOBS, { offset: 'ten' })).toThrow("Invalid offset 'ten': must be a non-negative integer");
  });
});
