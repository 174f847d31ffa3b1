package io.callpark.bench;

import io.callpark.bench.CapturedStream.Chunking;
import java.util.List;

/**
 * A decoder under measurement: given captured streams cut into reads, it decodes every frame and fully
 * decodes every {@code text/event-plain} event (all headers URL-decoded), once per {@link #pass()}.
 * Each stream gets a fresh decoder per pass, as each FreeSWITCH connection gets its own. Not thread-safe.
 */
public interface StreamDecoder {

  /** Cuts the streams into reads up front, so that {@link #pass()} measures decoding only. */
  void prepare(List<CapturedStream> streams, Chunking chunking);

  /** Decodes all prepared streams once; fails on anything the decoder rejects. */
  Tally pass();

  String label();
}
