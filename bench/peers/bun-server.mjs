// The benchmark protocol on Bun's server (uWebSockets), broadcasting with its own publish, which
// skips the sender. Prints "LISTENING port" once it listens.
import { peerOf, portArgument, MAX_MESSAGE } from './protocol.mjs';

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: portArgument(process.argv),
  fetch(request, server) {
    const url = new URL(request.url);
    const peer = peerOf(url.pathname + url.search);
    if (peer !== null && server.upgrade(request, { data: peer })) return undefined;
    return new Response('no WebSocket endpoint', { status: 404 });
  },
  websocket: {
    maxPayloadLength: MAX_MESSAGE,
    perMessageDeflate: false,
    open(socket) {
      const peer = socket.data;
      socket.subscribe(peer.room === null ? 'all' : 'room:' + peer.room);
      socket.send('Connected as client ' + peer.clientId);
    },
    message(socket, message) {
      if (typeof message !== 'string') return;
      const peer = socket.data;
      if (peer.echo) socket.send('Echo: ' + message);
      if (peer.broadcast) {
        socket.publish(peer.room === null ? 'all' : 'room:' + peer.room,
          'Client ' + peer.clientId + ' says: ' + message);
      }
    },
  },
});

console.log('LISTENING ' + server.port);
