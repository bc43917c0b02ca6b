// Faults: every fault of Central or of the network, played by the simulator over real loopback HTTP,
// met by the extension's own store, monitor, poller, client and tree inside a real extension host.
// Poll timing is shortened (FAST_TIMING) so that backoff can be measured in a second; everything else is as
// shipped, including the settings, which the tests set like a user would.
import { strict as assert } from 'node:assert';
import type { TrackedTask } from '../../src/core/task';
import { isoSeconds } from '../simulator/scenarios';
import { ScriptStep, Simulator, startSimulator } from '../simulator/server';
import { renderItem } from '../../src/editor/ui/tree';
import { describeState } from '../../src/editor/ui/taskText';
import { configure, SERIAL, sleep, TOKEN, waitFor } from './helpers';
import {
  FAST_TIMING,
  MemorySecrets,
  NOTIFICATION_LINK,
  ShownMessage,
  TestWindow,
  openWindow,
  recordMessages,
  statusPathOf,
} from './harness';

const SETTINGS: Record<string, unknown> = {
  apiVersion: 'v1',
  'polling.requestsPerMinute': 1000,
  'polling.maxConsecutiveFailures': 4,
  requestTimeoutSeconds: 2,
};

function running(percent: number, startedAt = Date.now()): ScriptStep {
  return {
    status: 200,
    body: {
      status: 'RUNNING',
      progressPercent: percent,
      startTime: isoSeconds(startedAt),
      endTime: null,
      failReason: null,
      output: null,
    },
  };
}

/** Every state a task went through, as the store announced it. */
function recordTasks(w: TestWindow): Map<string, TrackedTask[]> {
  const seen = new Map<string, TrackedTask[]>();
  w.store.onDidChange(({ changed }) => {
    for (const key of changed) {
      const t = w.store.get(key);
      if (t) {
        seen.set(key, [...(seen.get(key) ?? []), structuredClone(t)]);
      }
    }
  });
  return seen;
}

function requestTimes(sim: Simulator, taskId: string): number[] {
  return sim.requests.filter((r) => r.path === statusPathOf(SERIAL, taskId)).map((r) => r.at);
}

