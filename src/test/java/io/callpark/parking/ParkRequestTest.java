package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.parking.ParkRequest.Ask;
import io.callpark.parking.ParkRequest.Auto;
import io.callpark.parking.ParkRequest.Explicit;
import io.callpark.parking.ParkRequest.Park;
import io.callpark.parking.ParkRequest.Retrieve;
import io.callpark.parking.ParkRequest.SlotKey;
import org.junit.jupiter.api.Test;

class ParkRequestTest {
  @Test
  void valetAutoInTranslatesToAnAutoParkOverTheRange() {
    assertThat(ParkRequest.parse("my_lot auto in 6001 6099", "default"))
        .isEqualTo(new Park("my_lot", new Auto(SlotRange.of(6001, 6099))));
  }

  @Test
  void missingRequestParksIntoTheDefaultLot() {
    assertThat(ParkRequest.parse(null, "default")).isEqualTo(new Park("default", new Auto(null)));
    assertThat(ParkRequest.parse("  ", "default")).isEqualTo(new Park("default", new Auto(null)));
  }

  @Test
  void explicitVerbsNeverMixParkAndRetrieve() {
    assertThat(ParkRequest.parse("lot park 6001", "d")).isEqualTo(new Park("lot", new Explicit("6001")));
    assertThat(ParkRequest.parse("lot retrieve 6001", "d")).isEqualTo(new Retrieve("lot", "6001", null));
    assertThat(ParkRequest.parse("lot auto out", "d")).isEqualTo(new Retrieve("lot", null, null));
  }

  @Test
  void aBareSlotIsASlotKeyDecidedByHowTheCallArrived() {
    assertThat(ParkRequest.parse("lot 6001", "d")).isEqualTo(new SlotKey("lot", "6001"));
  }

  @Test
  void askTakesRangeAndTimeout() {
    assertThat(ParkRequest.parse("lot ask 6001 6099 5000", "d"))
        .isEqualTo(new Park("lot", new Ask(SlotRange.of(6001, 6099), 5000)));
  }

  @Test
  void malformedRequestsNameTheTextAndWhatWasExpected() {
    assertThatThrownBy(() -> ParkRequest.parse("lot auto sideways", "d"))
        .hasMessageContaining("'lot auto sideways'").hasMessageContaining("'in' or 'out'");
    assertThatThrownBy(() -> ParkRequest.parse("lot park 60x1", "d")).hasMessageContaining("60x1");
    assertThatThrownBy(() -> ParkRequest.parse("lot ask 1 2 5", "d")).hasMessageContaining("timeout");
    assertThatThrownBy(() -> ParkRequest.parse("x".repeat(500), "d")).hasMessageContaining("longer than 200")
        .message().hasSizeLessThan(120);
  }
}
