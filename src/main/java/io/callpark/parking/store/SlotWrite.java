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
 * <p>Backups get an unconditional copy of the outcome ({@link #getBackupProcessor()}), and only when
 * the primary wrote: the primary has decided. Hazelcast sends a backup operation whenever the
 * processor offers a backup processor, whether or not the primary changed the entry
 * ({@code EntryOperation.shouldBackup}, 5.3.8), so a write that lost must offer none — else the loser's
 * record would land on the backup replica and come back as the slot's record once the primary's
 * member dies (found by {@code ClusterIT}; {@code regression/LosingSlotWriteBackupTest}).
 *
 * <p>Thread-safe as Hazelcast uses it: one instance per write; the primary's partition thread runs
 * {@link #process} and then asks for {@link #getBackupProcessor()}, the only two methods that touch
 * the one mutable field. Serialized with {@link Serializer} (Compact; the field is not sent),
 * registered by {@link HazelcastSetup#withSlotStore}.
 */
final class SlotWrite implements EntryProcessor<String, SlotRecord, SlotRecord> {
  private final SlotRecord expected;
  private final SlotRecord next;
  private final boolean unconditional;
  /** Whether {@link #process} wrote, on the primary: decides whether the backup gets anything. */
  private boolean wrote;

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
    wrote = unconditional || Objects.equals(current, expected);
    if (wrote) {
      entry.setValue(next);
    }
    return current;
  }

  /** The primary's outcome for the backup replicas; none when the comparison failed and nothing changed. */
  @Override
  public EntryProcessor<String, SlotRecord, SlotRecord> getBackupProcessor() {
    if (unconditional) {
      return this;
    }
    return wrote ? new SlotWrite(null, next, true) : null;
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
