package io.callpark.parking.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.callpark.parking.SlotRecord;
import java.util.Map;
import java.util.Objects;

/**
 * A compare-and-set of one slot, as a Hazelcast {@link EntryProcessor}: Hazelcast runs it on the
 * member that owns the key's partition, on that partition's thread, so nothing else touches the entry
 * between the comparison and the write. It writes {@code next} ({@code null}: removes the entry) only
 * if the stored record equals {@code expected} ({@code null}: the slot is free), and always returns
 * the record that was stored before, so the caller sees who won. One round trip, no lock.
 *
 * <p>The comparison is record equality, which includes the version: the version is what two writers
 * of the same occupant race on, and the other fields stop a stale copy of a previous occupant (whose
 * version restarted at 1) from matching a new one (docs/decisions/0002).
 *
 * <p>Backups get an unconditional copy of the outcome ({@link #getBackupProcessor()}): the primary
 * has decided, and Hazelcast only sends a backup when the primary changed the entry.
 *
 * <p>Immutable and thread-safe. Serialized with {@link Serializer} (Compact), registered by
 * {@link HazelcastSetup#withSlotStore}.
 */
final class SlotWrite implements EntryProcessor<String, SlotRecord, SlotRecord> {
  private final SlotRecord expected;
  private final SlotRecord next;
  private final boolean unconditional;

  private SlotWrite(SlotRecord expected, SlotRecord next, boolean unconditional) {
    this.expected = expected;
    this.next = next;
    this.unconditional = unconditional;
  }

  /** Writes {@code record} only into a free slot. */
  static SlotWrite ifAbsent(SlotRecord record) {
    return new SlotWrite(null, Objects.requireNonNull(record), false);
  }

  /** Replaces {@code expected} by {@code next} only if {@code expected} is still stored. */
  static SlotWrite ifSame(SlotRecord expected, SlotRecord next) {
    return new SlotWrite(Objects.requireNonNull(expected), Objects.requireNonNull(next), false);
  }

  /** Removes {@code expected} only if it is still stored. */
  static SlotWrite removeIfSame(SlotRecord expected) {
    return new SlotWrite(Objects.requireNonNull(expected), null, false);
  }

  @Override
  public SlotRecord process(Map.Entry<String, SlotRecord> entry) {
    SlotRecord current = entry.getValue();
    if (unconditional || Objects.equals(current, expected)) {
      entry.setValue(next);
    }
    return current;
  }

  @Override
  public EntryProcessor<String, SlotRecord, SlotRecord> getBackupProcessor() {
    return unconditional ? this : new SlotWrite(null, next, true);
  }

  /** Compact serializer: the records nest as Compact {@link SlotRecordSerializer} objects. */
  static final class Serializer implements CompactSerializer<SlotWrite> {
    @Override
    public SlotWrite read(CompactReader in) {
      return new SlotWrite(in.readCompact("expected"), in.readCompact("next"), in.readBoolean("unconditional"));
    }

    @Override
    public void write(CompactWriter out, SlotWrite w) {
      out.writeCompact("expected", w.expected);
      out.writeCompact("next", w.next);
      out.writeBoolean("unconditional", w.unconditional);
    }

    @Override
    public String getTypeName() {
      return "callpark.SlotWrite";
    }

    @Override
    public Class<SlotWrite> getCompactClass() {
      return SlotWrite.class;
    }
  }
}
