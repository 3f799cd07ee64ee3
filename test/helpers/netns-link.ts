// A network link between Ferry and one of its stores that a test can cut and slow down for real: a network namespace
// of the test's own joined to the machine by a veth pair (iproute2), a socat inside it that Ferry connects to, which
// reaches the store back across the pair through a relay in this process. Ferry → 10.x.y.2 (socat, in the
// namespace) → 10.x.y.1 (the relay) → the store on loopback: every byte crosses the veth twice. Cut, the namespace's
// end goes down and packets are dropped without a word (no refusal, no reset), as on a cut cable or a dead router;
// slowed, the kernel's netem delays them, or where the kernel has no netem the relay holds every chunk as long.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import net from 'node:net';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const run = promisify(execFile);
/** The port socat listens on inside the namespace: it has the namespace to itself. */
const INNER_PORT = 7000;

export interface NetnsLink {
  /** host:port for Ferry to connect to instead of the store's. */
  endpoint: string;
  /** Drops every packet both ways: connections under way hang, new ones get no answer. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Delays every packet by `ms` (netem) or every chunk (the relay, without netem); 0 ends it. Says which. */
  delay(ms: number): Promise<'netem' | 'relay'>;
  /** Removes the namespace, the pair and the relay; safe to call twice. */
  close(): Promise<void>;
}

/** Why this machine cannot make the link, if it cannot: namespaces need root, and iproute2 and socat. */
export function netnsMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root (ip netns add)';
  for (const tool of ['ip', 'tc', 'socat']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore', env: { PATH: `${process.env.PATH}:/usr/sbin:/sbin` } });
    } catch {
      return `no ${tool} (apt-get install iproute2 socat)`;
    }
  }
  return undefined;
}

/** Namespaces made by this process and not yet removed: removed on exit, even when a test fails or is interrupted. */
const made = new Set<string>();
process.once('exit', () => {
  for (const ns of made) {
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
});

export async function startNetnsLink(target: { host: string; port: number }): Promise<NetnsLink> {
  const id = `${process.pid % 100_000}${randomInt(100, 999)}`;
  const ns = `ferry-${id}`;
  const [outer, inner] = [`fy${id}a`, `fy${id}b`];
  // A /30 of its own in 10.128.0.0/9, drawn at random: parallel runs on one machine do not meet.
  const net24 = `10.${randomInt(128, 256)}.${randomInt(0, 256)}`;
  const last = randomInt(0, 64) * 4;
  const [outerIp, innerIp] = [`${net24}.${last + 1}`, `${net24}.${last + 2}`];
  let delayMs = 0;
  let socat: ChildProcess | undefined;
  const relay = startRelay(target, () => delayMs);
  const inNs = (...args: string[]) => run('ip', ['netns', 'exec', ns, ...args]);

  made.add(ns);
  const close = async () => {
    socat?.kill('SIGKILL');
    await relay.close();
    if (made.delete(ns)) await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  };
  try {
    await run('ip', ['netns', 'add', ns]);
    await run('ip', ['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner, 'netns', ns]);
    await run('ip', ['addr', 'add', `${outerIp}/30`, 'dev', outer]);
    await run('ip', ['link', 'set', outer, 'up']);
    await inNs('ip', 'addr', 'add', `${innerIp}/30`, 'dev', inner);
    await inNs('ip', 'link', 'set', inner, 'up');
    await inNs('ip', 'link', 'set', 'lo', 'up');
    const relayPort = await relay.listen(outerIp);
    socat = spawn('ip', [
      'netns',
      'exec',
      ns,
      'socat',
      `TCP-LISTEN:${INNER_PORT},bind=${innerIp},fork,reuseaddr`,
      `TCP:${outerIp}:${relayPort}`,
    ]);
    await untilListening(innerIp, INNER_PORT);
  } catch (err) {
    await close();
    throw err;
  }
  let netem: boolean | undefined;
  return {
    endpoint: `${innerIp}:${INNER_PORT}`,
    cut: async () => void (await inNs('ip', 'link', 'set', inner, 'down')),
    restore: async () => void (await inNs('ip', 'link', 'set', inner, 'up')),
    delay: async (ms) => {
      netem ??= await run('tc', ['qdisc', 'add', 'dev', outer, 'root', 'netem', 'delay', '0ms']).then(
        () => true,
        () => false,
      );
      if (netem) await run('tc', ['qdisc', 'change', 'dev', outer, 'root', 'netem', 'delay', `${ms}ms`]);
      else delayMs = ms;
      return netem ? 'netem' : 'relay';
    },
    close,
  };
}

async function untilListening(host: string, port: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`socat did not listen on ${host}:${port} in the namespace`);
    await sleep(100);
  }
}

/** A TCP relay to `target` listening on the pair's outer address; holds every chunk `delay()` ms when asked. */
function startRelay(target: { host: string; port: number }, delay: () => number) {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const forward = (from: net.Socket, to: net.Socket) => {
    // Each chunk goes `delay()` after it came, and never before the one ahead of it (the delay may shrink meanwhile).
    let lastDue = 0;
    const later = (send: () => void) => {
      lastDue = Math.max(Date.now() + delay(), lastDue);
      setTimeout(send, lastDue - Date.now());
    };
    from.on('data', (chunk: Buffer) => later(() => to.write(chunk)));
    from.once('end', () => later(() => to.end()));
    from.once('close', () => later(() => to.destroy()));
  };
  const server = net.createServer((client) => {
    const store = net.connect(target);
    track(client);
    track(store);
    forward(client, store);
    forward(store, client);
  });
  return {
    listen: (host: string) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
      }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
