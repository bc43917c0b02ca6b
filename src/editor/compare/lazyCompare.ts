import type { ComparePageState } from '../../shared/compareProtocol';
import { COMPARE_VIEW_TYPE } from '../platform/constants';
import { LazyPanels } from '../results/lazyResults';
import type { ComparePanels } from './comparePanel';

/** What commands need of the compare views. */
export interface CompareViews {
  /** Shows these tasks side by side; returns what the page is sent. */
  open(keys: readonly string[]): ComparePageState;
}

/** The compare view's code loads with the rarely used commands (later.ts), on first use or on a restored panel. */
export class LazyComparePanels extends LazyPanels<ComparePanels> implements CompareViews {
  constructor(load: () => ComparePanels) {
    super(COMPARE_VIEW_TYPE, load);
  }

  open(keys: readonly string[]): ComparePageState {
    return this.panels().open(keys);
  }
}
