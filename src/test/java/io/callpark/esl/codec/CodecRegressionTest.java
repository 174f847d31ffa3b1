package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.esl.codec.EslFrameParser.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per codec bug the fixture and property tests found, named after the behaviour that was wrong, so
 * that each stays fixed even if the broader tests change.
 */
class CodecRegressionTest {

  /** Was: RecordParser.maxRecordSize only checked what was left after a read, so one read slipped through. */
  @Test
  void headerBlockOverTheLimitIsRefusedAlsoWhenItArrivesInOneRead() {
    FrameCollector c = new FrameCollector(new Limits(128, 1024));
    byte[] b = ("Content-Type: command/reply\nReply-Text: " + "y".repeat(200) + "\n\n").getBytes(StandardCharsets.UTF_8);
    c.parser.feed(b, 0, b.length);
    assertThat(c.frames).isEmpty();
    assertThat(c.errors).singleElement().extracting(Throwable::getMessage).asString()
        .startsWith("header block longer than 128 bytes: \"Content-Type: command/reply\\nReply-Text: yyy");
  }

  /** Was: a block of exactly the limit was refused when the first LF of its blank line arrived on its own. */
  @Test
  void headerBlockOfExactlyTheLimitIsAcceptedWhenItsBlankLineArrivesByteByByte() {
    FrameCollector c = new FrameCollector(new Limits(128, 1024));
    String head = "Content-Type: command/reply\nReply-Text: ";
    byte[] b = (head + "z".repeat(128 - head.length()) + "\n\n").getBytes(StandardCharsets.UTF_8);
    c.parser.feed(b, 0, 128);
    c.parser.feed(b, 128, 1);
    c.parser.feed(b, 129, 1);
    assertThat(c.errors).isEmpty();
    assertThat(c.frames).hasSize(1);
  }

  /** Was: "Content-Length is not a decimal number" for a decimal number with more than ten digits. */
  @Test
  void contentLengthWithManyDigitsIsReportedAsOverTheLimit() {
    FrameCollector c = FrameCollector.whole("Content-Length: 123456789012\n\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(c.errors).singleElement().extracting(Throwable::getMessage).asString().contains("over the limit");
  }

  /** Was: valet_park's lowercase {@code unique-id: 6001} (a presence dialog id, fact 25) read as the channel's Unique-ID. */
  @Test
  void presenceEventsLowercaseUniqueIdIsNotTheChannelUniqueId() {
    EslEvent presence = EslEvent.parsePlain("Event-Name: PRESENCE_IN\nproto: park\nunique-id: 6001\n\n"
        .getBytes(StandardCharsets.US_ASCII));
    assertThat(presence.uniqueId()).isNull();
    assertThat(presence.header("unique-id")).isEqualTo("6001");
    EslEvent channel = EslEvent.parsePlain("Event-Name: CHANNEL_PARK\nUnique-ID: 2b7cc713\n\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(channel.uniqueId()).isEqualTo("2b7cc713");
  }

  /** Was: eventPlain dropped every Content-Length header of an event with a body, not just the body's own (inbound_session frame 26). */
  @Test
  void sendeventWithABodyKeepsTheClientsContentLengthAmongItsHeaders() {
    EslHeaders headers = EslHeaders.of("Event-Subclass", "test::capture", "Content-Length", "4", "Event-Name", "CUSTOM",
        "Content-Length", "4");
    byte[] frame = EslFrameWriter.eventPlain(headers, "body");
    EslEvent back = EslEvent.from(FrameCollector.whole(frame).frames.get(0));
    assertThat(back.headers().asPairs()).isEqualTo(headers.asPairs());
    assertThat(back.body()).isEqualTo("body");
  }

  /** Was: no writer for the notice FreeSWITCH sends an outbound socket that did not ask for linger (outbound_event_lock_*.txt). */
  @Test
  void disconnectNoticeWithoutLingerIsWrittenAsFreeSwitchDoes() {
    String expected = "Content-Type: text/disconnect-notice\nControlled-Session-UUID: 390c036d-9fbe-4533-bd3c-1cda141fe6e0\n"
        + "Content-Disposition: disconnect\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
    assertThat(new String(EslFrameWriter.disconnectNotice("390c036d-9fbe-4533-bd3c-1cda141fe6e0"), StandardCharsets.UTF_8))
        .isEqualTo(expected);
  }

  /** Was: a caller's Content-Length header was written, and FreeSWITCH would read the next command as its body. */
  @Test
  void callerSuppliedContentLengthCannotSwallowTheNextCommand() {
    EslCommand.SendEvent sneaky = new EslCommand.SendEvent("CUSTOM", EslHeaders.of("Event-Subclass", "a::b", "Content-Length", "12"), null);
    assertThatThrownBy(() -> EslCommandEncoder.encode(sneaky)).isInstanceOf(EslProtocolException.class);
    // What it would have done: the next command becomes this one's body.
    List<EslRequest> requests = new ArrayList<>();
    new EslRequestParser(requests::add, e -> { }).handle(io.vertx.core.buffer.Buffer.buffer(
        "sendevent CUSTOM\nContent-Length: 12\n\napi hupall\n\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(requests).singleElement().extracting(EslRequest::bodyAsString).isEqualTo("api hupall\n\n");
  }
}
