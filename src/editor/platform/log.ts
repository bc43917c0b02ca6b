import * as vscode from 'vscode';

/** The logging surface every editor component takes; tagged `[component]` like the log lines it writes. */
export interface Logger {
  debug(component: string, message: string): void;
  info(component: string, message: string): void;
  warn(component: string, message: string): void;
  error(component: string, message: string, err?: unknown): void;
}

/** Logger over a LogOutputChannel. Callers never pass secrets; core errors carry none. */
export class ChannelLogger implements Logger {
  constructor(readonly channel: vscode.LogOutputChannel) {}

  debug(component: string, message: string): void {
    this.channel.debug(`[${component}] ${message}`);
  }
  info(component: string, message: string): void {
    this.channel.info(`[${component}] ${message}`);
  }
  warn(component: string, message: string): void {
    this.channel.warn(`[${component}] ${message}`);
  }
  error(component: string, message: string, err?: unknown): void {
    const detail = err instanceof Error ? `: ${err.message}` : err === undefined ? '' : `: ${String(err)}`;
    this.channel.error(`[${component}] ${message}${detail}`);
  }
}
