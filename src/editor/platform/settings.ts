import * as vscode from 'vscode';
import { ApiVersionSetting, parseVersionSetting } from '../../core/versions';
import { DEFAULT_TOKEN_URL, canonicalBaseUrl } from '../../core/endpoints';
import { SETTINGS } from './constants';

/** The extension's settings, read with their types and clamped to sane ranges. */
export interface Settings {
  /** Canonical ({@link canonicalBaseUrl}): one spelling per origin. */
  baseUrl: string;
  apiVersion: ApiVersionSetting;
  tokenUrl: string;
  requestsPerMinute: number;
  maxConsecutiveFailures: number;
  giveUpAfterMs: number;
  requestTimeoutMs: number;
}

/**
 * Every setting is the user's alone (`application` or `machine` scope in the manifest): a folder you open may
 * not redirect the token, change how hard Central is polled or how long a request may hang. VS Code already
 * ignores workspace values of such settings; reading the user's value explicitly keeps it so whatever the
 * manifest says.
 */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS.section);
  const user = (key: string): unknown => {
    const i = c.inspect(key);
    return i?.globalValue ?? i?.defaultValue;
  };
  const text = (key: string, fallback: string) => {
    const v = user(key);
    return typeof v === 'string' ? v : fallback;
  };
  return {
    baseUrl: canonicalBaseUrl(text(SETTINGS.baseUrl, '')),
    apiVersion: parseVersionSetting(user(SETTINGS.apiVersion)),
    tokenUrl: text(SETTINGS.tokenUrl, DEFAULT_TOKEN_URL).trim() || DEFAULT_TOKEN_URL,
    requestsPerMinute: clamp(user(SETTINGS.requestsPerMinute) ?? 60, 1, 1000),
    maxConsecutiveFailures: clamp(user(SETTINGS.maxConsecutiveFailures) ?? 8, 1, 100),
    giveUpAfterMs: clamp(user(SETTINGS.giveUpAfterMinutes) ?? 30, 1, 24 * 60) * 60_000,
    requestTimeoutMs: clamp(user(SETTINGS.requestTimeoutSeconds) ?? 15, 1, 300) * 1000,
  };
}

/**
 * The settings as last read: the one place the editor layer reads them from. Read again when the user changes
 * any of ours; `onDidChange` then fires with the settings as they were before.
 */
export class LiveSettings implements vscode.Disposable {
  private value = readSettings();
  private readonly changed = new vscode.EventEmitter<Settings>();
  readonly onDidChange = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (affectsUs(e)) {
      const before = this.value;
      this.value = readSettings();
      this.changed.fire(before);
    }
  });

  get current(): Settings {
    return this.value;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** True when a configuration change touches any of our settings. */
export function affectsUs(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SETTINGS.section);
}

function clamp(value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : min;
  return Math.min(max, Math.max(min, n));
}
