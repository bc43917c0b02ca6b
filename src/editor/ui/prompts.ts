import * as vscode from 'vscode';
import { TrackedTask, taskKey } from '../../core/task';
import { describeState } from './taskText';

export interface AskOptions {
  title: string;
  step?: number;
  totalSteps?: number;
  prompt: string;
  placeholder?: string;
  value?: string;
  password?: boolean;
  /** Returns a message saying what is expected, or undefined when the value is acceptable. */
  validate(value: string): string | undefined;
  /** A prompt that follows the value as it is typed (e.g. a running total); replaces `prompt` when defined. */
  hint?(value: string): string | undefined;
}

/**
 * An input box that validates as the user types and refuses to accept a bad value: Enter on an invalid value
 * keeps the box open with the message. Resolves to the trimmed value, or undefined when dismissed.
 */
export function ask(options: AskOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.step = options.step;
    box.totalSteps = options.totalSteps;
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.password = options.password ?? false;
    box.value = options.value ?? '';
    box.ignoreFocusOut = true;
    let settled = false;
    const finish = (value: string | undefined) => {
      if (!settled) {
        settled = true;
        resolve(value);
        box.dispose();
      }
    };
    const check = (value: string) => {
      box.validationMessage = value.trim() === '' ? undefined : options.validate(value.trim());
      box.prompt = options.hint?.(value.trim()) ?? options.prompt;
    };
    box.onDidChangeValue(check);
    box.onDidAccept(() => {
      const value = box.value.trim();
      const problem = options.validate(value);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      finish(value);
    });
    box.onDidHide(() => finish(undefined));
    if (box.value) {
      check(box.value);
    }
    box.show();
  });
}

interface TaskPick extends vscode.QuickPickItem {
  key: string;
}

/** A quick pick of tracked tasks, for commands run from the palette without a task. */
export async function pickTask(
  tasks: TrackedTask[],
  placeHolder: string,
  filter: (t: TrackedTask) => boolean = () => true,
): Promise<string | undefined> {
  const candidates = tasks.filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      'Ping Sweep: no tracked task fits. Track one with "Ping Sweep: Track Task…".',
    );
    return undefined;
  }
  const items: TaskPick[] = candidates.map((t) => ({
    key: taskKey(t),
    label: t.destination || t.taskId,
    description: describeState(t),
    detail: `${t.serial} · ${t.taskId}`,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder,
    matchOnDetail: true,
    matchOnDescription: true,
  });
  return picked?.key;
}
