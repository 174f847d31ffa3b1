package io.callpark.parking.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * Split-brain merge of the per-key counters ({@link HazelcastSlotStore#nextCounts}): the larger count
 * wins, so a count handed out in either half (a BLF lamp's {@code event_count}) never goes backwards
 * after the halves merge. Instantiated by Hazelcast by class name; stateless.
 */
public final class CounterMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (existing == null || existing.getRawValue() == null) {
      return merging.getRawValue();
    }
    if (merging.getValue() instanceof Long in && existing.getValue() instanceof Long here) {
      return in > here ? merging.getRawValue() : existing.getRawValue();
    }
    return existing.getRawValue();
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // stateless
  }

  @Override
  public void readData(ObjectDataInput in) {
    // stateless
  }
}
