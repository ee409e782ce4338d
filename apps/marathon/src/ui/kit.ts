// Small DOM helpers shared by the Marathon UI's views.
import { ApiError, fill, h, live } from '@strato/ui';

export interface View {
  stop(): void;
}

/** The message of a failed request or any error. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors.map((e) => `${e.path}: ${e.message}`);
    return [error.message, ...fields].join(' ');
  }
  return (error as Error)?.message ?? String(error);
}

/** A `live` section that can also be paused: `pause()` resolves once no refresh is in flight. */
export interface LiveSection {
  stop(): void;
  refresh(): Promise<void>;
  pause(): Promise<void>;
  resume(): void;
}

/**
 * `live` with a visible error (when the first load fails the section says why; later failures keep the last
 * data on screen and show the reason in the header's live status) and a pause: while paused nothing is fetched.
 */
export function liveSection(el: HTMLElement, status: HTMLElement, render: (el: HTMLElement) => Promise<void>): LiveSection {
  let paused = false;
  let inFlight: Promise<void> = Promise.resolve();
  const handle = live(el, status, async (target) => {
    if (paused) return;
    const run = (async () => {
      try {
        await render(target);
      } catch (error) {
        if (!target.hasChildNodes() || target.querySelector('.load-error')) fill(target, h('p', { class: 'form-error load-error', role: 'alert' }, `Could not load: ${errorText(error)}`));
        throw error;
      }
    })();
    inFlight = run.catch(() => undefined);
    await run;
  });
  return {
    ...handle,
    pause: async () => {
      paused = true;
      await inFlight;
    },
    resume: () => {
      paused = false;
      void handle.refresh();
    },
  };
}

/** A status line for the results of actions (`role=status`, so screen readers announce them). */
export function notice(): HTMLElement {
  return h('p', { class: 'notice', role: 'status', 'aria-live': 'polite' });
}

/**
 * Runs an action from a button: disables it meanwhile and reports to `out`. A 409 (a deployment is in progress)
 * offers to retry with `force=true`, as Marathon's UI does.
 */
export async function act(out: HTMLElement, button: HTMLButtonElement | undefined, label: string, call: (force: boolean) => Promise<unknown>, done?: () => void, force = false): Promise<void> {
  if (button) button.disabled = true;
  fill(out, `${label}…`);
  out.classList.remove('form-error');
  try {
    await call(force);
    fill(out, `${label}: done.`);
    done?.();
  } catch (error) {
    out.classList.add('form-error');
    const retry = error instanceof ApiError && error.status === 409 && !force;
    fill(
      out,
      `${label} failed: ${errorText(error)} `,
      retry ? h('button', { type: 'button', class: 'danger', onclick: (e: Event) => void act(out, e.currentTarget as HTMLButtonElement, label, call, done, true) }, `${label} anyway (force)`) : null,
    );
  } finally {
    if (button) button.disabled = false;
  }
}
