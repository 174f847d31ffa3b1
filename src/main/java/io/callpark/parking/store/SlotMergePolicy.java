package io.callpark.parking.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import io.callpark.parking.SlotRecord;

/**
 * How two halves of a split cluster merge their slot records: for a slot both halves hold, the record
 * with the <b>higher version</b> wins (it has seen more writes: an adoption, a re-homing, a step of the
 * chain), ties keep the record already in the surviving half. A slot held by one half only is kept.
 *
 * <p>Why not Hazelcast's default put-if-absent: it keeps whatever the target half has, and which half
 * is the target is an accident of sizes and addresses. A node frozen long enough to be cut off wakes
 * as a one-member half; when it happened to be the target, its stale records replaced the ones the
 * survivors had written since (the re-homed owner), and survivors let go of calls they had just
 * adopted (found by ClusterIT under load). The version says which record is newer without trusting
 * wall clocks ({@code LatestUpdateMergePolicy} would). The caller whose record loses a tie is still
 * on hold under its node's socket and is parked again in a free slot by that node's audit
 * (docs/cluster.md, "Split brain").
 *
 * <p>Instantiated by Hazelcast by class name on each member; stateless.
 */
public final class SlotMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (existing == null || existing.getRawValue() == null) {
      return merging.getRawValue();
    }
    Object incoming = merging.getValue();
    Object present = existing.getValue();
    if (incoming instanceof SlotRecord in && present instanceof SlotRecord here) {
      return in.version() > here.version() ? merging.getRawValue() : existing.getRawValue();
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
