import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff } from "../dist/backoff.js";

test("each delay is drawn uniformly below a bound that doubles per failure up to the cap", () => {
  const highest = new Backoff(100, 1_000, () => 0.999999);
  assert.deepEqual(
    Array.from({ length: 6 }, () => highest.next()),
    [99, 199, 399, 799, 999, 999],
  );
  const lowest = new Backoff(100, 1_000, () => 0);
  assert.deepEqual(Array.from({ length: 3 }, () => lowest.next()), [0, 0, 0]);
});

test("a reset starts over from the smallest bound", () => {
  const backoff = new Backoff(100, 10_000, () => 0.5);
  backoff.next();
  backoff.next();
  backoff.next();
  assert.equal(backoff.attempts(), 3);
  backoff.reset();
  assert.equal(backoff.attempts(), 0);
  assert.equal(backoff.next(), 50);
});

test("the bound stays finite after very many failures", () => {
  const backoff = new Backoff(500, 20_000, () => 0.5);
  for (let i = 0; i < 2_000; i++) {
    backoff.next();
  }
  assert.equal(backoff.next(), 10_000);
});
