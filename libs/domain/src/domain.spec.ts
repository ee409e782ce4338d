import { forNonPartitionAware, isTerminal } from './index';

describe('task states', () => {
  it('knows which states are terminal', () => {
    expect(isTerminal('TASK_FINISHED')).toBe(true);
    expect(isTerminal('TASK_LOST')).toBe(true);
    expect(isTerminal('TASK_RUNNING')).toBe(false);
    expect(isTerminal('TASK_UNREACHABLE')).toBe(false);
  });

  it('maps partition-aware states to TASK_LOST for older frameworks', () => {
    expect(forNonPartitionAware('TASK_UNREACHABLE')).toBe('TASK_LOST');
    expect(forNonPartitionAware('TASK_GONE')).toBe('TASK_LOST');
    expect(forNonPartitionAware('TASK_RUNNING')).toBe('TASK_RUNNING');
  });
});
