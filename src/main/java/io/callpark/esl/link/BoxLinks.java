package io.callpark.esl.link;

import io.callpark.esl.codec.EslEvent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every configured FreeSWITCH box's link, and which box a call came from. A call's box is, in order:
 * the channel variable {@code callpark_box} (set in the dialplan), the box whose id equals the
 * channel data's {@code FreeSWITCH-Switchname}, or the only box when just one is configured.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class BoxLinks {
  private final Map<String, FreeSwitchLink> links = new LinkedHashMap<>();

  public BoxLinks(Collection<? extends FreeSwitchLink> all) {
    for (FreeSwitchLink l : all) {
      if (links.putIfAbsent(l.boxId(), l) != null) {
        throw new IllegalArgumentException("two boxes with the id '" + l.boxId() + "'");
      }
    }
  }

  public Optional<FreeSwitchLink> get(String boxId) {
    return Optional.ofNullable(boxId == null ? null : links.get(boxId));
  }

  public Collection<FreeSwitchLink> all() {
    return links.values();
  }

  /** The id of the box {@code channelData} came from, or null when it cannot be told. */
  public String boxOf(EslEvent channelData) {
    String named = channelData.variable("callpark_box");
    if (named != null && links.containsKey(named)) {
      return named;
    }
    String switchName = channelData.header("FreeSWITCH-Switchname");
    if (switchName != null && links.containsKey(switchName)) {
      return switchName;
    }
    return links.size() == 1 ? links.keySet().iterator().next() : null;
  }
}
