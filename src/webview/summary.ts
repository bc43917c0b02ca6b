/**
 * The summary cards (destination, success rate, packets, RTT, start, end, duration). A running task's elapsed
 * time ticks here every second, without a message from the extension.
 */
import type { SummaryItem, SummaryValue } from '../shared/resultProtocol';
import { make } from './dom';
import { formatDuration, formatTime } from './format';

export class Summary {
  private elapsedTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly list: HTMLElement) {}

  render(items: readonly SummaryItem[]): void {
    const frag = document.createDocumentFragment();
    for (const item of items) {
      const div = make('div', 'stat');
      div.dataset.field = item.id;
      const dd = document.createElement('dd');
      fillValue(dd, item.value);
      div.append(make('dt', '', item.label), dd);
      frag.appendChild(div);
    }
    this.list.replaceChildren(frag);
    const ticking = items.some((item) => item.value.kind === 'elapsed');
    if (ticking && this.elapsedTimer === undefined) {
      this.elapsedTimer = setInterval(() => this.tick(), 1000);
    } else if (!ticking) {
      this.stop();
    }
  }

  /** Stops the elapsed-time ticking. */
  stop(): void {
    if (this.elapsedTimer !== undefined) {
      clearInterval(this.elapsedTimer);
      this.elapsedTimer = undefined;
    }
  }

  private tick(): void {
    for (const dd of Array.from(this.list.querySelectorAll<HTMLElement>('dd[data-since]'))) {
      dd.textContent = formatDuration(Date.now() - Date.parse(dd.dataset.since ?? ''));
    }
  }
}

function fillValue(dd: HTMLElement, v: SummaryValue): void {
  switch (v.kind) {
    case 'text':
      dd.textContent = v.text;
      if (v.tone) {
        dd.classList.add(`tone-${v.tone}`);
      }
      break;
    case 'time':
      dd.appendChild(timeElement(v.iso));
      break;
    case 'duration':
      dd.textContent = formatDuration(v.ms);
      break;
    case 'elapsed':
      dd.dataset.since = v.since;
      dd.textContent = formatDuration(Date.now() - Date.parse(v.since));
      break;
    default:
      dd.textContent = '—';
      dd.classList.add('muted');
  }
}

/** A server time as time of day over a smaller date, the raw text as its tooltip. */
function timeElement(iso: string): HTMLTimeElement {
  const time = document.createElement('time');
  time.dateTime = iso;
  time.title = iso;
  const when = formatTime(iso);
  time.appendChild(make('span', '', when.time));
  if (when.date) {
    time.appendChild(make('span', 'time-date', when.date));
  }
  return time;
}
