import * as pb from '@strato/proto';

/** A checkpointing framework's FrameworkInfo, as the master would hand it to the agent. */
export function frameworkInfo(id: string): pb.FrameworkInfo {
  return { id, name: id, user: 'test', failoverTimeout: 0, checkpoint: true, roles: ['*'], hostname: '', principal: '', webuiUrl: '', capabilities: [] };
}
