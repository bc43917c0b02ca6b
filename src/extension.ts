import * as path from 'path';
import * as vscode from 'vscode';
import { TrackedTask } from './core/task';
import { registerCommands } from './editor/commands';
import { CONTEXT_KEYS, VIEW_ID } from './editor/platform/constants';
import { executeCommand } from './editor/platform/commands';
import { CredentialStore } from './editor/platform/credentials';
import { ErrorFunnel } from './editor/platform/errorFunnel';
import { ChannelLogger } from './editor/platform/log';
import { Monitor } from './editor/tasks/monitor';
import { CentralAccess } from './editor/tasks/central';
import { LiveSettings } from './editor/platform/settings';
import { CountingClock, countingClock } from './editor/platform/countingClock';
import { systemClock } from './core/clock';
import { inert } from './core/errors';
import { LazyResultPanels } from './editor/results/lazyResults';
import { LazyComparePanels } from './editor/compare/lazyCompare';
import { lazyFleets } from './editor/fleet/lazyFleet';
import { registerFleets } from './editor/fleet/registerFleets';
import { Recents } from './editor/ui/recents';
import { Services } from './editor/services';
import { StatusBar } from './editor/ui/statusBar';
import { SharedTaskState } from './editor/tasks/sharedTasks';
import { TaskTreeProvider } from './editor/ui/tree';
import { Groups } from './editor/groups/groups';
import { registerInvestigations } from './editor/investigations/register';
import type { Investigations, PathMtuOutcome } from './editor/investigations/types';

/** What other extensions get from `activate()`. */
export interface PingSweepApi {
  /** Tracks a task like the command does (without prompts); resolves to its key, or undefined if refused. */
  trackTask(serial: string, taskId: string): Promise<string | undefined>;
  /** A snapshot of the tracked tasks, newest first. */
  tasks(): readonly TrackedTask[];
  readonly onDidChangeTasks: vscode.Event<void>;
  /**
   * Finds the path MTU like the command does (without prompts; its page opens): resolves once the
   * investigation is done or stopped, with the conclusion; rejects when the arguments are refused (saying what
   * is expected) or when it pauses (with the reason; Retry from its page or item goes on).
   */
  findPathMtu(
    serial: string,
    destination: string,
    options?: { start?: number; end?: number; cycles?: number },
  ): Promise<PathMtuOutcome>;
  /** Present only when the extension runs under a test runner: lets tests prove disposal and restore. */
  readonly testing?: {
    readonly context: vscode.ExtensionContext;
    pendingTimers(): number;
    /** The task groups (investigations, fleets) as this window holds them. */
    readonly groups: Pick<Groups, 'get' | 'members'>;
  };
}

/**
 * Composition root. Builds the services and registers everything; no network or disk I/O happens here:
 * polling starts on timers and the first request comes after activation has returned.
 */
export function activate(context: vscode.ExtensionContext): PingSweepApi {
  const started = performance.now();
  const { services, shared, clock } = buildServices(context);
  const { store, credentials, monitor, log, groups } = services;
  const changeTasks = new vscode.EventEmitter<void>();
  registerFleets(services);
  context.subscriptions.push(
    changeTasks,
    ...registerCommands(services),
    ...registerInvestigations(services),
    store.onDidChange(() => {
      changeTasks.fire();
      void setContext(CONTEXT_KEYS.hasTasks, store.size > 0);
    }),
    credentials.onDidChange(() => void refreshCredentialContext(credentials)),
    monitor.onDidFinish((key) => announceFinish(store.get(key), key)),
    vscode.window.onDidChangeWindowState((e) => {
      // Another window may have tracked or dropped tasks meanwhile.
      if (e.focused) {
        shared.reload();
        groups.reload();
      }
    }),
  );
  // Polling and the welcome's context keys start right after activation returns: nobody waits for them, and
  // the editor finishes activating sooner.
  const startup = setTimeout(() => {
    void setContext(CONTEXT_KEYS.hasTasks, store.size > 0);
    void refreshCredentialContext(credentials);
    // Stored results are read from their files now, in the background, and fill the tree in one change.
    shared.startResults((key) => monitor.refresh(key));
    monitor.start();
    groups.start();
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(startup) });
  log.info(
    'activate',
    `activated in ${(performance.now() - started).toFixed(2)} ms with ${store.size} tracked task(s)`,
  );

  return {
    trackTask: (serial, taskId) => services.later().trackTask(services, serial, taskId),
    tasks: () => store.all(),
    onDidChangeTasks: changeTasks.event,
    findPathMtu: (serial, destination, options) => services.pathMtu().solve(serial, destination, options),
    testing:
      context.extensionMode === vscode.ExtensionMode.Test
        ? { context, pendingTimers: () => clock.pendingTimers(), groups }
        : undefined,
  };
}

