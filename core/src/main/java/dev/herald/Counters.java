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
  final LongAdder brokerPublishFailures = new LongAdder();
  private final Map<DropReason, LongAdder> drops = adders(DropReason.class);
  private final Map<CloseCause, LongAdder> closes = adders(CloseCause.class);
  private final Map<RejectReason, LongAdder> rejections = adders(RejectReason.class);

  void received(int bytes) {
    messagesIn.increment();
    bytesIn.add(bytes);
  }

  void sent(int bytes) {
    messagesOut.increment();
    bytesOut.add(bytes);
  }

  void dropped(DropReason reason) {
    drops.get(reason).increment();
  }

  void closed(CloseCause cause) {
    closes.get(cause).increment();
  }

  void rejected(RejectReason reason) {
    rejections.get(reason).increment();
    closes.get(CloseCause.REJECTED).increment();
  }

  Map<RejectReason, Long> rejections() {
    return sums(rejections);
  }

  Map<DropReason, Long> drops() {
    return sums(drops);
  }

  Map<CloseCause, Long> closes() {
    return sums(closes);
  }

  private static <K extends Enum<K>> Map<K, LongAdder> adders(Class<K> type) {
    Map<K, LongAdder> map = new EnumMap<>(type);
    for (K key : type.getEnumConstants()) {
      map.put(key, new LongAdder());
    }
    return map;
  }

  private static <K extends Enum<K>> Map<K, Long> sums(Map<K, LongAdder> adders) {
    Map<K, Long> result = new EnumMap<>(adders.keySet().iterator().next().getDeclaringClass());
    adders.forEach((key, adder) -> result.put(key, adder.sum()));
    return result;
  }
}
