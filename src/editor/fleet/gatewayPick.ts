import * as vscode from 'vscode';
import { describeSerialList, parseSerialList } from '../../core/serialList';
import { ask } from '../ui/prompts';
import type { Services } from '../services';

interface GatewayItem extends vscode.QuickPickItem {
  serial?: string;
}

const PASTE_LABEL = '$(clippy) Paste a list of serials…';

/** The gateways this window knows: the recent ones, then those of tracked tasks, each once. */
export function knownGateways(s: Services): GatewayItem[] {
  const tasks = new Map<string, number>();
  for (const t of s.store.all()) tasks.set(t.serial, (tasks.get(t.serial) ?? 0) + 1);
  const serials = [...new Set([...s.recents.serials(), ...tasks.keys()])];
  return serials.map((serial) => {
    const n = tasks.get(serial) ?? 0;
    return { serial, label: serial, description: n ? `${n} tracked task${n === 1 ? '' : 's'}` : 'recent' };
  });
}

/**
 * Step 1 (and 2): a many-pick of the known gateways and an item to paste a list; then the paste box if it was
 * picked (or nothing is known). The serials, each once, or undefined when dismissed.
 */
export async function pickGateways(s: Services, title: string, totalSteps: number): Promise<string[] | undefined> {
  const known = knownGateways(s);
  let picked: GatewayItem[] = [{ label: PASTE_LABEL }];
  if (known.length) {
    const chosen = await vscode.window.showQuickPick<GatewayItem>(
      [{ label: PASTE_LABEL, alwaysShow: true }, ...known],
      {
        title: `${title} (1/${totalSteps})`,
        placeHolder: 'Pick the gateways to sweep from, or paste a list of serials',
        canPickMany: true,
        ignoreFocusOut: true,
        matchOnDescription: true,
      },
    );
    if (!chosen?.length) return undefined;
    picked = chosen;
  }
  const serials = picked.flatMap((p) => (p.serial ? [p.serial] : []));
  if (!picked.some((p) => !p.serial)) return serials;
  const pasted = await askSerialList(title, totalSteps, serials.length);
  return pasted && [...new Set([...serials, ...pasted])];
}

/**
 * The paste box: serials separated by commas, spaces or new lines. As it is typed, the prompt counts the valid
 * ones and names each refused one with why; Enter takes the valid ones (it refuses only a list with none).
 */
export async function askSerialList(title: string, totalSteps: number, picked: number): Promise<string[] | undefined> {
  const also = picked ? ` (with the ${picked} picked)` : '';
  const prompt = `Gateway serials separated by commas, spaces or new lines${also}`;
  const text = await ask({
    title,
    step: 2,
    totalSteps,
    prompt,
    placeholder: 'e.g. CN12345678, CN23456789 CN34567890',
    validate: (v) => (parseSerialList(v).serials.length || picked ? undefined : noSerials(v)),
    hint: (v) => (v ? `${describeSerialList(parseSerialList(v))}. Enter sweeps the valid ones.` : prompt),
  });
  return text === undefined ? undefined : parseSerialList(text).serials;
}

function noSerials(text: string): string {
  const list = parseSerialList(text);
  return `No valid gateway serial (4 to 32 letters and digits)${list.refusedCount ? `: ${describeSerialList(list)}` : ''}.`;
}
