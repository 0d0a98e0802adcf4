import type { Server } from 'node:http';

/**
 * At most `max` open connections from one client address (the socket's remote address): the
 * one past the bound is closed as it arrives, so a single host cannot hold every socket the
 * process has (slowloris). Behind a reverse proxy every client shares the proxy's address, so
 * there the bound applies to the proxy as a whole.
 */
export function boundConnectionsPerClient(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) return void socket.destroy();
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
