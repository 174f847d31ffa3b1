package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotRangeTest {
  @Test
  void parsesARangeAndKeepsLeadingZeros() {
    SlotRange r = SlotRange.parse("001-099");
    assertThat(r.names()).startsWith("001", "002").endsWith("099");
    assertThat(r.contains("007")).isTrue();
    assertThat(r.contains("7")).isFalse();
  }

  @Test
  void refusesHugeAndBackwardsRanges() {
    assertThatThrownBy(() -> SlotRange.parse("1-99999999")).hasMessageContaining("more than");
    assertThatThrownBy(() -> SlotRange.parse("6099-6001")).hasMessageContaining("from <= to");
    assertThatThrownBy(() -> SlotRange.parse("abc")).hasMessageContaining("'abc'");
  }

  @Test
  void accessListsMatchExtensionsAndRanges() {
    AccessList acl = new AccessList(java.util.List.of("1000-1099", "2000"));
    assertThat(acl.allows("1042")).isTrue();
    assertThat(acl.allows("2000")).isTrue();
    assertThat(acl.allows("2001")).isFalse();
    assertThat(acl.allows(null)).isFalse();
    assertThat(AccessList.EVERYONE.allows("anyone")).isTrue();
  }
}
