package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import org.junit.jupiter.api.Test;

/** Channel data values below are copied from ../shared/freeswitch transfer_* captures (facts 36-37). */
class ArrivalTest {
  private static EslEvent data(String... kv) {
    return new EslEvent(EslHeaders.of(kv), null);
  }

  @Test
  void blindTransferIsRecognisedByReferredByAndNamesTheParker() {
    Arrival a = Arrival.of(data("variable_sip_h_Referred-By", "<sip:1001@127.0.0.1>",
        "variable_transfer_source", "1795553290:d170f036-00e2-4970-ab13-5f18642bb5a3:bl_xfer:5000/default/XML"));
    assertThat(a.way()).isEqualTo(WayIn.BLIND_TRANSFER);
    assertThat(a.parker()).isEqualTo("1001");
  }

  @Test
  void dialplanTransferWithoutReferIsStillABlindTransfer() {
    Arrival a = Arrival.of(data("variable_transfer_source", "1795553290:abc:bl_xfer:5000/default/XML"));
    assertThat(a.way()).isEqualTo(WayIn.BLIND_TRANSFER);
    assertThat(a.parker()).isNull();
  }

  @Test
  void attendedTransferCarriesTheConsultationCallIdFromReplaces() {
    Arrival a = Arrival.of(data("variable_sip_h_Referred-By", "<sip:1001@127.0.0.1>",
        "variable_sip_refer_to",
        "<sip:5000@127.0.0.1?Replaces=fec53bb4-a170-4b35-b603-ed5d0748b1f4;to-tag=6vgtX9jNKgj6p;from-tag=125871399>",
        "variable_transfer_source", "1795553290:d170f036:bl_xfer:5000/default/XML",
        "variable_sip_call_id", "1-24208@127.0.0.1"));
    assertThat(a.way()).isEqualTo(WayIn.ATTENDED_TRANSFER);
    assertThat(a.replacesCallId()).isEqualTo("fec53bb4-a170-4b35-b603-ed5d0748b1f4");
    assertThat(a.parker()).isEqualTo("1001");
  }

  @Test
  void replacesEscapedInsideTheUriIsDecoded() {
    Arrival a = Arrival.of(data("variable_sip_refer_to", "<sip:5000@h?Replaces=abc%40host%3Bto-tag%3D1>"));
    assertThat(a.replacesCallId()).isEqualTo("abc@host");
  }

  @Test
  void aBridgedLegMarkedIncallParksItsPartner() {
    Arrival a = Arrival.of(data("variable_callpark_incall", "true", "variable_signal_bond", "partner-uuid",
        "variable_user_name", "1002"));
    assertThat(a.way()).isEqualTo(WayIn.IN_CALL);
    assertThat(a.partnerUuid()).isEqualTo("partner-uuid");
    assertThat(a.parker()).isEqualTo("1002");
  }

  @Test
  void anythingElseIsDirect() {
    assertThat(Arrival.of(data("Caller-Caller-ID-Number", "1000")).way()).isEqualTo(WayIn.DIRECT);
  }
}
