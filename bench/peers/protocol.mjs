// The benchmark protocol, shared by the Node and Bun servers (see dev.herald.bench.targets).

/** Returns { clientId, room, echo, broadcast } for a request target, or null outside /ws/. */
export function peerOf(target) {
  if (!target.startsWith('/ws/')) return null;
  const query = target.indexOf('?');
  const clientId = target.substring(4, query < 0 ? target.length : query);
  if (clientId.length === 0) return null;
  let room = null;
  if (query >= 0) {
    for (const pair of target.substring(query + 1).split('&')) {
      if (pair.startsWith('room=') && pair.length > 5) room = pair.substring(5);
    }
  }
  const publisher = clientId.startsWith('publisher');
  return { clientId, room, echo: !publisher, broadcast: publisher || !clientId.startsWith('echo') };
}

/** Returns the port from --port N, or 0. */
export function portArgument(argv) {
  const i = argv.indexOf('--port');
  return i >= 0 ? Number(argv[i + 1]) : 0;
}

export const MAX_MESSAGE = 1024 * 1024;
