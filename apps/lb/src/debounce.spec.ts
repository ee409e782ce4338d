import { FakeClock } from '@strato/clock';
import { Debouncer } from './debounce';

describe('Debouncer', () => {
  const setup = () => {
    const clock = new FakeClock(1000);
    const fired: number[] = [];
    const debouncer = new Debouncer(clock, 100, 1000, () => fired.push(clock.now()));
    return { clock, fired, debouncer };
  };

  it('fires once, quietMs after the last poke of a burst', () => {
    const { clock, fired, debouncer } = setup();
    debouncer.poke();
    clock.advance(50);
    debouncer.poke();
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([1150]);
    expect(debouncer.pending()).toBe(false);
  });

  it('never waits longer than maxDelayMs while pokes keep coming', () => {
    const { clock, fired, debouncer } = setup();
    for (let i = 0; i < 60; i++) {
      debouncer.poke();
      clock.advance(50);
    }
    expect(fired).toEqual([2000, 3000, 4000]);
  });

  it('cancel drops a pending call', () => {
    const { clock, fired, debouncer } = setup();
    debouncer.poke();
    debouncer.cancel();
    clock.advance(5000);
    expect(fired).toEqual([]);
  });
});
