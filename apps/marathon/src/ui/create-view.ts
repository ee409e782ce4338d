// `#/create`: a new app from a form (id, cmd, cpus, mem, instances) or from its full JSON definition.
import { ApiError, field, fill, h, request, showErrors } from '@strato/ui';
import { appToForm, FORM_FIELDS, formToApp, mergeForm, parseDefinition, type FormField, type FormValues } from './form-model';
import type { View } from './kit';
import { API } from './model';

const DEFAULTS: FormValues = { id: '', cmd: '', cpus: '1', mem: '128', instances: '1' };

export function createView(view: HTMLElement): View {
  const input = (name: FormField, attrs: Record<string, string | number>): HTMLInputElement => h('input', { name, value: DEFAULTS[name], ...attrs });
  const inputs: Record<FormField, HTMLInputElement> = {
    id: input('id', { type: 'text', autocomplete: 'off', placeholder: '/web' }),
    cmd: input('cmd', { type: 'text', autocomplete: 'off', placeholder: 'python3 -m http.server $PORT0' }),
    cpus: input('cpus', { type: 'number', step: 'any', inputmode: 'decimal' }),
    mem: input('mem', { type: 'number', step: 'any', inputmode: 'decimal' }),
    instances: input('instances', { type: 'number', step: 1, inputmode: 'numeric' }),
  };
  const values = (): FormValues => Object.fromEntries(FORM_FIELDS.map((name) => [name, inputs[name].value])) as FormValues;

  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'New app' },
    field('ID', inputs.id, 'A path: lower-case letters, digits, dashes and dots, e.g. /web or /team/web.'),
    field('Command', inputs.cmd, 'Run by the shell; $PORT0 is the first assigned port.'),
    field('CPUs', inputs.cpus),
    field('Memory (MB)', inputs.mem),
    field('Instances', inputs.instances),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create app')),
  );
  const json = h('textarea', { name: 'json', rows: 20, spellcheck: 'false', autocomplete: 'off' });
  const jsonForm = h(
    'form',
    { novalidate: true, hidden: true, 'aria-label': 'New app (JSON)' },
    field('App definition (JSON)', json, 'The whole AppDefinition of the REST API (POST /v2/apps).'),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create app')),
  );

  const formTab = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'true' }, 'Form');
  const jsonTab = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' }, 'JSON');
  const useJson = (on: boolean): void => {
    if (on === !jsonForm.hidden) return;
    if (on) {
      const current = parseDefinition(json.value);
      json.value = JSON.stringify(mergeForm(current.ok ? current.app : {}, values()), null, 2);
    } else {
      const parsed = parseDefinition(json.value);
      if (!parsed.ok) return showErrors(jsonForm, parsed.message, []);
      const next = appToForm(parsed.app);
      for (const name of FORM_FIELDS) inputs[name].value = next[name];
    }
    form.hidden = on;
    jsonForm.hidden = !on;
    formTab.setAttribute('aria-pressed', String(!on));
    jsonTab.setAttribute('aria-pressed', String(on));
  };
  formTab.addEventListener('click', () => useJson(false));
  jsonTab.addEventListener('click', () => useJson(true));

  const submit = async (target: HTMLFormElement, body: Record<string, unknown>): Promise<void> => {
    const button = target.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    showErrors(target, undefined, []);
    try {
      await request('POST', `${API}/apps`, body);
      location.hash = '#/';
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : [];
      showErrors(target, `The app was not created: ${(error as Error).message}`, fields);
      target.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    } finally {
      if (button) button.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(form, formToApp(values()));
  });
  jsonForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const parsed = parseDefinition(json.value);
    if (!parsed.ok) return showErrors(jsonForm, parsed.message, []);
    void submit(jsonForm, parsed.app);
  });

  fill(view, h('h2', null, 'Create an app'), h('div', { class: 'actions', role: 'group', 'aria-label': 'Editor' }, formTab, jsonTab), form, jsonForm);
  inputs.id.focus();
  return { stop: () => undefined };
}