/** Builds every service once, each disposed with the extension. */
function buildServices(context: vscode.ExtensionContext): {
  services: Services;
  shared: SharedTaskState;
  clock: CountingClock;
} {
  const channel = vscode.window.createOutputChannel('Ping Sweep', { log: true });
  const log = new ChannelLogger(channel);
  const funnel = new ErrorFunnel(log);
  const clock = countingClock(systemClock);
  // One file per result under the global storage folder, made on the first write (no disk I/O here). Their code
  // is a separate bundle (see esbuild.js), loaded when reading starts, after activation.
  const folder = path.join(context.globalStorageUri.fsPath, 'results');
  const makeResults: ConstructorParameters<typeof SharedTaskState>[2] = (host, l) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded after activation
    (require(path.join(__dirname, 'storage.js')) as typeof import('./editor/tasks/storageBundle')).makeResults(
      folder,
      host,
      l,
    );
  const shared = new SharedTaskState(context.globalState, log, makeResults, clock);
  const store = shared.store;
  const credentials = new CredentialStore(context.secrets, log, clock);
  const settings = new LiveSettings();
  const central = new CentralAccess(settings, credentials, context.globalState, log);
  const monitor = new Monitor({
    store,
    shared,
    credentials,
    central,
    settings,
    globalState: context.globalState,
    log,
    funnel,
    clock,
  });
  const groups = new Groups(context.globalState, store, log, clock);
  const tree = new TaskTreeProvider(store, groups);
  // Many-selection: Compare Results takes the selected tasks.
  const treeView = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: tree,
    showCollapseAll: false,
    canSelectMany: true,
  });
  const { panels, compare, later } = lazyViews(context, { store, log, monitor, clock });
  let investigations: Investigations | undefined;
  context.subscriptions.push(
    channel,
    shared,
    credentials,
    settings,
    central,
    monitor,
    tree,
    treeView,
    new StatusBar(store, groups),
    panels,
    groups,
    compare,
  );
  const services: Services = {
    ...{
      context,
      store,
      results: shared.results,
      credentials,
      monitor,
      central,
      settings,
      panels,
      compare,
      funnel,
      log,
      logChannel: channel,
      treeView,
      clock,
      groups,
    },
    recents: new Recents(context.globalState),
    fleets: lazyFleets(() => services),
    later,
    // A separate bundle (see esbuild.js), required by path like the result view's.
    /* eslint-disable @typescript-eslint/no-require-imports -- a bundle of its own, loaded on first use */
    pathMtu: () =>
      (investigations ??= new (
        require(path.join(__dirname, 'investigations.js')) as typeof import('./editor/investigations/controller')
      ).InvestigationController(services, groups)),
    /* eslint-enable @typescript-eslint/no-require-imports */
  };
  context.subscriptions.push(services.fleets);
  return { services, shared, clock };
}

/** The result and compare views and the rarely used commands: each bundle is loaded on first use. */
function lazyViews(
  context: vscode.ExtensionContext,
  { store, log, monitor, clock }: Pick<Services, 'store' | 'log' | 'monitor' | 'clock'>,
): Pick<Services, 'later'> & { panels: LazyResultPanels; compare: LazyComparePanels } {
  const panels = new LazyResultPanels(() => {
    // A separate bundle (see esbuild.js): required by path so that it is not folded into this one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded on first use
    const results = require(path.join(__dirname, 'results.js')) as typeof import('./editor/results/resultPanel');
    const actions = {
      refresh: (key: string) => monitor.refresh(key),
      exportResult: (key: string) => void executeCommand('pingSweep.exportResult', key),
    };
    return new results.ResultPanels(context.extensionUri, store, log, actions, clock);
  });
  // A separate bundle (see esbuild.js), required by path like the result view's.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded on first use
  const later = () => require(path.join(__dirname, 'later.js')) as typeof import('./editor/commands/later');
  const compare = new LazyComparePanels(() => new (later().ComparePanels)(context.extensionUri, store, log));
  return { panels, compare, later };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}

async function refreshCredentialContext(credentials: CredentialStore): Promise<void> {
  // A failed read (a locked keyring) leaves the context as it was: it says nothing about what is stored.
  const creds = await credentials.get().then(
    (c) => ({ c }),
    () => undefined,
  );
  if (creds) {
    await setContext(CONTEXT_KEYS.hasCredentials, creds.c !== undefined);
  }
}

function announceFinish(task: TrackedTask | undefined, key: string): void {
  if (!task) {
    return;
  }
  const what = `Ping sweep ${task.destination ? `to ${task.destination} ` : ''}on ${task.serial}`;
  let message: string;
  if (task.state === 'COMPLETED') {
    const rate = typeof task.output?.successRate === 'number' ? `: ${task.output.successRate}% answered` : '';
    message = `${what} completed${rate}.`;
  } else if (task.state === 'FAILED') {
    message = `${what} failed${task.failReason ? `: ${task.failReason}` : '.'}`;
  } else {
    message = `${what}: task ${task.taskId} was not found on Central; it is no longer polled.`;
  }
  const show = task.state === 'COMPLETED' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  // Destination and fail reason come from Central: inert, so they cannot become links in the notification.
  void show(inert(message), 'Open Result').then((picked) => {
    if (picked) {
      void executeCommand('pingSweep.openResult', key);
    }
  });
}
