import { DEFAULT_TEMPLATES, TEMPLATE_NAMES, Templates, withOverrides } from '@strato/haproxy-config';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Template overrides in marathon-lb's precedence: an environment variable named like the template (a literal
 * `\n` in it is a newline) wins over a file of that name in the templates folder. A missing folder is no overrides.
 */
export function templateOverrides(dir: string, env: NodeJS.ProcessEnv = process.env, names: readonly string[] = TEMPLATE_NAMES): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const name of names) {
    const fromEnv = env[name];
    if (fromEnv !== undefined) {
      overrides[name] = fromEnv.replace(/\\n/g, '\n');
      continue;
    }
    const file = join(dir, name);
    if (existsSync(file)) overrides[name] = readFileSync(file, 'utf8');
  }
  return overrides;
}

/** The templates the service renders with; throws the library's TemplateError on a bad override. */
export function loadTemplates(dir: string, env: NodeJS.ProcessEnv = process.env): Templates {
  return withOverrides(DEFAULT_TEMPLATES, templateOverrides(dir, env));
}
