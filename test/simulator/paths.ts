/**
 * Network paths of the simulator: what a started sweep meets between its gateway and its destination.
 * A path has an MTU (sizes above it time out), random loss (seeded, so a run is reproducible), and may be
 * unreachable (no size answers) or ICMP-filtered (only small echoes answer). A fleet of gateways is made
 * from any valid serial: a configurable share of them is offline (starts answer 409) or unknown (404), and
 * each has its own path MTU, all chosen deterministically from the serial.
 */

/** What one destination looks like from a gateway. Every field is optional. */
export interface DestinationPath {
  /** Largest size (the API's packet size) that answers; larger ones time out. Default: every size answers. */
  mtu?: number;
  /** Share of replies lost at random, 0 to 1. */
  loss?: number;
  /** `unreachable`: no size answers. `icmpFiltered`: only echoes up to `filteredAbove` bytes answer. */
  reach?: 'ok' | 'unreachable' | 'icmpFiltered';
  /** Largest echo an ICMP filter lets through. Default 128. */
  filteredAbove?: number;
  /** How long a sweep towards it runs, ms; wins over the `startScenario`'s. */
  durationMs?: number;
}

/** One gateway of the fleet. */
export interface GatewayPath {
  /** The gateway's own uplink MTU: every path from it is at most this. */
  mtu?: number;
  /** `offline` answers 409 to starts; `absent` answers 404 to everything about the gateway. */
  state?: 'online' | 'offline' | 'absent';
  /** Paths from this gateway to given destinations; they win over the shared ones. */
  destinations?: Record<string, DestinationPath>;
}

/** The simulator's paths (option `paths`). */
export interface PathConfig {
  /** MTU of every path unless something smaller applies. */
  mtu?: number;
  /** Loss of every path unless a destination says otherwise. */
  loss?: number;
  /** Seed of the random loss. Default 1. */
  seed?: number;
  /** Paths to given destinations, from every gateway. */
  destinations?: Record<string, DestinationPath>;
  gateways?: Record<string, GatewayPath>;
  /** Shares of the fleet, by a hash of the serial: offline, unknown, and path MTUs (the rest keep the default). */
  fleet?: { offlineShare?: number; unknownShare?: number; mtus?: Array<{ mtu: number; share: number }> };
}

/** What one started sweep meets: resolved once, at its start. */
export interface TaskPath {
  mtu?: number;
  loss: number;
  reach: 'ok' | 'unreachable' | 'icmpFiltered';
  filteredAbove: number;
  /** Seed of this sweep's loss. */
  seed: string;
  /** The destination's own sweep length, when it has one. */
  durationMs?: number;
}

const VALID_SERIAL = /^[A-Za-z0-9]{4,32}$/;

/** A number in [0, 1) from a string (FNV-1a, then a finalizer): the same text, the same number. */
export function hashUnit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

/** A small seeded PRNG (mulberry32 over the hash of `seed`). */
export function seededUnit(seed: string): () => number {
  let a = Math.floor(hashUnit(seed) * 4294967296);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The paths of one simulator, with the count of sweeps per gateway and destination (for the loss seeds). */
export class PathModel {
  private readonly started = new Map<string, number>();

  constructor(public config: PathConfig | undefined) {}

  /** The state of a gateway nobody set explicitly: unknown if its serial is invalid, else by the fleet shares. */
  gatewayState(serial: string): 'online' | 'offline' | 'absent' {
    if (!VALID_SERIAL.test(serial)) return 'absent';
    const set = this.config?.gateways?.[serial]?.state;
    if (set) return set;
    const fleet = this.config?.fleet;
    if (!fleet) return 'online';
    const u = hashUnit(`state:${serial}`);
    const unknown = fleet.unknownShare ?? 0;
    if (u < unknown) return 'absent';
    return u < unknown + (fleet.offlineShare ?? 0) ? 'offline' : 'online';
  }

  /** The fleet's MTU for a gateway, if the shares give it one. */
  fleetMtu(serial: string): number | undefined {
    let u = hashUnit(`mtu:${serial}`);
    for (const choice of this.config?.fleet?.mtus ?? []) {
      if (u < choice.share) return choice.mtu;
      u -= choice.share;
    }
    return undefined;
  }

  /** The path a sweep started now from `serial` to `destination` meets; undefined without a configuration. */
  forStart(serial: string, destination: string): TaskPath | undefined {
    const c = this.config;
    if (!c) return undefined;
    const key = `${serial}>${destination}`;
    const n = (this.started.get(key) ?? 0) + 1;
    this.started.set(key, n);
    const gateway = c.gateways?.[serial];
    const own = gateway?.destinations?.[destination];
    const shared = c.destinations?.[destination];
    const limits = [c.mtu, shared?.mtu, gateway?.mtu, this.fleetMtu(serial)].filter(
      (m): m is number => m !== undefined,
    );
    return {
      mtu: own?.mtu ?? (limits.length ? Math.min(...limits) : undefined),
      loss: own?.loss ?? shared?.loss ?? c.loss ?? 0,
      reach: own?.reach ?? shared?.reach ?? 'ok',
      filteredAbove: own?.filteredAbove ?? shared?.filteredAbove ?? 128,
      seed: `${c.seed ?? 1}:${key}:${n}`,
      ...((own?.durationMs ?? shared?.durationMs) !== undefined
        ? { durationMs: own?.durationMs ?? shared?.durationMs }
        : {}),
    };
  }
}

/** Decides, reply by reply, which of a sweep's echoes time out on its path. */
export function pathTimeouts(path: TaskPath | undefined): (size: number) => boolean {
  if (!path) return () => false;
  const random = seededUnit(path.seed);
  return (size) => {
    // Drawn for every reply, so one reply's fate never shifts another's.
    const lost = random() < path.loss;
    if (path.reach === 'unreachable') return true;
    if (path.reach === 'icmpFiltered' && size > path.filteredAbove) return true;
    if (path.mtu !== undefined && size > path.mtu) return true;
    return lost;
  };
}
