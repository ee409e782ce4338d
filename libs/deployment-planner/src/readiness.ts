/** A readiness-check answer as `/v2/deployments` and `/v2/apps?embed=apps.readiness` show it. */
export interface ReadinessCheckResult {
  readonly name: string;
  readonly taskId: string;
  readonly ready: boolean;
  readonly lastResponse?: { readonly status: number; readonly contentType: string; readonly body: string };
}

/**
 * Whether one instance is ready: for every configured check name the latest result (last in
 * `results`, which are in arrival order) says ready. No configured checks means ready; a
 * configured check that has not answered yet means not ready.
 */
export function readinessSatisfied(results: readonly ReadinessCheckResult[], checkNames: readonly string[]): boolean {
  const latest = new Map<string, boolean>();
  for (const result of results) latest.set(result.name, result.ready);
  return checkNames.every((name) => latest.get(name) === true);
}
