import { deploymentInfo, planJson, prunePlan, stepJson, type DeploymentInfoJson, type DeploymentPlan } from '@strato/deployment-planner';
import type { DeploymentRecord } from '../state';
import { runAction } from './deployment-actions';
import type { CoreContext } from './instances';

/**
 * Runs persisted deployments step by step. The repository's deployment records are the source of
 * truth (so a restarted Marathon resumes them); `tick()` re-evaluates the current step of each one
 * level-triggered, moves on when every action is done and deletes the record after the last step.
 */
export class DeploymentManager {
  constructor(private readonly ctx: CoreContext) {}

  running(): readonly DeploymentPlan[] {
    return this.ctx.repository.deployments().map((record) => record.plan);
  }

  info(): DeploymentInfoJson[] {
    return this.ctx.repository.deployments().map((record) => {
      const readiness = Object.fromEntries(record.plan.affectedApps.map((appId) => [appId, this.ctx.readinessResults(appId)]));
      return deploymentInfo(record.plan, record.currentStep + 1, readiness);
    });
  }

  /** Ids of the running deployments that affect `appId`. */
  forApp(appId: string): string[] {
    return this.running().filter((plan) => plan.affectedApps.includes(appId)).map((plan) => plan.id);
  }

  /** App id → ids of the running deployments that affect it (`forApp` of every app with one scan). */
  byApp(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const plan of this.running()) {
      for (const appId of new Set(plan.affectedApps)) out.set(appId, [...(out.get(appId) ?? []), plan.id]);
    }
    return out;
  }

  /** Persists the plan cut down to its affected apps (`prunePlan`: enough for a rollback), then runs it. */
  async start(full: DeploymentPlan): Promise<void> {
    const plan = prunePlan(full);
    await this.ctx.repository.putDeployment({ plan, currentStep: 0, status: 'running' });
    this.publishStep('deployment_info', plan, 0);
    this.ctx.requestTick();
  }

  /** Force-cancel: forget the deployment where it stands (DELETE /v2/deployments/{id}?force=true, or a forced write). */
  async stop(id: string, reason: string): Promise<void> {
    const record = this.ctx.repository.deployment(id);
    if (!record) return;
    await this.ctx.repository.deleteDeployment(id);
    this.ctx.bus.publish({ eventType: 'deployment_failed', id, plan: planJson(record.plan), reason });
  }

  async tick(): Promise<void> {
    for (const record of this.ctx.repository.deployments()) {
      try {
        await this.advance(record);
      } catch (error) {
        this.ctx.logger.error({ deploymentId: record.plan.id, error: String(error) }, 'deployment step failed; retrying at the next change');
      }
    }
  }

  private async advance(start: DeploymentRecord): Promise<void> {
    let record = start;
    for (;;) {
      const step = record.plan.steps[record.currentStep];
      if (step) {
        const done = await Promise.all(step.actions.map((action) => runAction(this.ctx, action)));
        if (!done.every(Boolean)) return;
        this.publishStep('deployment_step_success', record.plan, record.currentStep);
      }
      const currentStep = record.currentStep + 1;
      if (currentStep >= record.plan.steps.length) return this.finish(record.plan);
      record = { ...record, currentStep };
      await this.ctx.repository.putDeployment(record);
      this.publishStep('deployment_info', record.plan, currentStep);
    }
  }

  private async finish(plan: DeploymentPlan): Promise<void> {
    await this.ctx.repository.deleteDeployment(plan.id);
    this.ctx.bus.publish({ eventType: 'deployment_success', id: plan.id, plan: planJson(plan) });
    this.ctx.logger.info({ deploymentId: plan.id }, 'deployment finished');
  }

  private publishStep(eventType: 'deployment_info' | 'deployment_step_success', plan: DeploymentPlan, index: number): void {
    const step = plan.steps[index];
    if (step) this.ctx.bus.publish({ eventType, plan: planJson(plan), currentStep: stepJson(step) });
  }
}
