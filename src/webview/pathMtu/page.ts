/**
 * The investigation page: the conclusion sentence first, then the answer rate by size over every stage (the
 * whole range, and the sizes around the boundary when they are too close to tell apart), then each stage with
 * a button that opens its own result, and Retry / Stop while it can still go on. The page builds its own DOM
 * (the HTML shell only loads it); every text is set with textContent.
 */
import type {
  InvestigationView,
  MissingInvestigationView,
  PathMtuPageState,
  PathMtuSavedState,
  PathMtuWebviewMessage,
} from '../../shared/pathMtuProtocol';
import { make } from '../dom';
import type { VsCodeApi } from '../vscodeApi';
import { chartGeometry, zoomWindow } from './chart';
import { drawChart } from './chartSvg';
import { restoreSaved } from './messages';
import { badgeOf, boundaryOf, stageRows } from './rows';

const SVG = 'http://www.w3.org/2000/svg';

export type PathMtuApi = VsCodeApi<PathMtuWebviewMessage, PathMtuSavedState>;

/** The page's parts, made once. Ids are stable hooks for people and tests. */
function skeleton() {
  const title = make('h1', '', 'Path MTU');
  title.id = 'title';
  const badge = make('span', 'badge');
  badge.id = 'state-badge';
  const retry = make('button', 'button', 'Retry');
  const stop = make('button', 'button secondary', 'Stop');
  retry.id = 'retry';
  stop.id = 'stop';
  retry.title = 'Start the stage that failed again (answers already measured are kept)';
  stop.title = 'Cancel the remaining stages and keep what was found';
  for (const b of [retry, stop]) b.type = 'button';
  const subtitle = make('p', 'subtitle');
  const conclusion = make('p', 'conclusion');
  conclusion.id = 'conclusion';
  conclusion.setAttribute('role', 'status');
  conclusion.setAttribute('aria-live', 'polite');
  const pause = make('div', 'banner warning');
  pause.setAttribute('role', 'alert');
  const sizeNote = make('p', 'size-note muted');
  const chart = document.createElementNS(SVG, 'svg');
  const zoom = document.createElementNS(SVG, 'svg');
  chart.id = 'answer-chart';
  zoom.id = 'boundary-chart';
  chart.setAttribute('class', 'chart');
  zoom.setAttribute('class', 'chart zoom');
  const zoomCaption = make('p', 'chart-caption muted');
  const stages = make('ol', 'stages');
  stages.id = 'stages';
  return { title, badge, retry, stop, subtitle, conclusion, pause, sizeNote, chart, zoom, zoomCaption, stages };
}

type Parts = ReturnType<typeof skeleton>;

function section(id: string, heading: string, ...children: Node[]): HTMLElement {
  const s = make('section', 'section');
  s.id = id;
  s.append(make('h2', '', heading), ...children);
  return s;
}

export class PathMtuPage {
  private readonly parts: Parts = skeleton();
  private readonly saved: PathMtuSavedState;
  private readonly chartSection: HTMLElement;
  private readonly stagesSection: HTMLElement;

  constructor(private readonly api: PathMtuApi) {
    this.saved = restoreSaved(api.getState(), document.body.dataset.investigationId);
    api.setState(this.saved);
    const p = this.parts;
    const toolbar = make('div', 'toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.append(p.retry, p.stop);
    const main = make('div', 'header-main');
    main.append(p.title, p.badge);
    const header = make('header', 'header');
    header.append(main, toolbar, p.subtitle);
    this.chartSection = section('chart-section', 'Answer rate by size', p.chart, p.zoomCaption, p.zoom);
    this.stagesSection = section('stages-section', 'Stages', p.stages);
    const body = make('main', '');
    body.append(p.conclusion, p.pause, p.sizeNote, this.chartSection, this.stagesSection);
    document.body.replaceChildren(header, body);
    p.retry.addEventListener('click', () => api.postMessage({ type: 'retry' }));
    p.stop.addEventListener('click', () => api.postMessage({ type: 'stop' }));
    this.render(null);
  }

  render(state: PathMtuPageState | null): void {
    if (state && state.id && state.id !== this.saved.id) {
      this.saved.id = state.id;
      this.api.setState(this.saved);
    }
    document.title = state?.title || 'Path MTU';
    this.parts.title.textContent = document.title;
    if (state?.kind === 'investigation') this.renderInvestigation(state);
    else this.renderEmpty(state);
  }

  private renderInvestigation(v: InvestigationView): void {
    const p = this.parts;
    const badge = badgeOf(v);
    p.badge.textContent = badge.text;
    p.badge.className = `badge ${badge.tone}`;
    p.badge.hidden = false;
    p.subtitle.textContent = `Gateway ${v.serial} · ${v.start}–${v.end} bytes · ${v.cycles} ${v.cycles === 1 ? 'cycle' : 'cycles'} per size`;
    p.conclusion.textContent = v.headline;
    p.conclusion.className = `conclusion ${v.conclusion ? 'concluded' : v.phase}`;
    p.pause.hidden = !v.pause;
    p.pause.className = 'banner warning';
    p.pause.textContent = v.pause ? v.pause.reason : '';
    p.sizeNote.textContent = v.sizeNote;
    p.retry.hidden = !v.canRetry;
    p.stop.hidden = !v.canStop;
    this.renderCharts(v);
    this.renderStages(v);
  }

  private renderCharts(v: InvestigationView): void {
    const p = this.parts;
    const boundary = boundaryOf(v);
    const whole = chartGeometry(v.answers, v.start, v.end, boundary);
    this.chartSection.hidden = whole.points.length === 0;
    drawChart(
      p.chart,
      whole,
      `Share of replies answered for each size from ${v.start} to ${v.end} bytes: ${whole.points.length} sizes tested`,
    );
    const around = zoomWindow(v.answers, v.start, v.end, boundary);
    p.zoom.toggleAttribute('hidden', !around);
    p.zoomCaption.hidden = !around;
    if (around) {
      p.zoomCaption.textContent = `Around the boundary: ${around.from}–${around.to} bytes`;
      const near = chartGeometry(v.answers, around.from, around.to, boundary);
      drawChart(
        p.zoom,
        near,
        `Share of replies answered for each size from ${around.from} to ${around.to} bytes, around the boundary`,
      );
    }
  }

  private renderStages(v: InvestigationView): void {
    const items = stageRows(v.stages).map((row) => {
      const li = make('li', `stage ${row.tone}`);
      const head = make('div', 'stage-head');
      head.append(make('strong', 'stage-title', row.title), make('span', `stage-status tone-${row.tone}`, row.status));
      const task = row.task;
      if (task) {
        const open = make('button', 'link', 'Open result');
        open.type = 'button';
        open.title = `Open the result of task ${task}`;
        open.addEventListener('click', () => this.api.postMessage({ type: 'openStage', task }));
        head.appendChild(open);
      }
      li.append(head, make('div', 'stage-plan muted', row.plan), make('div', 'stage-why muted', row.why));
      return li;
    });
    this.stagesSection.hidden = items.length === 0;
    this.parts.stages.replaceChildren(...items);
  }

  private renderEmpty(state: MissingInvestigationView | null): void {
    const p = this.parts;
    p.badge.hidden = true;
    p.subtitle.textContent = '';
    p.conclusion.textContent = state ? '' : 'Loading…';
    p.pause.hidden = !state;
    p.pause.textContent = state ? state.message : '';
    p.pause.className = 'banner info';
    p.sizeNote.textContent = '';
    p.retry.hidden = true;
    p.stop.hidden = true;
    this.chartSection.hidden = true;
    this.stagesSection.hidden = true;
  }
}
