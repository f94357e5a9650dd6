package dev.herald;

import dev.herald.spi.History;
import dev.herald.testing.cluster.HistoryContract;

/** The in-memory history against the contract every history keeps, on one node. */
class MemoryHistoryContractTest extends HistoryContract {

  @Override
  protected History newHistory() {
    return new MemoryHistory(Scheduler.system(), 64L << 20);
  }

  @Override
  protected boolean spansNodes() {
    return false;
  }
}
