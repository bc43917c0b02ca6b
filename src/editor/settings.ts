import * as vscode from 'vscode';
import { ApiVersionSetting, parseVersionSetting } from '../core/versions';
import { DEFAULT_TOKEN_URL } from '../core/endpoints';
import { SETTINGS } from './constants';

/** The extension's settings, read with their types and clamped to sane ranges. */
export interface Settings {
  baseUrl: string;
  apiVersion: ApiVersionSetting;
  tokenUrl: string;
  requestsPerMinute: number;
  maxConsecutiveFailures: number;
  giveUpAfterMs: number;
  requestTimeoutMs: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS.section);
  return {
    baseUrl: c.get<string>(SETTINGS.baseUrl, '').trim().replace(/\/+$/, ''),
    apiVersion: parseVersionSetting(c.get(SETTINGS.apiVersion)),
    tokenUrl: c.get<string>(SETTINGS.tokenUrl, DEFAULT_TOKEN_URL).trim() || DEFAULT_TOKEN_URL,
    requestsPerMinute: clamp(c.get<number>(SETTINGS.requestsPerMinute, 60), 1, 1000),
    maxConsecutiveFailures: clamp(c.get<number>(SETTINGS.maxConsecutiveFailures, 8), 1, 100),
    giveUpAfterMs: clamp(c.get<number>(SETTINGS.giveUpAfterMinutes, 30), 1, 24 * 60) * 60_000,
    requestTimeoutMs: clamp(c.get<number>(SETTINGS.requestTimeoutSeconds, 15), 1, 300) * 1000,
  };
}

/** True when a configuration change touches any of our settings. */
export function affectsUs(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SETTINGS.section);
}

function clamp(value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : min;
  return Math.min(max, Math.max(min, n));
}
