// Waits on what a client emits: every wait has a deadline, none sleeps.
import WebSocket from "ws";
import { Herald } from "../dist/index.js";

export const TIMEOUT = 15_000;

/** Makes a client of `url` on Node's `ws`, with quick reconnects unless `options` say otherwise. */
export function client(url, options = {}) {
  return new Herald(url, { WebSocket, minReconnectDelay: 100, maxReconnectDelay: 1_000, ...options });
}

/** Resolves with the next `name` event of `herald` that `test` accepts, or rejects at `timeout`. */
export function next(herald, name, test = () => true, timeout = TIMEOUT) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${timeout} ms`));
    }, timeout);
    const off = herald.on(name, (event) => {
      if (test(event)) {
        clearTimeout(timer);
        off();
        resolve(event);
      }
    });
  });
}

/** Records every `name` event of `herald`; `until(n)` resolves once there are `n`. */
export function record(herald, name) {
  const events = [];
  const waiters = [];
  herald.on(name, (event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (events.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        clearTimeout(waiter.timer);
        waiter.resolve(events.slice());
      }
    }
  });
  return {
    events,
    until(count, timeout = TIMEOUT) {
      if (events.length >= count) {
        return Promise.resolve(events.slice());
      }
      return new Promise((resolve, reject) => {
        const waiter = { count, resolve };
        waiter.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`${events.length} ${name} events of ${count} within ${timeout} ms`));
        }, timeout);
        waiters.push(waiter);
      });
    },
  };
}
