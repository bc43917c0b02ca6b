import type { ApiVersion } from './endpoints';

/** What `pingSweep.apiVersion` may hold. */
export type ApiVersionSetting = 'auto' | ApiVersion;

/**
 * The versions to try, in order, for a request whose version is not yet known.
 * `auto` starts with the version that last worked for the base URL (Central now serves `v1`, so that is the
 * default guess) and falls back to the other on 404; a fixed setting tries only itself.
 */
export function versionsToTry(setting: ApiVersionSetting, remembered: ApiVersion | undefined): ApiVersion[] {
  if (setting !== 'auto') {
    return [setting];
  }
  const first = remembered ?? 'v1';
  return first === 'v1' ? ['v1', 'v1alpha1'] : ['v1alpha1', 'v1'];
}

/** Reads the setting leniently: anything unknown means `auto`. */
export function parseVersionSetting(value: unknown): ApiVersionSetting {
  return value === 'v1' || value === 'v1alpha1' ? value : 'auto';
}
