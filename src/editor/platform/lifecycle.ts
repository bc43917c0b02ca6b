import type * as vscode from 'vscode';

/**
 * The one way the editor layer owns disposables: a class registers what it creates with `_register` and
 * disposes them all (newest first) with `dispose()`. Registering after disposal disposes at once.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned = new Set<vscode.Disposable>();
  private isDisposed = false;

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.isDisposed) {
      value.dispose();
    } else {
      this.owned.add(value);
    }
    return value;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
    const owned = [...this.owned].reverse();
    this.owned.clear();
    for (const d of owned) {
      d.dispose();
    }
  }
}
