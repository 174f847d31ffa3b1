package io.callpark.parking;

import java.util.Arrays;
import java.util.List;

/**
 * What the dialplan asks of callpark for one call, from the channel variable {@code callpark_request}.
 * The words follow {@code valet_park}'s own arguments so a dialplan translates line for line
 * (docs/parking.md has the table):
 *
 * <pre>
 *   &lt;lot&gt; &lt;slot&gt;                 slot key: a transferred call parks there; anyone else retrieves
 *   &lt;lot&gt; park &lt;slot&gt;            park into that slot
 *   &lt;lot&gt; retrieve &lt;slot&gt;        retrieve that slot
 *   &lt;lot&gt; auto in [min max]      park into a free slot (valet_park: auto in)
 *   &lt;lot&gt; auto out [min max]     retrieve the call parked longest (valet_park: auto out)
 *   &lt;lot&gt; ask [min max timeout]  the caller keys in the slot to park in
 * </pre>
 *
 * Unlike valet_park, a park never becomes a retrieve: a call sent to park in a taken slot is never
 * bridged to the caller already there (fact 23).
 */
public sealed interface ParkRequest {
  String lot();

  /** Park into {@code slot}, a free slot of {@code range} ({@code auto in}), or one the caller keys in. */
  record Park(String lot, Choice choice) implements ParkRequest {}

  /** Retrieve {@code slot}; null slot with a range is {@code auto out}. */
  record Retrieve(String lot, String slot, SlotRange range) implements ParkRequest {}

  /** {@code <lot> <slot>}: park if the call was transferred here, retrieve otherwise (BLF one-touch keys). */
  record SlotKey(String lot, String slot) implements ParkRequest {}

  /** How the slot of a park is chosen. */
  sealed interface Choice {}

  record Explicit(String slot) implements Choice {}

  /** {@code range} null means the lot's own range. */
  record Auto(SlotRange range) implements Choice {}

  record Ask(SlotRange range, int timeoutMillis) implements Choice {}

  /** Longest the {@code callpark_request} text may be; longer is a config error in the dialplan. */
  int MAX_LENGTH = 200;

  /**
   * Parses {@code text}; {@code defaultLot} applies when the text is empty or missing. Errors name the
   * offending text (truncated) and what was expected.
   */
  static ParkRequest parse(String text, String defaultLot) {
    if (text == null || text.isBlank()) {
      return new Park(defaultLot, new Auto(null));
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("callpark_request longer than " + MAX_LENGTH + " characters: '"
          + text.substring(0, 40) + "...'");
    }
    List<String> w = Arrays.asList(text.trim().split("\\s+"));
    String lot = w.get(0);
    if (w.size() == 1) {
      return new Park(lot, new Auto(null));
    }
    String verb = w.get(1);
    try {
      switch (verb) {
        case "park":
          need(w, 3, text);
          return new Park(lot, new Explicit(slot(w.get(2), text)));
        case "retrieve":
          need(w, 3, text);
          return new Retrieve(lot, slot(w.get(2), text), null);
        case "auto": {
          need(w, 3, text);
          SlotRange range = w.size() >= 5 ? SlotRange.of(Integer.parseInt(w.get(3)), Integer.parseInt(w.get(4))) : null;
          if (w.get(2).equals("in")) {
            return new Park(lot, new Auto(range));
          }
          if (w.get(2).equals("out")) {
            return new Retrieve(lot, null, range);
          }
          throw bad(text, "'auto' must be followed by 'in' or 'out'");
        }
        case "ask": {
          SlotRange range = w.size() >= 4 ? SlotRange.of(Integer.parseInt(w.get(2)), Integer.parseInt(w.get(3))) : null;
          int timeout = w.size() >= 5 ? Integer.parseInt(w.get(4)) : 10_000;
          if (timeout < 1000 || timeout > 120_000) {
            throw bad(text, "ask timeout must be 1000..120000 ms");
          }
          return new Park(lot, new Ask(range, timeout));
        }
        default:
          return new SlotKey(lot, slot(verb, text));
      }
    } catch (NumberFormatException e) {
      throw bad(text, "a number was expected");
    }
  }

  private static void need(List<String> words, int n, String text) {
    if (words.size() < n) {
      throw bad(text, "too few words");
    }
  }

  private static String slot(String s, String text) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
      throw bad(text, "a slot number was expected, got '" + s + "'");
    }
    return s;
  }

  private static IllegalArgumentException bad(String text, String why) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return new IllegalArgumentException("bad callpark_request '" + shown + "': " + why
        + " (expected e.g. 'lot auto in', 'lot park 6001', 'lot retrieve 6001', 'lot 6001', 'lot ask')");
  }
}
