import { Resources, parseAttributes, ResourceParseError } from '@strato/resources';
import { TaskInfo } from '@strato/domain';
import * as pb from '@strato/proto';
import {
  masterInfoFromJson,
  masterInfoToJson,
  attributesFromProto,
  attributesToProto,
  resourcesFromProto,
  resourcesToProto,
  taskInfoFromProto,
  taskInfoToProto,
  taskStatusFromProto,
  taskStatusToProto,
} from './index';

describe('wire conversions', () => {
  it('round-trips resources through proto, roles and ranges included', () => {
    const r = Resources.parse('cpus:1.5;mem:256;ports:[31000-31002,31010-31010];cpus(web):0.25;disks:{a,b}');
    const wire = resourcesToProto(r, 'web');
    expect(wire.every((w) => w.allocationRole === 'web')).toBe(true);
    expect(resourcesFromProto(wire).equals(r)).toBe(true);
  });

  it('rejects negative scalars from the wire', () => {
    const bad: pb.Resource = { name: 'cpus', type: pb.Value_Type.SCALAR, scalar: { value: -1 }, role: '*', allocationRole: '' };
    expect(() => resourcesFromProto([bad])).toThrow(ResourceParseError);
  });

  it('round-trips attributes', () => {
    const attrs = parseAttributes('rack:r1;level:10;keys:[1000-1500]');
    expect(attributesFromProto(attributesToProto(attrs))).toEqual(attrs);
  });

  it('round-trips a task with command, health check and kill policy', () => {
    const task: TaskInfo = {
      taskId: 't1',
      name: 'web',
      agentId: 'a1',
      resources: Resources.parse('cpus:0.1;mem:32'),
      command: { value: 'echo hi', shell: true, arguments: [], environment: { A: '1' }, uris: [] },
      killGracePeriodMs: 1500,
      labels: [{ key: 'k', value: 'v' }],
    };
    const back = taskInfoFromProto(taskInfoToProto(task));
    expect(back.resources.equals(task.resources)).toBe(true);
    expect({ ...back, resources: undefined }).toEqual({ ...task, resources: undefined });
  });

  it('keeps the exit code and uuid of a status, and omits empty uuids', () => {
    const s = taskStatusFromProto(
      taskStatusToProto({
        taskId: 't', state: 'TASK_FAILED', message: 'Command exited with status 3', source: 'SOURCE_EXECUTOR',
        reason: 'REASON_COMMAND_EXECUTOR_FAILED', agentId: 'a', timestamp: 12.5, uuid: 'u-1', exitCode: 3, labels: [],
      }),
    );
    expect(s).toMatchObject({ state: 'TASK_FAILED', exitCode: 3, uuid: 'u-1', timestamp: 12.5 });
    const noUuid = taskStatusFromProto(taskStatusToProto({ ...s, uuid: undefined }));
    expect(noUuid.uuid).toBeUndefined();
  });
});

describe('master json.info_', () => {
  it('round-trips a MasterInfo through the Mesos-shaped JSON', () => {
    const info = { id: 'm1', hostname: 'master-1', ip: '10.0.0.1', port: 5050, grpcPort: 5060, version: '0.1.0', pid: 'master@10.0.0.1:5050' };
    const json = masterInfoToJson(info);
    expect(json.ip).toBe(16777226); // Mesos' little-endian uint32 of 10.0.0.1
    expect(json.address).toEqual({ hostname: 'master-1', ip: '10.0.0.1', port: 5050 });
    expect(masterInfoFromJson(JSON.parse(JSON.stringify(json)))).toEqual(info);
  });

  it('refuses nodes without a gRPC endpoint', () => {
    expect(masterInfoFromJson({ hostname: 'h', port: 5050 })).toBeUndefined();
    expect(masterInfoFromJson('nonsense')).toBeUndefined();
  });
});
