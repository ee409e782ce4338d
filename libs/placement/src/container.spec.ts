import { checkContainer } from './container';
import { matchOffer } from './match';
import { placeInstances } from './place';
import { offer, request } from './test-fixtures';

describe('container runtimes', () => {
  it('agents run processes by default: a DOCKER or image request is UnsupportedContainerType on every offer', () => {
    expect(checkContainer(request({}), offer())).toBeUndefined();
    expect(checkContainer(request({ container: 'process' }), offer())).toBeUndefined();
    const docker = matchOffer(request({ container: 'docker' }), offer({ hostname: 'h1' }), []);
    expect(docker).toEqual({
      ok: false,
      reasons: [{ reason: 'UnsupportedContainerType', message: 'needs a DOCKER container; agent h1 runs a process' }],
    });
    const image = matchOffer(request({ container: 'image' }), offer(), []);
    expect(!image.ok && image.reasons.map((r) => r.reason)).toEqual(['UnsupportedContainerType']);
  });

  it('an agent offering the runtime accepts it; other stages still report their reasons', () => {
    const withDocker = { ...offer(), containerRuntimes: ['process', 'docker'] as const };
    expect(matchOffer(request({ container: 'docker' }), withDocker, []).ok).toBe(true);
    const both = matchOffer(request({ container: 'docker', cpus: 99 }), offer(), []);
    expect(!both.ok && both.reasons.map((r) => r.reason)).toEqual(['UnsupportedContainerType', 'InsufficientCpus']);
  });

  it('placeInstances places none and says why', () => {
    const batch = placeInstances(request({ container: 'docker' }), offer(), [], 2);
    expect(batch.placements).toEqual([]);
    expect(batch.rejection?.map((r) => r.reason)).toEqual(['UnsupportedContainerType']);
  });
});
