package io.callpark.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslCommandEncoder;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our PRESENCE_IN header sets against the captures: mod_valet_parking's own events (valet_park_session,
 * read through its independent expected parse), header for header and in order, and the sendevent frames
 * that gave phones the right NOTIFYs (blf_esl_events_2, blf_probe_answer), line for line (those were
 * written by hand with {@code rpid} before {@code force-status}; valet_park's order wins).
 */
class PresenceHeadersTest {

  /** valet_park's PRESENCE_IN events in valet_park_session, each from {@code proto} to the end. */
  static List<List<List<String>>> valetParkPresence() {
    List<List<List<String>>> out = new ArrayList<>();
    for (Fixtures.ExpectedFrame f : Fixtures.expectedParse("valet_park_session").frames()) {
      Fixtures.ExpectedEvent e = f.event();
      if (e == null || !"PRESENCE_IN".equals(e.name())) {
        continue;
      }
      List<List<String>> h = e.headersDecoded();
      int from = -1;
      for (int i = 0; i < h.size(); i++) {
        if (h.get(i).get(0).equals("proto")) {
          from = i;
        }
      }
      if (from >= 0 && h.get(from).get(1).equals("park")) {
        out.add(h.subList(from, h.size()));
      }
    }
    return out;
  }

  static String frame(EslHeaders headers) {
    return EslCommandEncoder.encodeToString(new EslCommand.SendEvent("PRESENCE_IN", headers, null));
  }

  /** The {@code n}-th client->fs chunk of a transcript that starts with {@code sendevent} and contains {@code marker}. */
  static String sentFrame(String transcript, String marker) {
    Fixtures.Transcript t = Fixtures.transcript(transcript);
    return t.chunks(Fixtures.Direction.CLIENT_TO_FS).stream().map(Fixtures.Chunk::text)
        .filter(s -> s.startsWith("sendevent PRESENCE_IN\n") && s.contains(marker)).findFirst().orElseThrow();
  }

  /** A chunk of a transcript that mixes SIP without byte counts: the {@code n} bytes after {@code marker}. */
  static String chunkAfter(String file, String marker, int n) {
    String text = new String(Fixtures.bytes(file), StandardCharsets.UTF_8);
    int at = text.indexOf(marker + "\n");
    return text.substring(at + marker.length() + 1, at + marker.length() + 1 + n);
  }

  @Test
  void everyEventValetParkFiredInTheSessionIsOneOfOursHeaderForHeader() {
    List<List<List<String>>> valet = valetParkPresence();
    // Alice parks 6001, Carol parks 6010, Bob retrieves 6010, Dave retrieves 6001 (valet_park_session.summary).
    List<EslHeaders> ours = List.of(
        PresenceHeaders.lot("my_lot", "127.0.0.1", 1, 0, null),
        PresenceHeaders.slot("6001", "127.0.0.1", Lamp.HELD, 1, null),
        PresenceHeaders.lot("my_lot", "127.0.0.1", 2, 2, null),
        PresenceHeaders.slot("6010", "127.0.0.1", Lamp.HELD, 3, null),
        PresenceHeaders.lot("my_lot", "127.0.0.1", 1, 4, null),
        PresenceHeaders.slot("6010", "127.0.0.1", Lamp.DARK, 5, null),
        PresenceHeaders.lot("my_lot", "127.0.0.1", 0, 6, null),
        PresenceHeaders.slot("6001", "127.0.0.1", Lamp.DARK, 7, null));

    assertThat(valet).hasSize(ours.size());
    for (int i = 0; i < ours.size(); i++) {
      assertThat(ours.get(i).asPairs()).as("event %d", i).isEqualTo(valet.get(i));
    }
  }

  @Test
  void aSlotFrameIsByteForByteValetParksEventWrittenAsASendevent() {
    List<List<String>> held = valetParkPresence().get(1);
    StringBuilder expected = new StringBuilder("sendevent PRESENCE_IN\n");
    held.forEach(p -> expected.append(p.get(0)).append(": ").append(p.get(1)).append('\n'));
    expected.append('\n');

    assertThat(frame(PresenceHeaders.slot("6001", "127.0.0.1", Lamp.HELD, 1, null))).isEqualTo(expected.toString());
  }

  @Test
  void aHeldAndAnEmptySlotHaveTheLinesOfTheSendeventsSofiaTurnedIntoConfirmedAndTerminated() {
    assertThat(frame(PresenceHeaders.slot("6023", "127.0.0.1", Lamp.HELD, 1, null)).split("\n"))
        .containsExactlyInAnyOrder(sentFrame("blf_esl_events_2", "login: 6023\nfrom: 6023@127.0.0.1\nrpid: active")
            .split("\n"));
    assertThat(frame(PresenceHeaders.slot("6023", "127.0.0.1", Lamp.DARK, 2, null)).split("\n"))
        .containsExactlyInAnyOrder(sentFrame("blf_esl_events_2", "login: 6023\nfrom: 6023@127.0.0.1\nrpid: unknown")
            .split("\n"));
  }

  @Test
  void aProbeAnswerHasTheLinesOfTheCapturedAnswerWithTheSubscribesCallIdLast() {
    String captured = chunkAfter("blf/blf_probe_answer.txt", ">>> client->fs (309 bytes)", 309);
    String ours = frame(PresenceHeaders.slot("6015", "127.0.0.1", Lamp.HELD, 41, "c8dbed7b-f49f-4551-b87f-8a6f74614d8c"));

    assertThat(ours).hasSameSizeAs(captured).endsWith("call-id: c8dbed7b-f49f-4551-b87f-8a6f74614d8c\n\n");
    assertThat(ours.split("\n")).containsExactlyInAnyOrder(captured.split("\n"));
  }

  @Test
  void aRingingLampIsTheHeldSetWithAnEarlyAnswerState() {
    List<List<String>> held = PresenceHeaders.slot("6001", "pbx.example", Lamp.HELD, 9, null).asPairs();
    List<List<String>> ringing = PresenceHeaders.slot("6001", "pbx.example", Lamp.RINGING, 9, null).asPairs();

    for (int i = 0; i < held.size(); i++) {
      if (held.get(i).get(0).equals("answer-state")) {
        assertThat(ringing.get(i)).containsExactly("answer-state", "early");
      } else {
        assertThat(ringing.get(i)).isEqualTo(held.get(i));
      }
    }
    assertThat(ringing).extracting(p -> p.get(0)).doesNotContain("status");
  }
}
