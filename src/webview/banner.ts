/**
 * The progress bar of a running sweep and the banner that says what went wrong: a failed sweep, a task Central
 * does not know, a pause, a completed sweep whose result is not available, or a poll that failed and will be
 * retried.
 */
import type { TaskView } from '../shared/resultProtocol';
import { element } from './dom';
import { sentence } from './format';

export type BannerTone = 'error' | 'warning' | 'info';

export function showBanner(tone: BannerTone, title: string, text: string): void {
  const banner = element('banner');
  banner.className = `banner ${tone}`;
  element('banner-title').textContent = title;
  element('banner-text').textContent = text;
  banner.hidden = false;
}

export function hideBanner(): void {
  element('banner').hidden = true;
}

/** The banner for a task: the most serious of failure, not found, paused, and a failed last poll; else none. */
export function renderBanner(state: TaskView): void {
  if (state.state === 'FAILED') {
    showBanner('error', 'The sweep failed.', state.failReason ? state.failReason : 'Central gave no reason.');
  } else if (state.state === 'NOT_FOUND') {
    showBanner(
      'error',
      'Central does not know this task.',
      'It answered 404: the task may have expired, or the gateway serial or task id is wrong. It is no longer polled.',
    );
  } else if (state.paused === 'credentials') {
    showBanner('warning', 'Paused.', 'Central refused the credentials. Run "Ping Sweep: Set Credentials…" to resume.');
  } else if (state.paused === 'failures') {
    showBanner(
      'warning',
      'Paused after repeated failures.',
      state.problem ? `Last error: ${sentence(state.problem)} Use Refresh to try again.` : 'Use Refresh to try again.',
    );
  } else if (state.state === 'COMPLETED' && state.result === null && state.problem) {
    // A stored result that could not be read: said as such, never shown as an empty table.
    showBanner('warning', 'The result is not available.', sentence(state.problem));
  } else if (state.problem) {
    showBanner('warning', 'Last update failed.', `${sentence(state.problem)} Retrying automatically.`);
  } else {
    hideBanner();
  }
}

/** The progress bar: hidden once the task is final, indeterminate at 0%. */
export function renderProgress(state: Pick<TaskView, 'final' | 'progressPercent'>): void {
  const bar = element('progress');
  bar.hidden = state.final;
  if (state.final) {
    return;
  }
  const p = Number(state.progressPercent) || 0;
  bar.setAttribute('aria-valuenow', String(p));
  bar.setAttribute('aria-valuetext', `${p}%`);
  bar.classList.toggle('indeterminate', p === 0);
  const fill = bar.firstElementChild;
  if (fill instanceof HTMLElement) {
    fill.style.width = `${p}%`;
  }
}
