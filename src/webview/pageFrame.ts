/**
 * The frame the fleet and compare pages build for themselves (their HTML shell holds no more than the script
 * and the stylesheet): a header with the title, a state badge, a toolbar and a subtitle, a status line, and a
 * banner for what went wrong. The same classes as the result page's, so the three look alike.
 */
import { make } from './dom';
import type { BadgeTone } from './format';

export interface PageFrame {
  title: HTMLHeadingElement;
  badge: HTMLSpanElement;
  toolbar: HTMLDivElement;
  subtitle: HTMLParagraphElement;
  main: HTMLElement;
  status: HTMLDivElement;
  banner: HTMLDivElement;
}

/** Builds the frame into `document.body`, replacing whatever it held. */
export function buildPageFrame(toolbarLabel: string): PageFrame {
  const header = make('header', 'header');
  const headerMain = make('div', 'header-main');
  const title = make('h1', '', 'Ping Sweep');
  title.id = 'title';
  const badge = make('span', 'badge');
  badge.hidden = true;
  headerMain.append(title, badge);
  const toolbar = make('div', 'toolbar');
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', toolbarLabel);
  const subtitle = make('p', 'subtitle');
  header.append(headerMain, toolbar, subtitle);
  const main = document.createElement('main');
  const status = make('div', 'status', 'Loading…');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const banner = make('div', 'banner');
  banner.setAttribute('role', 'alert');
  banner.hidden = true;
  main.append(status, banner);
  document.body.replaceChildren(header, main);
  return { title, badge, toolbar, subtitle, main, status, banner };
}

/** A toolbar button. */
export function toolbarButton(frame: PageFrame, label: string, tip: string, onClick: () => void): HTMLButtonElement {
  const button = make('button', 'button', label);
  button.type = 'button';
  button.title = tip;
  button.addEventListener('click', onClick);
  frame.toolbar.appendChild(button);
  return button;
}

/** Sets the page's title (also the document's) and its badge; no badge for an empty text. */
export function showTitle(frame: PageFrame, title: string, badge?: { text: string; tone: BadgeTone }): void {
  document.title = title || 'Ping Sweep';
  frame.title.textContent = document.title;
  frame.badge.hidden = !badge;
  if (badge) {
    frame.badge.textContent = badge.text;
    frame.badge.className = `badge ${badge.tone}`;
  }
}

/** Shows a banner (`info`, `warning`, `error`) with a title and a text, or hides it for none. */
export function showPageBanner(
  frame: PageFrame,
  banner?: { tone: 'info' | 'warning' | 'error'; title: string; text: string },
): void {
  frame.banner.hidden = !banner;
  if (!banner) return;
  frame.banner.className = `banner ${banner.tone}`;
  frame.banner.replaceChildren(make('strong', 'banner-title', banner.title), make('span', 'banner-text', banner.text));
}
