import { MemoryStore } from '@strato/coordination';
import { idFromKeySegment, keySegment } from './store-keys';

describe('keySegment', () => {
  const ids = ['fw-1', 'app.web.1d2e', 'a/b', '..', '.', '.hidden', '', 'a:b', 'a_b c', 'é✓', 'x\u0000y', '%2E'];

  it.each(ids)('turns %j into a valid store key segment that maps back to it', async (id) => {
    const segment = keySegment(id);
    expect(segment).toMatch(/^[A-Za-z0-9._:-]+$/);
    expect(segment).not.toMatch(/^\.\.?$/);
    expect(idFromKeySegment(segment)).toBe(id);
    await new MemoryStore().put(`tasks/${segment}`, Buffer.from('x')); // the store accepts it
  });

  it('keeps ordinary ids readable and distinct ids distinct', () => {
    expect(keySegment('app.web.1d2e-Z9')).toBe('app.web.1d2e-Z9');
    expect(new Set(ids.map(keySegment)).size).toBe(ids.length);
  });
});
