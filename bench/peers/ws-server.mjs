// The benchmark protocol on Node's ws with bufferutil (which ws loads by itself when installed),
// the way its README broadcasts: a loop over the clients. Prints "LISTENING port" once it listens.
import { WebSocketServer } from 'ws';
import { peerOf, portArgument, MAX_MESSAGE } from './protocol.mjs';

const rooms = new Map();
const server = new WebSocketServer({
  host: '127.0.0.1',
  port: portArgument(process.argv),
  backlog: 4096,
  maxPayload: MAX_MESSAGE,
  perMessageDeflate: false,
});

server.on('connection', (socket, request) => {
  const peer = peerOf(request.url);
  if (peer === null) {
    socket.close(1008, 'no WebSocket endpoint');
    return;
  }
  let audience = server.clients;
  if (peer.room !== null) {
    audience = rooms.get(peer.room) ?? new Set();
    rooms.set(peer.room, audience);
    audience.add(socket);
    socket.on('close', () => audience.delete(socket));
  }
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = data.toString();
    if (peer.echo) socket.send('Echo: ' + message);
    if (!peer.broadcast) return;
    const said = 'Client ' + peer.clientId + ' says: ' + message;
    for (const other of audience) {
      if (other !== socket && other.readyState === 1) other.send(said);
    }
  });
  socket.send('Connected as client ' + peer.clientId);
});

server.on('listening', () => console.log('LISTENING ' + server.address().port));
