// Tools for the reliability and security suites: editor windows built from the extension's own classes over
// storage that behaves like VS Code's, a recorder of every message the extension shows, a spy on every
// request it sends, its log file, and a fresh activation of the bundled extension.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PingSweepApi } from '../../src/extension';
import { type Clock, systemClock } from '../../src/core/clock';
import type { PollOptions } from '../../src/core/polling/timing';
import { CredentialStore } from '../../src/editor/platform/credentials';
import { ErrorFunnel } from '../../src/editor/platform/errorFunnel';
import { LineLogger } from '../unit/helpers/lineLogger';
import { Monitor } from '../../src/editor/tasks/monitor';
import { CentralAccess } from '../../src/editor/tasks/central';
import { LiveSettings } from '../../src/editor/platform/settings';
import { SharedTaskState } from '../../src/editor/tasks/sharedTasks';
import { ResultFiles } from '../../src/core/storage/resultFiles';
import type { Results } from '../../src/editor/tasks/lazyResults';
import type { Logger } from '../../src/editor/platform/log';
import { ResultsHost, TaskResults } from '../../src/editor/tasks/taskResults';

/** Results in `folder`, as the extension makes them (without loading its bundle). */
export type MakeResults = (host: ResultsHost, log: Logger) => Results;
const resultsIn =
  (folder: string): MakeResults =>
  (host, log) =>
    new TaskResults(new ResultFiles(folder), host, log);
import type { TaskStore } from '../../src/editor/tasks/taskStore';
import { EXTENSION_ID, api, sleep, useApi, waitFor } from './helpers';

/** The link syntax VS Code's notifications turn into clickable links (workbench `parseLinkedText`). */
export const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/** One window's view of globalState in {@link SharedState}. */
class WindowMemento implements vscode.Memento {
  value: Record<string, unknown> = {};
  private flush: Promise<void> | undefined;
  private detached = false;

  constructor(private readonly shared: SharedState) {
    this.value = structuredClone(shared.stored);
  }

  keys(): readonly string[] {
    return Object.keys(this.value).filter((k) => this.value[k] !== undefined);
  }

  get<T>(key: string, defaultValue?: T): T | undefined {
    const v = this.value[key];
    return v === undefined ? defaultValue : (structuredClone(v) as T);
  }

  /** Changes this window's copy; a tick later the whole copy is written, and the promise resolves. */
  update(key: string, value: unknown): Thenable<void> {
    this.value[key] = value === undefined ? undefined : structuredClone(value);
    this.flush ??= new Promise<void>((resolve) =>
      setTimeout(() => {
        this.flush = undefined;
        if (!this.detached) {
          this.shared.write(structuredClone(this.value));
        }
        resolve();
      }, 0),
    );
    return this.flush;
  }

  setKeysForSync(): void {
    // not modelled
  }

  /** The result files every window of this state shares, as they share the global storage folder. */
  results(): MakeResults {
    return this.shared.results();
  }

  /** The window crashed: nothing it writes from now on reaches the others (it cannot hand its leases over). */
  detach(): void {
    this.detached = true;
  }
}

/**
 * globalState as VS Code shares it between windows: each window's extension host holds a copy of the
 * extension's whole state object; an update changes that copy and, a tick later, writes the whole object to
 * the shared storage, whose change comes back `delayMs` later to every window, the writer's included, and
 * replaces its copy. With `manual`, changes come back only when {@link deliver} is called.
 */
export class SharedState {
  stored: Record<string, unknown> = {};
  private readonly windows: WindowMemento[] = [];
  private readonly pending: Array<() => void> = [];
  /** Deliveries scheduled and made so far (not `manual`). */
  private scheduled = 0;
  private delivered = 0;

  private folder: string | undefined;

  constructor(
    private readonly delayMs = 20,
    private readonly manual = false,
  ) {}

  /** Result files in a folder of this state's own (the global storage folder every window shares). */
  results(): MakeResults {
    this.folder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-results-'));
    return resultsIn(this.folder);
  }

