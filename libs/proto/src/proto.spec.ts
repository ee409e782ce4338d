import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Event, MasterMessage } from './index';

describe('generated proto code', () => {
  it('is up to date with proto/', () => {
    const out = execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'tools', 'proto', 'generate.mjs'), '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  });

  it('round-trips a oneof event through the binary encoding', () => {
    const event: Event = { event: { $case: 'rescind', value: { offerId: 'o-1' } } };
    expect(Event.decode(Event.encode(event).finish())).toEqual(event);
    const ping: MasterMessage = { message: { $case: 'ping', value: { sequence: 7 } } };
    expect(MasterMessage.decode(MasterMessage.encode(ping).finish())).toEqual(ping);
  });
});