describe('Faults over real HTTP, at the editor level', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let w: TestWindow;
  let secrets: MemorySecrets;
  let recorder: { messages: ShownMessage[]; restore(): void };
  let seen: Map<string, TrackedTask[]>;

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
    await configure({ ...SETTINGS, baseUrl: sim.baseUrl });
    secrets = new MemorySecrets();
    await secrets.store('pingSweep.credentials', JSON.stringify({ kind: 'token', token: TOKEN }));
  });

  beforeEach(() => {
    recorder = recordMessages();
    w = openWindow({ secrets, timing: FAST_TIMING });
    seen = recordTasks(w);
  });

  afterEach(() => {
    w.dispose();
    recorder.restore();
  });

  after(async () => {
    await configure(Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, undefined])));
    await sim.close();
  });

  const track = (taskId: string) => w.monitor.track({ serial: SERIAL, taskId }).key;
  const done = (taskId: string, timeoutMs = 20_000) =>
    waitFor(`${taskId} to complete`, () => w.store.get(`${SERIAL}/${taskId}`)?.state === 'COMPLETED', timeoutMs);

  const FAULTS: Array<[string, ScriptStep, RegExp]> = [
    ['an HTML page from a proxy', 'html', /answered text\/html instead of JSON/],
    ['a body that is not JSON', 'badJson', /instead of JSON/],
    ['a body that fails the schema', 'schema', /Unexpected answer from Central: .*status: expected string, got number/],
    ['a connection reset in the middle of the body', 'reset', /reset while reading the answer/],
    ['a server that accepts and never answers', 'hang', /No answer from 127\.0\.0\.1:\d+ within 2 s/],
    ['500', 500, /server error \(500\)/],
    ['502', 502, /server error \(502\)/],
    ['503', 503, /server error \(503\)/],
  ];

  it('survives each fault: keeps the last good state, shows the problem in the tooltip and the log only, recovers by itself', async () => {
    const tasks = FAULTS.map(([what, fault, expected]) => {
      const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 4000, script: [running(37), fault] });
      return { what, expected, taskId, key: track(taskId) };
    });
    for (const t of tasks) {
      await done(t.taskId);
    }
    for (const { what, expected, key, taskId } of tasks) {
      const states = seen.get(key) ?? [];
      const troubled = states.find((s) => s.problem !== undefined);
      assert.ok(troubled, `${what}: the problem was shown on the task`);
      assert.match(troubled.problem!, expected, what);
      assert.equal(troubled.state, 'RUNNING', `${what}: the last good state is kept`);
      assert.ok(troubled.progressPercent >= 37, `${what}: the last good progress is kept`);
      const item = renderItem(troubled);
      assert.equal(typeof item.tooltip, 'string');
      assert.ok(
        (item.tooltip as string).includes(`Problem: ${troubled.problem}`),
        `${what}: the tooltip tells the problem`,
      );
      assert.match(describeState(troubled), /⚠$/);
      const logged = w.log.lines.filter((l) => l.startsWith(`warn [monitor] ${key}: `));
      assert.equal(logged.length, 1, `${what}: one log line for one failure`);
      assert.ok(logged[0].includes(troubled.problem!) && /; next try in \d+\.\d s$/.test(logged[0]), logged[0]);
      const final = w.store.get(key)!;
      assert.equal(final.problem, undefined, `${what}: the problem clears on recovery`);
      assert.equal(final.paused, undefined);
      assert.ok(final.output && final.output.responses.length > 0, `${what}: the result arrived`);
      for (let i = 1; i < states.length; i++) {
        assert.ok(states[i].progressPercent >= states[i - 1].progressPercent, `${what}: progress never goes back`);
      }
      assert.ok(requestTimes(sim, taskId).length >= 3);
    }
    assert.deepEqual(
      recorder.messages.map((m) => m.text),
      [],
      'a fault that heals is not worth a message',
    );
  });

  it('backs off over a burst of 500, 502 and 503, then recovers by itself', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 3000, script: [running(20), 500, 502, 503] });
    track(taskId);
    await done(taskId);
    const at = requestTimes(sim, taskId);
    // at[1..3] failed; each wait is backoff with "equal jitter": [step/2, step], the step doubling from 400 ms.
    const waits = [at[2] - at[1], at[3] - at[2], at[4] - at[3]];
    const floors = [200, 400, 800];
    waits.forEach((ms, i) =>
      assert.ok(ms >= floors[i] - 15, `wait ${i + 1} was ${ms} ms, below its backoff floor ${floors[i]}`),
    );
    assert.ok(waits[1] >= waits[0] - 15 && waits[2] >= waits[1] - 15, `waits grow: ${waits.join(', ')} ms`);
    const lines = w.log.lines.filter((l) => l.includes('[monitor]'));
    assert.equal(lines.length, 3);
    assert.deepEqual(recorder.messages, []);
  });

  describe('429', () => {
    const now = () => Date.now();
    const cases: Array<[string, () => Record<string, string>, number]> = [
      // Dates have whole seconds: two seconds ahead is a wait of one to two.
      ['Retry-After in seconds', () => ({ 'Retry-After': '1' }), 1000],
      ['Retry-After as an HTTP date', () => ({ 'Retry-After': new Date(now() + 2000).toUTCString() }), 1000],
      ['only X-RateLimit-Reset, as an RFC 3339 time', () => ({ 'X-RateLimit-Reset': isoSeconds(now() + 2000) }), 1000],
      ['only X-RateLimit-Reset, in seconds from now', () => ({ 'X-RateLimit-Reset': '1' }), 1000],
    ];
    for (const [what, headers, waitMs] of cases) {
      it(`waits what the server says: ${what}`, async () => {
        const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 1500 });
        const rest = sim.addTask(SERIAL, 'complete', { durationMs: 2000 });
        track(rest);
        await waitFor('the other task to be polled', () => requestTimes(sim, rest).length >= 2);
        sim.script(taskId, [running(10), { status: 429, headers: headers() }]);
        const key = track(taskId);
        await waitFor('the 429', () =>
          sim.requests.some((r) => r.path === statusPathOf(SERIAL, taskId) && r.status === 429),
        );
        const limitedAt = sim.requests.find((r) => r.path === statusPathOf(SERIAL, taskId) && r.status === 429)!.at;
        await done(taskId);
        // A request that left before the 429 came back may arrive just after it; any later one must wait.
        const next = sim.requests.find((r) => r.at > limitedAt + 50 && r.path.startsWith('/network-troubleshooting/'));
        assert.ok(next, 'polling went on');
        // The limit is the account's: no task at all asks before the wait is over.
        assert.ok(next.at - limitedAt >= waitMs - 100, `the next request came ${next.at - limitedAt} ms after the 429`);
        const troubled = (seen.get(key) ?? []).find((s) => s.problem);
        assert.match(troubled?.problem ?? '', /Rate limit reached \(429\); retry in [12] s/);
        assert.equal(troubled?.state, 'RUNNING');
        await done(rest);
        assert.deepEqual(recorder.messages, []);
      });
    }

    it('caps a wait of any size at an hour, says so, and Refresh sends one probe at once', async () => {
      const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 1000 });
      sim.script(taskId, [running(10), { status: 429, headers: { 'Retry-After': '9'.repeat(400) } }]);
      const key = track(taskId);
      await waitFor('the wait to be shown', () => /retry in 3600 s/.test(w.store.get(key)?.problem ?? ''));
      assert.doesNotMatch(w.store.get(key)?.problem ?? '', /Infinity/);
      await sleep(1200);
      const asked = requestTimes(sim, taskId).length;
      assert.equal(asked, 2, 'nothing is asked while the wait is in force');
      // What the Refresh command (of the item, and of the view title) calls.
      w.monitor.refresh(key);
      await done(taskId, 3_000);
      assert.equal(requestTimes(sim, taskId).length, asked + 1, 'one probe');
    });
  });

  it(`stops after pingSweep.polling.maxConsecutiveFailures failures with one message offering Retry, which resumes`, async () => {
    const failing = [0, 1].map(() =>
      sim.addTask(SERIAL, 'complete', { durationMs: 1500, script: [running(10), 500, 500, 500, 500] }),
    );
    const keys = failing.map(track);
    await waitFor('both tasks to stop', () => keys.every((k) => w.store.get(k)?.paused === 'failures'));
    for (const [i, key] of keys.entries()) {
      const t = w.store.get(key)!;
      assert.equal(t.state, 'RUNNING', 'the last good state is kept');
      assert.match(describeState(t), /stopped: retry$/);
      assert.match(
        renderItem(t).tooltip as string,
        /Problem: stopped after repeated failures: Central had a server error \(500\)/,
      );
      assert.equal(requestTimes(sim, failing[i]).length, 5, 'one good poll, then four failures');
    }
    await sleep(1500);
    assert.deepEqual(
      failing.map((id) => requestTimes(sim, id).length),
      [5, 5],
      'a stopped task is not polled',
    );
    assert.equal(recorder.messages.length, 1, 'one message for one problem, however many tasks it stopped');
    const [message] = recorder.messages;
    assert.equal(message.severity, 'warning');
    assert.match(message.text, /stopped after repeated failures: Central had a server error \(500\)/);
    assert.deepEqual(message.items, ['Retry', 'Show Log']);
    assert.ok(w.log.lines.includes(`info [message] ${message.text}`), 'the message is in the log too');
    message.pick('Retry');
    for (const id of failing) {
      await done(id);
    }
    assert.ok(keys.every((k) => w.store.get(k)?.paused === undefined && w.store.get(k)?.problem === undefined));
  });

  it('never lets the status go backwards, and stops asking about a finished task the server calls running', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      durationMs: 2500,
      script: [
        running(60),
        {
          status: 200,
          body: {
            status: 'INITIATED',
            progressPercent: 0,
            startTime: null,
            endTime: null,
            failReason: null,
            output: null,
          },
        },
        running(30),
      ],
    });
    const key = track(taskId);
    await done(taskId);
    const states = seen.get(key) ?? [];
    const firstRunning = states.findIndex((s) => s.state === 'RUNNING');
    assert.ok(firstRunning >= 0);
    assert.ok(
      states.slice(firstRunning).every((s) => s.state !== 'INITIATED' && s.state !== 'PENDING'),
      'no step back to INITIATED',
    );
    assert.ok(
      states.slice(firstRunning).every((s) => s.progressPercent >= 60),
      'progress never goes back',
    );
    const result = w.store.get(key)!.output;
    sim.script(taskId, [running(50)]);
    const before = requestTimes(sim, taskId).length;
    w.monitor.refresh(key);
    await waitFor('the refresh', () => w.store.get(key)?.problem !== undefined);
    const after = w.store.get(key)!;
    assert.equal(after.state, 'COMPLETED');
    assert.deepEqual(after.output, result, 'the result is kept');
    assert.match(after.problem!, /reported RUNNING after COMPLETED; keeping COMPLETED/);
    await sleep(1000);
    assert.equal(requestTimes(sim, taskId).length, before + 1, 'one request for the refresh, none after');
  });

  it('keeps every message inert: text from Central never becomes a link or a command', async () => {
    const evil = '[Clear](command:pingSweep.clearCredentials) [site](https://evil.example/x)';
    const taskId = sim.addTask(SERIAL, 'complete', {
      durationMs: 1500,
      script: [running(5), ...Array(4).fill({ status: 500, body: { errorCode: 'X', message: evil } })],
    });
    const key = track(taskId);
    await waitFor('the task to stop', () => w.store.get(key)?.paused === 'failures');
    const [message] = recorder.messages;
    assert.ok(message, 'a message was shown');
    assert.ok(
      message.text.includes('[Clear]') && message.text.includes('command:pingSweep.clearCredentials'),
      message.text,
    );
    assert.equal(message.text.match(NOTIFICATION_LINK), null, `no link in: ${message.text}`);
  });
});
