package io.callpark.esl.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays FreeSWITCH from a {@link Transcript}: a NetServer on 127.0.0.1 (ephemeral port) that, on each
 * connection, writes the fs->client chunks up to the first client->fs chunk, then waits until the client
 * has written a whole command (up to the blank line, plus its Content-Length body), checks it against
 * the next client chunk with a {@link ClientBytesMatcher}, and writes the fs->client chunks that
 * followed it in the capture — whole, or split into random small pieces. At the end of the transcript it
 * closes the connection, as FreeSWITCH did after {@code exit}. A mismatch is recorded and closes the
 * connection.
 *
 * <p>Thread-safe to inspect from the test thread; the replay runs on the server's context.
 */
public final class TranscriptServer {
  private final Transcript transcript;
  private final ClientBytesMatcher matcher;
  private final Random splitter;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<String> mismatches = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private NetServer server;

  private TranscriptServer(Transcript transcript, ClientBytesMatcher matcher, Random splitter) {
    this.transcript = transcript;
    this.matcher = matcher;
    this.splitter = splitter;
  }

  /** {@code splitter} null writes each fs->client chunk whole; else in random pieces of 1..48 bytes. */
  public static Future<TranscriptServer> start(Vertx vertx, Transcript transcript, ClientBytesMatcher matcher,
      Random splitter) {
    TranscriptServer t = new TranscriptServer(transcript, matcher, splitter);
    t.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
    t.server.connectHandler(t::replay);
    return t.server.listen().map(s -> t);
  }

  public int port() {
    return server.actualPort();
  }

  /** Every command clients wrote, as text, in order. */
  public List<String> received() {
    return List.copyOf(received);
  }

  /** Differences between what a client wrote and the transcript; empty when the client behaved. */
  public List<String> mismatches() {
    return List.copyOf(mismatches);
  }

  public int connections() {
    return connections.get();
  }

  /** Connections that reached the end of the transcript. */
  public int finished() {
    return finished.get();
  }

  public Future<Void> close() {
    return server.close();
  }

  private void replay(NetSocket socket) {
    connections.incrementAndGet();
    new Replay(socket).start();
  }

  private final class Replay {
    private final NetSocket socket;
    private final Map<String, String> substitutions = new HashMap<>();
    private Buffer pending = Buffer.buffer();
    private int next;
    private boolean done;

    Replay(NetSocket socket) {
      this.socket = socket;
    }

    void start() {
      socket.handler(this::onData);
      writeFsChunks();
    }

    private void onData(Buffer data) {
      pending.appendBuffer(data);
      String command;
      while (!done && (command = takeCommand()) != null) {
        received.add(command);
        List<Transcript.Chunk> chunks = transcript.chunks();
        if (next >= chunks.size() || !chunks.get(next).fromClient()) {
          fail("client wrote " + ClientBytesMatcher.escape(command) + " where the transcript has no client chunk");
          return;
        }
        String why = matcher.mismatch(chunks.get(next).text(), command, substitutions);
        if (why != null) {
          fail("chunk " + next + ": " + why);
          return;
        }
        next++;
        writeFsChunks();
      }
    }

    /** One command: up to the blank line, plus the Content-Length body if it announces one. */
    private String takeCommand() {
      byte[] b = pending.getBytes();
      int end = Transcript.indexOf(b, new byte[] {'\n', '\n'}, 0);
      if (end < 0) {
        return null;
      }
      int length = 0;
      for (String line : new String(b, 0, end, StandardCharsets.UTF_8).split("\n")) {
        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      }
      int total = end + 2 + length;
      if (b.length < total) {
        return null;
      }
      pending = pending.getBuffer(total, b.length);
      return new String(b, 0, total, StandardCharsets.UTF_8);
    }

    private void writeFsChunks() {
      List<Transcript.Chunk> chunks = transcript.chunks();
      while (next < chunks.size() && !chunks.get(next).fromClient()) {
        write(substitute(chunks.get(next).bytes()));
        next++;
      }
      if (next >= chunks.size()) {
        done = true;
        finished.incrementAndGet();
        socket.close();
      }
    }

    private void write(byte[] bytes) {
      if (splitter == null) {
        socket.write(Buffer.buffer(bytes));
        return;
      }
      for (int i = 0; i < bytes.length; ) {
        int n = Math.min(bytes.length - i, 1 + splitter.nextInt(48));
        socket.write(Buffer.buffer().appendBytes(bytes, i, n));
        i += n;
      }
    }

    private byte[] substitute(byte[] bytes) {
      if (substitutions.isEmpty()) {
        return bytes;
      }
      // ISO-8859-1 maps bytes 1:1, and bound values have the transcript value's length: sizes stay right.
      String s = new String(bytes, StandardCharsets.ISO_8859_1);
      for (Map.Entry<String, String> e : substitutions.entrySet()) {
        s = s.replace(e.getKey(), e.getValue());
      }
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void fail(String why) {
      mismatches.add(transcript.name() + ": " + why);
      done = true;
      socket.close();
    }
  }
}
