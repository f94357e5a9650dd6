package dev.herald;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The manager's running counters; striped so that hot paths on many threads do not contend. */
final class Counters {
  final LongAdder messagesIn = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder messagesOut = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder handlerErrors = new LongAdder();
  final LongAdder gaps = new LongAdder();
  final LongAdder brokerReconnects = new LongAdder();
  final LongAdder brokerReceived = new LongAdder();
  final LongAdder brokerPublishFailures = new LongAdder();
  final LongAdder acceptFailures = new LongAdder();
  // By ordinal: one adder per reason or cause.
  private final LongAdder[] drops = adders(DropReason.values().length);
  private final LongAdder[] closes = adders(CloseCause.values().length);
  private final LongAdder[] rejections = adders(RejectReason.values().length);

  void received(int bytes) {
    messagesIn.increment();
    bytesIn.add(bytes);
  }

  void sent(int bytes) {
    messagesOut.increment();
    bytesOut.add(bytes);
  }

  void dropped(DropReason reason) {
    drops[reason.ordinal()].increment();
  }

  void closed(CloseCause cause) {
    closes[cause.ordinal()].increment();
  }

  void rejected(RejectReason reason) {
    rejections[reason.ordinal()].increment();
    closes[CloseCause.REJECTED.ordinal()].increment();
  }

  Map<RejectReason, Long> rejections() {
    return sums(RejectReason.class, rejections);
  }

  Map<DropReason, Long> drops() {
    return sums(DropReason.class, drops);
  }

  Map<CloseCause, Long> closes() {
    return sums(CloseCause.class, closes);
  }

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  private static <K extends Enum<K>> Map<K, Long> sums(Class<K> type, LongAdder[] adders) {
    Map<K, Long> result = new EnumMap<>(type);
    for (K key : type.getEnumConstants()) {
      result.put(key, adders[key.ordinal()].sum());
    }
    return result;
  }
}
