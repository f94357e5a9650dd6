package dev.herald.bench.load;

/** Says what the connected sessions do once every connection is open. */
enum Workload {
  /** Nothing: hold the connections idle (connect). */
  IDLE,
  /** Each session sends its next message when the echo of the previous one arrives (echo). */
  CLOSED_LOOP,
  /** The sessions send at a fixed total rate, whatever the replies do (echo-rate, chat, soak). */
  OPEN_LOOP,
  /** One publisher sends at a fixed rate; the server broadcasts to the others (fanout). */
  FANOUT
}
