package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SanitizeTest {
  @Test
  void callerIdWithLineBreaksCannotAddHeaders() {
    assertThat(Sanitize.headerValue("Bob\r\nhangup-cause: X")).isEqualTo("Bob  hangup-cause: X").doesNotContain("\n");
  }

  @Test
  void callerIdCannotBreakOutOfAnOriginateVariableBlock() {
    String v = Sanitize.dialStringValue("Parked 6001: Eve',origination_uuid=x}sofia/gateway/evil");
    assertThat(v).doesNotContain(",").doesNotContain("}").doesNotContain("{");
    assertThat(v).startsWith("'").endsWith("'");
  }

  @Test
  void extensionsAreLettersDigitsAndAFewSigns() {
    assertThat(Sanitize.extension("1001")).isEqualTo("1001");
    assertThat(Sanitize.extension("1001 XML evil")).isNull();
    assertThat(Sanitize.extension("1001;x")).isNull();
  }
}
