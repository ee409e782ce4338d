import { appToForm, formToApp, mergeForm, parseDefinition } from './form-model';

describe('Marathon UI create form', () => {
  it('sends numbers as numbers, leaves empty fields out and keeps what is not a number for the API to reject', () => {
    expect(formToApp({ id: ' /ui-test ', cmd: 'sleep 600', cpus: '0.1', mem: '32', instances: '1' })).toEqual({ id: '/ui-test', cmd: 'sleep 600', cpus: 0.1, mem: 32, instances: 1 });
    expect(formToApp({ id: '/a', cmd: '', cpus: '', mem: 'lots' })).toEqual({ id: '/a', mem: 'lots' });
    expect(formToApp({ id: '42' })).toEqual({ id: '42' });
  });

  it('moves between the form and the JSON editor without losing other fields', () => {
    const values = { id: '/a', cmd: 'true', cpus: '0.5', mem: '', instances: '3' };
    expect(mergeForm({ id: '/old', mem: 64, labels: { team: 'x' } }, values)).toEqual({ id: '/a', cmd: 'true', cpus: 0.5, instances: 3, labels: { team: 'x' } });
    expect(appToForm({ id: '/a', cpus: 0.5, mem: 64, labels: {}, instances: null })).toEqual({ id: '/a', cmd: '', cpus: '0.5', mem: '64', instances: '' });
  });

  it('parses the JSON editor text into an object or says why not', () => {
    expect(parseDefinition('{"id": "/a"}')).toEqual({ ok: true, app: { id: '/a' } });
    expect(parseDefinition('[1]')).toEqual({ ok: false, message: 'The app definition must be a JSON object' });
    expect(parseDefinition('{"id": ')).toMatchObject({ ok: false, message: expect.stringMatching(/^Not valid JSON/) });
  });
});
