package io.callpark.parking.store;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.callpark.parking.FetchToken;

/**
 * Hazelcast Compact serializer for {@link FetchToken}, the value of {@link HazelcastFetchTokens}' map.
 * Same rules as {@link SlotRecordSerializer}: a fixed type name, fields added but never renamed.
 * Stateless and thread-safe.
 */
public final class FetchTokenSerializer implements CompactSerializer<FetchToken> {
  /** The Compact type name stored with every token. */
  public static final String TYPE_NAME = "callpark.FetchToken";

  @Override
  public FetchToken read(CompactReader in) {
    return new FetchToken(in.readString("lot"), in.readString("slot"), in.readString("callUuid"),
        in.readInt64("version"), in.readString("fromBox"), in.readString("toBox"), in.readInt64("expiresAtMillis"));
  }

  @Override
  public void write(CompactWriter out, FetchToken t) {
    out.writeString("lot", t.lot());
    out.writeString("slot", t.slot());
    out.writeString("callUuid", t.callUuid());
    out.writeInt64("version", t.version());
    out.writeString("fromBox", t.fromBox());
    out.writeString("toBox", t.toBox());
    out.writeInt64("expiresAtMillis", t.expiresAtMillis());
  }

  @Override
  public String getTypeName() {
    return TYPE_NAME;
  }

  @Override
  public Class<FetchToken> getCompactClass() {
    return FetchToken.class;
  }
}
