import * as vscode from 'vscode';
import { Credentials, validateClientId, validateClientSecret, validateToken } from '../../core/auth';
import { ask } from '../ui/prompts';
import { Services } from '../services';

interface KindPick extends vscode.QuickPickItem {
  method: Credentials['kind'];
}

/** Credentials handed in by a script (tests, other extensions), checked like typed ones. */
function fromArgument(arg: unknown): Credentials | string {
  const v = (arg ?? {}) as Record<string, unknown>;
  if (typeof v.token === 'string') {
    return validateToken(v.token.trim()) ?? { kind: 'token', token: v.token.trim() };
  }
  if (typeof v.clientId === 'string' && typeof v.clientSecret === 'string') {
    const problem = validateClientId(v.clientId.trim()) ?? validateClientSecret(v.clientSecret.trim());
    return problem ?? { kind: 'client', clientId: v.clientId.trim(), clientSecret: v.clientSecret.trim() };
  }
  return 'expected { token } or { clientId, clientSecret }';
}

async function askCredentials(): Promise<Credentials | undefined> {
  const picks: KindPick[] = [
    { method: 'token', label: 'Access Token', detail: 'Paste a bearer token from Central (valid 2 hours)' },
    {
      method: 'client',
      label: 'Client Credentials',
      detail: 'Client id and secret of an API client; tokens are fetched and renewed for you',
    },
  ];
  const picked = await vscode.window.showQuickPick(picks, {
    title: 'Set Credentials',
    placeHolder: 'How do you sign in to Central?',
  });
  if (!picked) {
    return undefined;
  }
  if (picked.method === 'token') {
    const token = await ask({
      title: 'Set Credentials: Access Token',
      prompt: 'Access token (kept in the OS secret store, never in settings)',
      password: true,
      validate: validateToken,
    });
    return token === undefined ? undefined : { kind: 'token', token };
  }
  const clientId = await ask({
    title: 'Set Credentials: Client Credentials',
    step: 1,
    totalSteps: 2,
    prompt: 'Client id of the API client',
    validate: validateClientId,
  });
  if (clientId === undefined) {
    return undefined;
  }
  const clientSecret = await ask({
    title: 'Set Credentials: Client Credentials',
    step: 2,
    totalSteps: 2,
    prompt: 'Client secret (kept in the OS secret store, never in settings)',
    password: true,
    validate: validateClientSecret,
  });
  return clientSecret === undefined ? undefined : { kind: 'client', clientId, clientSecret };
}

/** `pingSweep.setCredentials [credentials]` */
export async function setCredentials(s: Services, arg?: unknown): Promise<boolean> {
  let creds: Credentials | undefined;
  if (arg !== undefined) {
    const parsed = fromArgument(arg);
    if (typeof parsed === 'string') {
      void vscode.window.showErrorMessage(`Ping Sweep: credentials not set: ${parsed}`);
      return false;
    }
    creds = parsed;
  } else {
    creds = await askCredentials();
  }
  if (!creds) {
    return false;
  }
  await s.credentials.set(creds);
  s.log.info('auth', `credentials set (${creds.kind === 'token' ? 'access token' : 'client credentials'})`);
  void vscode.window.showInformationMessage('Ping Sweep: credentials saved in the secret store.');
  return true;
}

/** `pingSweep.clearCredentials` */
export async function clearCredentials(s: Services): Promise<void> {
  await s.credentials.clear();
  s.log.info('auth', 'credentials cleared');
  void vscode.window.showInformationMessage('Ping Sweep: credentials cleared. Polling waits until new ones are set.');
}
