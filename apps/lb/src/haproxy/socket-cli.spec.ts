import { isExpectedAnswer, parseShowProc } from './socket-cli';

describe('HAProxy CLI answers', () => {
  it("parses 2.6's show proc", () => {
    const text =
      '#<PID>          <type>          <reloads>       <uptime>        <version>      \n' +
      '29090           master          1 [failed: 0]   0d00h10m23s     2.6.12-1+deb12u3\n' +
      '# workers\n29446           worker          0               0d00h10m18s     2.6.12-1+deb12u3\n' +
      '29093           worker          1               0d00h10m30s     2.6.12-1+deb12u3\n# programs\n\n';
    expect(parseShowProc(text)).toEqual({
      masterPid: 29090, reloads: 1, failedReloads: 0,
      workers: [{ pid: 29446, reloads: 0 }, { pid: 29093, reloads: 1 }],
    });
    expect(parseShowProc('Unknown command.\n')).toBeUndefined();
  });

  it('accepts the answers of set server and refuses errors', () => {
    expect(isExpectedAnswer('\n')).toBe(true);
    expect(isExpectedAnswer("IP changed from '127.0.0.1' to '10.0.0.2', port changed from '1' to '31000' by 'stats socket command'\n\n")).toBe(true);
    expect(isExpectedAnswer("no need to change the addr, port changed from '1' to '8000' by 'stats socket command'\n")).toBe(true);
    expect(isExpectedAnswer('No such server.\n\n')).toBe(false);
    expect(isExpectedAnswer('Permission denied\n')).toBe(false);
  });
});
