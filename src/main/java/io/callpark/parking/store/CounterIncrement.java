package io.callpark.parking.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Adds one to a counter entry and returns the new value, as a Hazelcast {@link EntryProcessor}: it runs
 * on the partition owner's thread, so increments from several members never overwrite each other. The
 * backup runs the same increment on the same previous value (the default backup processor is this one).
 * An absent entry counts as 0. Used by {@link HazelcastSlotStore#nextCounts}.
 *
 * <p>Stateless, immutable and thread-safe. Serialized with {@link Serializer} (Compact), registered by
 * {@link HazelcastSetup#withSlotStore}.
 */
final class CounterIncrement implements EntryProcessor<String, Long, Long> {

  @Override
  public Long process(Map.Entry<String, Long> entry) {
    Long current = entry.getValue();
    long next = (current == null ? 0 : current) + 1;
    entry.setValue(next);
    return next;
  }

  /** Compact serializer: the processor has no state, only its type name travels. */
  static final class Serializer implements CompactSerializer<CounterIncrement> {
    @Override
    public CounterIncrement read(CompactReader in) {
      return new CounterIncrement();
    }

    @Override
    public void write(CompactWriter out, CounterIncrement c) {
      // nothing: an increment is always by one
    }

    @Override
    public String getTypeName() {
      return "callpark.CounterIncrement";
    }

    @Override
    public Class<CounterIncrement> getCompactClass() {
      return CounterIncrement.class;
    }
  }
}
