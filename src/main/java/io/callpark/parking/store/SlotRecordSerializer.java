package io.callpark.parking.store;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;

/**
 * Hazelcast Compact serializer for {@link SlotRecord}. Compact (rather than Java serialization)
 * keeps each field addressable by name, so the store queries {@code lot}, {@code callUuid} and
 * {@code deadlineMillis} with predicates and indexes, without deserializing every record. The field
 * names below are therefore part of the store's query contract ({@link HazelcastSlotStore}).
 *
 * <p>Schema evolution: add fields, never rename or retype one; read a new field through
 * {@code reader.getFieldKind(name)} so records written by an older member still load. The type name
 * is fixed and independent of the Java package, so a refactoring never orphans stored records.
 *
 * <p>Stateless and thread-safe.
 */
public final class SlotRecordSerializer implements CompactSerializer<SlotRecord> {
  /** The Compact type name stored with every record. */
  public static final String TYPE_NAME = "callpark.SlotRecord";

  static final String LOT = "lot";
  static final String CALL_UUID = "callUuid";
  static final String DEADLINE = "deadlineMillis";

  @Override
  public SlotRecord read(CompactReader in) {
    return new SlotRecord(in.readString(LOT), in.readString("slot"), SlotState.valueOf(in.readString("state")),
        in.readString(CALL_UUID), in.readString("boxId"), in.readString("callerIdName"),
        in.readString("callerIdNumber"), in.readString("parker"), in.readString("reservation"),
        in.readString("ownerNode"), in.readInt64("parkedAtMillis"), in.readInt64(DEADLINE), in.readInt32("step"),
        in.readInt32("attempt"), in.readInt64("version"));
  }

  @Override
  public void write(CompactWriter out, SlotRecord r) {
    out.writeString(LOT, r.lot());
    out.writeString("slot", r.slot());
    out.writeString("state", r.state().name());
    out.writeString(CALL_UUID, r.callUuid());
    out.writeString("boxId", r.boxId());
    out.writeString("callerIdName", r.callerIdName());
    out.writeString("callerIdNumber", r.callerIdNumber());
    out.writeString("parker", r.parker());
    out.writeString("reservation", r.reservation());
    out.writeString("ownerNode", r.ownerNode());
    out.writeInt64("parkedAtMillis", r.parkedAtMillis());
    out.writeInt64(DEADLINE, r.deadlineMillis());
    out.writeInt32("step", r.step());
    out.writeInt32("attempt", r.attempt());
    out.writeInt64("version", r.version());
  }

  @Override
  public String getTypeName() {
    return TYPE_NAME;
  }

  @Override
  public Class<SlotRecord> getCompactClass() {
    return SlotRecord.class;
  }
}
