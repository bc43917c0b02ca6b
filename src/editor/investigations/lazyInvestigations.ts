import * as vscode from 'vscode';
import type { GroupKindHandler, GroupRecord } from '../groups/types';
import { PATH_MTU_VIEW_TYPE } from '../platform/constants';
import type { TaskStore } from '../tasks/taskStore';
import type { InvestigationController } from './controller';
import type { Investigations, PathMtuOutcome } from './types';

/**
 * Investigations' code (the planner, the runner, the page's panel, the prompts) is bundled apart and loaded
 * when first needed: a command, a restored page, or an investigation to show or drive. Only the page's
 * serializer is registered up front: VS Code needs it to hand pages back after a reload.
 */
export class LazyInvestigations implements Investigations, vscode.Disposable {
  private loaded: InvestigationController | undefined;
  private readonly serializer: vscode.Disposable;

  constructor(private readonly load: () => InvestigationController) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(PATH_MTU_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => this.controller().panels.restore(panel, state),
    });
  }

  /** The investigation kind of task group, loading the code on its first use. */
  handler(): GroupKindHandler {
    const driver = () => this.controller().driver;
    return {
      members: (record: GroupRecord) => driver().members(record),
      item: (record: GroupRecord, tasks: TaskStore) => driver().item(record, tasks),
      progress: (record: GroupRecord, tasks: TaskStore) => driver().progress(record, tasks),
      finished: (record: GroupRecord) => driver().finished(record),
      drive: (record: GroupRecord) => driver().drive(record),
    };
  }

  findPathMtu(serial?: unknown, destination?: unknown, options?: unknown): Promise<string | undefined> {
    return this.controller().findPathMtu(serial, destination, options);
  }

  startScripted(serial: unknown, destination: unknown, options: unknown): { id: string } | { error: string } {
    return this.controller().startScripted(serial, destination, options);
  }

  refine(taskKey: string): string | undefined {
    return this.controller().refine(taskKey);
  }

  open(id: string): void {
    this.controller().open(id);
  }

  retry(id: string): Promise<void> {
    return this.controller().retry(id);
  }

  stop(id: string): Promise<void> {
    return this.controller().stop(id);
  }

  outcome(id: string): Promise<PathMtuOutcome> {
    return this.controller().outcome(id);
  }

  dispose(): void {
    this.serializer.dispose();
    this.loaded?.dispose();
  }

  private controller(): InvestigationController {
    this.loaded ??= this.load();
    return this.loaded;
  }
}
