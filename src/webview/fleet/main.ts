/**
 * Entry point of the fleet webview's page, bundled for the browser into dist/webview/fleet.js. The page says
 * "ready" once it listens; the extension then posts the fleet's state, and again whenever a gateway's changes.
 */
import type { FleetPageState, FleetSavedState, FleetWebviewMessage } from '../../shared/fleetProtocol';
import { runPage } from '../runPage';
import { FleetPage } from './fleetPage';
import { parseFleetMessage } from './fleetView';

runPage<FleetWebviewMessage, FleetSavedState, FleetPageState>({
  parse: parseFleetMessage,
  create: (api) => new FleetPage(api),
  ready: { type: 'ready' },
});
