import * as vscode from 'vscode';
import type { StartSweepRequest } from '../../core/schemas';

const RECENT_SERIALS = 'pingSweep.recentSerials';
const START_PARAMS = 'pingSweep.startParams';
const MAX_RECENT = 8;

/** Gateways used lately and the last sweep parameters per gateway, kept in globalState (no secrets). */
export class Recents {
  constructor(private readonly memento: vscode.Memento) {}

  serials(): string[] {
    const value = this.memento.get<unknown>(RECENT_SERIALS);
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
  }

  async useSerial(serial: string): Promise<void> {
    const next = [serial, ...this.serials().filter((s) => s !== serial)].slice(0, MAX_RECENT);
    await this.memento.update(RECENT_SERIALS, next);
  }

  startParams(serial: string): (Omit<StartSweepRequest, 'destination'> & { destination?: string }) | undefined {
    const all = this.memento.get<Record<string, StartSweepRequest>>(START_PARAMS, {});
    return all[serial];
  }

  async rememberStart(serial: string, request: StartSweepRequest): Promise<void> {
    const all = this.memento.get<Record<string, StartSweepRequest>>(START_PARAMS, {});
    await this.memento.update(START_PARAMS, { ...all, [serial]: request });
  }
}
