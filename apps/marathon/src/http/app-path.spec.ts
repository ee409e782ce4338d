import { parseAppPath } from './app-path';

describe('parseAppPath', () => {
  it.each([
    [['web'], { kind: 'app', id: '/web' }],
    [['prod', 'web'], { kind: 'app', id: '/prod/web' }],
    [['prod', 'web', ''], { kind: 'app', id: '/prod/web' }],
    [['prod', 'web', 'restart'], { kind: 'restart', id: '/prod/web' }],
    [['prod', 'web', 'tasks'], { kind: 'tasks', id: '/prod/web' }],
    [['prod', 'web', 'tasks', 't1'], { kind: 'task', id: '/prod/web', taskId: 't1' }],
    [['prod', 'web', 'versions'], { kind: 'versions', id: '/prod/web' }],
    [['prod', 'web', 'versions', '2024-01-01T00:00:00.000Z'], { kind: 'version', id: '/prod/web', version: '2024-01-01T00:00:00.000Z' }],
    [['web', 'tasks', 't1'], { kind: 'task', id: '/web', taskId: 't1' }],
    [['tasks', 'web'], { kind: 'app', id: '/tasks/web' }], // `tasks` inside an id is fine
    [['a', 'tasks', 'b', 'tasks'], { kind: 'tasks', id: '/a/tasks/b' }], // greedy, as Marathon's {id:.+}/tasks
    [['versions', 'x', 'restart'], { kind: 'restart', id: '/versions/x' }],
    [['prod', '*'], { kind: 'group', id: '/prod' }],
    [['*'], { kind: 'group', id: '/' }],
    [['restart'], { kind: 'app', id: '/restart' }],
  ])('%j → %j', (segments, expected) => {
    expect(parseAppPath(segments)).toEqual(expected);
  });
});
