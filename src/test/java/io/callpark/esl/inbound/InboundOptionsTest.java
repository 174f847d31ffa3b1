package io.callpark.esl.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.esl.codec.EslCommandEncoder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class InboundOptionsTest {
  private static final InboundOptions OK = InboundOptions.of("fs1", "127.0.0.1", 8021, "ClueCon");

  @Test
  void eachBadFieldIsRefusedWithAMessageNamingIt() {
    refused(() -> InboundOptions.of(" ", "127.0.0.1", 8021, "ClueCon"), "inbound.boxId must be a non-blank name");
    refused(() -> InboundOptions.of("fs1", "", 8021, "ClueCon"), "inbound[fs1].host must be a host name or address");
    refused(() -> OK.withPort(0), "inbound[fs1].port must be 1..65535, got 0");
    refused(() -> OK.withPort(65536), "inbound[fs1].port must be 1..65535, got 65536");
    refused(() -> OK.withPassword(""), "inbound[fs1].password must be set");
    refused(() -> OK.withPassword("Clue\nCon"), "inbound[fs1].password must not contain CR, LF or NUL (value not shown)");
    refused(() -> OK.withCommandTimeout(Duration.ZERO), "inbound[fs1].commandTimeout must be a positive duration, got PT0S");
    refused(() -> OK.withBackoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)),
        "inbound[fs1].initialBackoff must be a positive duration");
    refused(() -> OK.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)),
        "inbound[fs1].maxBackoff (PT1S) must not be below initialBackoff (PT5S)");
    refused(() -> OK.withEvents(List.of("CHANNEL_PARK CHANNEL_ANSWER"), List.of()),
        "inbound[fs1].events entries must be single words, got 'CHANNEL_PARK CHANNEL_ANSWER'");
    refused(() -> OK.withEvents(List.of("ALL"), List.of("valet_parking::info\n")),
        "inbound[fs1].customSubclasses entries must be single words");
    refused(() -> OK.withFilters(Arrays.asList(new EventFilter("Unique-ID", "x"), null)), "inbound[fs1].filters must be");
    refused(() -> new EventFilter("Unique ID", "x"), "filter header must be one word");
    refused(() -> new EventFilter("Unique-ID", "a\nb"), "filter value for header Unique-ID must be non-empty without CR, LF");
  }

  @Test
  void toStringMasksThePasswordAndShowsTheRest() {
    String text = OK.withPassword("s3cret-pass").toString();

    assertThat(text).doesNotContain("s3cret-pass").contains("password=***").contains("boxId=fs1").contains("port=8021");
  }

  @Test
  void subscriptionAddsBackgroundJobForBgapiAndWritesCustomLast() {
    assertThat(EslCommandEncoder.encodeToString(OK.subscription())).isEqualTo("event plain ALL\n\n");
    assertThat(EslCommandEncoder.encodeToString(OK.withEvents(List.of("CUSTOM", "CHANNEL_PARK"),
        List.of("valet_parking::info")).subscription()))
        .isEqualTo("event plain CHANNEL_PARK BACKGROUND_JOB CUSTOM valet_parking::info\n\n");
    assertThat(EslCommandEncoder.encodeToString(OK.withEvents(List.of(), List.of()).subscription()))
        .isEqualTo("event plain BACKGROUND_JOB\n\n");
  }

  private static void refused(Supplier<?> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }
}
