import type { AppDefinition } from './types';
import type { AppInput } from './wire-types';

/** Optional Marathon features (`--enable_features`) that change what validation accepts. */
export type Feature = 'secrets' | 'gpu_resources';

/** What a cross-field rule sees: the app as received, its canonical spelling, and the normalized result. */
export interface RuleContext {
  /** Schema-valid input, deprecated spellings included. */
  input: AppInput;
  /** The input with deprecated spellings converted (`migrateLegacy`), no defaults applied. */
  canonical: AppInput;
  /** The normalized definition (`withDefaults`). */
  app: AppDefinition;
  features: readonly string[];
}
