import * as vscode from 'vscode';

const ID_RE = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Runs `act` on the investigation a command was given: its id, or its tree element (`group:<id>`). Anything
 * else gets a message saying what is expected.
 */
export async function withInvestigation<T>(arg: unknown, act: (id: string) => T): Promise<Awaited<T> | undefined> {
  const id = typeof arg === 'string' ? arg.replace(/^group:/, '') : undefined;
  if (id === undefined || !ID_RE.test(id)) {
    void vscode.window.showErrorMessage(
      `Ping Sweep: no investigation "${String(id ?? typeof arg)}". Expected an investigation id or its item in Tracked Tasks.`,
    );
    return undefined;
  }
  return await act(id);
}