  window(): vscode.Memento & { value: Record<string, unknown>; detach(): void; results(): MakeResults } {
    const w = new WindowMemento(this);
    this.windows.push(w);
    return w;
  }

  write(whole: Record<string, unknown>): void {
    this.stored = whole;
    for (const w of this.windows) {
      const deliver = () => (w.value = structuredClone(whole));
      if (this.manual) {
        this.pending.push(deliver);
      } else {
        this.scheduled++;
        setTimeout(() => {
          this.delivered++;
          deliver();
        }, this.delayMs);
      }
    }
  }

  /** Delivers every change written so far to every window (`manual` mode). */
  deliver(): void {
    this.pending.splice(0).forEach((d) => d());
  }

  /**
   * Resolves once every write so far has reached every window. A sleep alone is not enough: when the event
   * loop was blocked (the first `fetch` of a process loads its HTTP stack), the sleep ends in the same turn
   * as the flush it should have waited for.
   */
  async settled(): Promise<void> {
    await sleep(this.delayMs * 3 + 20);
    const target = this.scheduled;
    while (this.delivered < target) {
      await sleep(this.delayMs);
    }
  }
}

/**
 * SecretStorage in memory; like VS Code's, its change event reaches every window that shares it. While
 * `locked`, reads fail as they do with a locked OS keyring.
 */
export class MemorySecrets implements vscode.SecretStorage {
  private readonly values = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.emitter.event;
  locked = false;
  reads = 0;

  get(key: string): Thenable<string | undefined> {
    this.reads++;
    if (this.locked) {
      return Promise.reject(new Error('Cannot get secret: the collection is locked'));
    }
    return Promise.resolve(this.values.get(key));
  }
  /** Fires the change event, as VS Code does when any secret of the extension changes. */
  fireChange(key: string): void {
    this.emitter.fire({ key });
  }
  keys(): Thenable<string[]> {
    return Promise.resolve([...this.values.keys()]);
  }
  store(key: string, value: string): Thenable<void> {
    this.values.set(key, value);
    this.emitter.fire({ key });
    return Promise.resolve();
  }
  delete(key: string): Thenable<void> {
    this.values.delete(key);
    this.emitter.fire({ key });
    return Promise.resolve();
  }
}

/** A Logger that keeps its lines: `warn [monitor] ...`. */
export { LineLogger };

/** An editor window made of the extension's own classes, as `activate()` wires them. */
export interface TestWindow {
  store: TaskStore;
  shared: SharedTaskState;
  monitor: Monitor;
  credentials: CredentialStore;
  log: LineLogger;
  memento: vscode.Memento;
  dispose(): void;
}

export function openWindow(opts: {
  memento?: vscode.Memento;
  secrets: vscode.SecretStorage;
  clock?: Clock;
  timing?: Partial<PollOptions>;
  /** How long a poll lease lasts (30 s as shipped). */
  leaseMs?: number;
}): TestWindow {
  const log = new LineLogger();
  const memento = opts.memento ?? new SharedState().window();
  const clock = opts.clock ?? systemClock;
  const results =
    (memento as Partial<WindowMemento>).results?.() ??
    resultsIn(fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-results-')));
  const shared = new SharedTaskState(memento, log, results, clock);
  const store = shared.store;
  const credentials = new CredentialStore(opts.secrets, log);
  const settings = new LiveSettings();
  const central = new CentralAccess(settings, credentials, memento, log);
  const monitor = new Monitor({
    store,
    shared,
    credentials,
    central,
    settings,
    globalState: memento,
    log,
    funnel: new ErrorFunnel(log),
    clock,
    tuning: { timing: opts.timing, leaseMs: opts.leaseMs },
  });
  shared.startResults((key) => monitor.refresh(key));
  monitor.start();
  return {
    store,
    shared,
    monitor,
    credentials,
    log,
    memento,
    dispose: () => {
      monitor.dispose();
      central.dispose();
      settings.dispose();
      credentials.dispose();
      shared.dispose();
    },
  };
}

/** Poll timing in tens of milliseconds, so that backoff (from 400 ms) stands out from healthy polling. */
export const FAST_TIMING: Partial<PollOptions> = {
  detectFloorMs: 100,
  minDelayMs: 50,
  assumedLatencyMs: 10,
  backoffBaseMs: 400,
  backoffMaxMs: 3_000,
};

export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  text: string;
  items: string[];
  /** Picks an item, as a click would. */
  pick(item: string | undefined): void;
}

