import net, { type AddressInfo, type Socket } from 'node:net';

type Mode = 'pass' | 'refuse' | 'blackhole';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server, for outage tests that must not touch
 * the server itself. `cut()` resets every connection and every new one (a server that went
 * away); `blackhole()` accepts and stops forwarding in both directions without a word (a
 * network partition: bytes are held, as TCP would retransmit them); `restore()` passes
 * traffic again and delivers what was held.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let mode: Mode = 'pass';
  const pairs = new Set<{ client: Socket; upstream: Socket; held: Array<{ to: Socket; chunk: Buffer }> }>();
  const silent = new Set<Socket>();

  const server = net.createServer((client) => {
    client.on('error', () => {});
    if (mode === 'refuse') return void client.destroy();
    if (mode === 'blackhole') {
      silent.add(client);
      client.on('close', () => silent.delete(client));
      return;
    }
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => {});
    const pair = { client, upstream, held: [] as Array<{ to: Socket; chunk: Buffer }> };
    pairs.add(pair);
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (mode === 'blackhole') pair.held.push({ to, chunk });
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      mode = 'refuse';
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      }
    },
    blackhole() {
      mode = 'blackhole';
    },
    restore() {
      mode = 'pass';
      for (const pair of pairs) for (const { to, chunk } of pair.held.splice(0)) to.write(chunk);
      // Connections accepted while blackholed never reached the server: drop them, as a healed network would.
      for (const socket of silent) socket.destroy();
    },
    async close() {
      this.cut();
      for (const socket of silent) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
