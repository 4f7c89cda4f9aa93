// Linkage settings of a stage: the stage's defaults, overridden key by key by the pipeline config.
import { linkageSettingsSchema, modelSchema, type LinkageSettings, type LinkageSettingsInput, type TrainedModel } from '../../schemas/linkage.js';
import { ConfigError } from './errors.js';
import { readFileSync } from 'node:fs';

export function resolveLinkageSettings(section: string, defaults: LinkageSettingsInput, overrides: Record<string, unknown>): LinkageSettings {
  const parsed = linkageSettingsSchema.safeParse({ ...defaults, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${[section, ...i.path.map(String)].join('.')}: ${i.message}`);
    throw new ConfigError(`invalid ${section} settings\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Reads a saved model (model.json from an earlier run) to pin it. */
export function readPinnedModel(path: string, section: string): TrainedModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${section}.model: cannot read ${path} (${(err as Error).message})`);
  }
  // Either a bare model or a run's model.json ({ dedupe: { model }, reconcile: { model } }).
  const section_ = (json as Record<string, { model?: unknown } | undefined>)[section];
  const model = section_?.model ?? (json as { model?: unknown }).model ?? json;
  const parsed = modelSchema.safeParse(model);
  if (!parsed.success) throw new ConfigError(`${section}.model: ${path} is not a childlink model (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}