/**
 * Records every message shown through `vscode.window` (the extension shares the API object with its tests)
 * instead of showing it. `restore()` puts the originals back.
 */
export function recordMessages(): { messages: ShownMessage[]; restore(): void } {
  const w = vscode.window as unknown as Record<string, unknown>;
  const names = { info: 'showInformationMessage', warning: 'showWarningMessage', error: 'showErrorMessage' } as const;
  const originals = Object.values(names).map((name) => [name, w[name]] as const);
  const messages: ShownMessage[] = [];
  for (const [severity, name] of Object.entries(names) as Array<[ShownMessage['severity'], string]>) {
    w[name] = (text: string, ...rest: unknown[]) =>
      new Promise<string | undefined>((resolve) => {
        const items = rest.filter((r): r is string => typeof r === 'string');
        messages.push({ severity, text, items, pick: resolve });
      });
  }
  return {
    messages,
    restore: () => originals.forEach(([name, fn]) => (w[name] = fn)),
  };
}

export interface SentRequest {
  url: string;
  /** When it was sent, epoch ms. */
  at: number;
  method: string;
  authorization?: string;
  body?: string;
}

/** Records every request sent through the global `fetch`, which the extension looks up at call time. */
export function spyFetch(): { requests: SentRequest[]; restore(): void } {
  const original = globalThis.fetch;
  const requests: SentRequest[] = [];
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    requests.push({
      url: String(input instanceof Request ? input.url : input),
      at: Date.now(),
      method: init?.method ?? 'GET',
      authorization: headers.get('authorization') ?? undefined,
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return original(input, init);
  };
  return { requests, restore: () => (globalThis.fetch = original) };
}

/**
 * Activates the bundled extension afresh over the same global state and secrets, as after a window reload.
 * Whatever instance was active is deactivated first, so that commands can be registered again; later suites
 * talk to the new one.
 */
export async function activateFresh(): Promise<{
  api: PingSweepApi;
  context: vscode.ExtensionContext;
  deactivate(): void;
}> {
  const original = await api();
  const testing = original.testing;
  if (!testing) {
    throw new Error('the testing hooks are missing: not running under the test runner?');
  }
  // Output channels and serializers are set up asynchronously by the host: let a fresh activation settle
  // before taking it down, and the teardown before building again.
  await sleep(300);
  for (const d of testing.context.subscriptions.splice(0)) {
    d.dispose();
  }
  await sleep(300);
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const mod = require(path.join(ext.extensionPath, 'dist', 'extension.js')) as typeof import('../../src/extension');
  const context = Object.create(testing.context, { subscriptions: { value: [] } }) as vscode.ExtensionContext;
  const fresh = mod.activate(context);
  useApi(fresh);
  return {
    api: fresh,
    context,
    deactivate: () => context.subscriptions.splice(0).forEach((d) => d.dispose()),
  };
}

/** The text of the extension's LogOutputChannel file, once `ready(text)` holds (the host writes it lazily). */
export async function logFileText(
  context: vscode.ExtensionContext,
  ready: (text: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  const file = path.join(context.logUri.fsPath, 'Ping Sweep.log');
  let text = '';
  await waitFor(
    `the log file to show what was expected (${file})`,
    () => {
      text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return ready(text);
    },
    timeoutMs,
  );
  return text;
}

/** The status request path of a task, as the simulator logs it. */
export function statusPathOf(serial: string, taskId: string, version = 'v1'): string {
  return `/network-troubleshooting/${version}/gateways/${serial}/pingSweep/async-operations/${taskId}`;
}
