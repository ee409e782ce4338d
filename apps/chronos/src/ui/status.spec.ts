import { jobState, runDuration, runTone } from './status';

describe('job and run status', () => {
  it('derives the state badge of a job from the job and its summary entry', () => {
    const job = { disabled: false, errorsSinceLastSuccess: 0 };
    expect(jobState({ ...job, disabled: true }, { state: 'running', status: 'failure' })).toEqual({ text: 'disabled', tone: 'info' });
    expect(jobState(job, { state: 'running', status: 'failure' })).toEqual({ text: 'running', tone: 'ok' });
    expect(jobState(job, { state: '2 running', status: 'success' })).toEqual({ text: '2 running', tone: 'ok' });
    expect(jobState(job, { state: 'queued', status: 'fresh' })).toEqual({ text: 'queued', tone: 'warn' });
    expect(jobState(job, { state: 'idle', status: 'failure' })).toEqual({ text: 'failing', tone: 'bad' });
    expect(jobState(job, { state: 'idle', status: 'success' })).toEqual({ text: 'idle', tone: 'ok' });
    expect(jobState({ disabled: false, errorsSinceLastSuccess: 2 })).toEqual({ text: 'failing', tone: 'bad' });
    expect(jobState(job)).toEqual({ text: 'idle', tone: 'ok' });
  });

  it('colours runs by outcome', () => {
    expect(['success', 'failure', 'killed', 'skipped', 'queued', 'staging', 'running'].map(runTone)).toEqual(['ok', 'bad', 'warn', 'warn', 'warn', 'info', 'info']);
  });

  it('measures a run from its start to its end', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    expect(runDuration({ started: at(0), ended: at(0.25) })).toBe('250 ms');
    expect(runDuration({ launched: at(0), ended: at(12) })).toBe('12 s');
    expect(runDuration({ started: at(0), ended: at(184) })).toBe('3 min 4 s');
    expect(runDuration({ started: at(0), ended: at(7500) })).toBe('2 h 5 min');
    expect(runDuration({ started: at(0) })).toBe('—');
  });
});
