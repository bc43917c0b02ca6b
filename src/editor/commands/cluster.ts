import * as vscode from 'vscode';
import { CENTRAL_CLUSTERS, validateBaseUrl } from '../../core/endpoints';
import { SETTINGS } from '../platform/constants';
import { ask } from '../ui/prompts';
import { Services } from '../services';

interface ClusterPick extends vscode.QuickPickItem {
  url?: string;
}

async function setBaseUrl(s: Services, url: string): Promise<void> {
  await vscode.workspace
    .getConfiguration(SETTINGS.section)
    .update(SETTINGS.baseUrl, url, vscode.ConfigurationTarget.Global);
  s.log.info('settings', `baseUrl set to ${url}`);
}

/** `pingSweep.selectCluster [url]`: a known regional cluster, or a custom URL (http only for loopback). */
export async function selectCluster(s: Services, arg?: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') {
    const url = arg.trim().replace(/\/+$/, '');
    const problem = validateBaseUrl(url);
    if (problem) {
      void vscode.window.showErrorMessage(`Ping Sweep: cluster not changed: ${problem}`);
      return undefined;
    }
    await setBaseUrl(s, url);
    return url;
  }
  const current = s.settings.current.baseUrl;
  const items: ClusterPick[] = [
    ...CENTRAL_CLUSTERS.map((c) => ({
      label: c.label,
      description: c.url === current ? `${c.id} · current` : c.id,
      detail: c.url,
      url: c.url,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(edit) Custom URL…', detail: 'Any https URL, or http on this machine (a simulator)' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Select Central Cluster',
    placeHolder: 'The API gateway of your Central cluster',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) {
    return undefined;
  }
  let url = picked.url;
  if (!url) {
    url = await ask({
      title: 'Select Central Cluster: Custom URL',
      prompt: 'Base URL of the Central API, e.g. https://us5.api.central.arubanetworks.com',
      value: current,
      validate: (v) => validateBaseUrl(v.replace(/\/+$/, '')),
    });
    url = url?.replace(/\/+$/, '');
  }
  if (!url) {
    return undefined;
  }
  await setBaseUrl(s, url);
  return url;
}
