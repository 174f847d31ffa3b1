package io.callpark.esl.codec;

import java.util.List;
import java.util.Objects;

/**
 * Every command callpark writes to an event socket, one record each. {@link EslCommandEncoder} turns
 * them into bytes and refuses any that would inject a line (see there).
 *
 * <p>Records are immutable and thread-safe.
 */
public sealed interface EslCommand {

  /** Whether FreeSWITCH answers with {@code api/response} (true) or {@code command/reply} (false). */
  default boolean expectsApiResponse() {
    return false;
  }

  /** {@code auth <password>}. {@link #toString()} never shows the password. */
  record Auth(String password) implements EslCommand {
    public Auth {
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Auth[password=***]";
    }
  }

  /** The first thing an outbound socket says: the reply carries the channel data (fact 10). */
  record Connect() implements EslCommand {}

  /** {@code api <command>}: answered by an {@code api/response} whose body is the output. */
  record Api(String command) implements EslCommand {
    @Override
    public boolean expectsApiResponse() {
      return true;
    }
  }

  /** {@code bgapi <command>} with our own {@code Job-UUID}, so the BACKGROUND_JOB can be matched (fact 42). */
  record BgApi(String command, String jobUuid) implements EslCommand {}

  /**
   * {@code sendmsg [<uuid>]} with its headers and optional body. Build one with {@link #execute},
   * {@link #hangup}, {@link #unicast} or {@link #nomedia}; {@code uuid} is null on an outbound socket,
   * which addresses its own channel.
   */
  record SendMsg(String uuid, EslHeaders headers, String body) implements EslCommand {
    /** Application arguments longer than this travel as a {@code text/plain} body (outbound_session.txt). */
    public static final int MAX_HEADER_ARG = 1024;

    /**
     * {@code call-command: execute}. {@code eventUuid} comes back as {@code Application-UUID} on
     * CHANNEL_EXECUTE_COMPLETE (fact 49); {@code eventLock} queues it behind a running app (fact 50).
     */
    public static SendMsg execute(String uuid, String app, String arg, String eventUuid, boolean eventLock, int loops) {
      EslHeaders.Builder h = EslHeaders.builder()
          .add("call-command", "execute")
          .add("execute-app-name", app);
      String body = null;
      if (arg != null && arg.length() > MAX_HEADER_ARG) {
        body = arg;
      } else if (arg != null && !arg.isEmpty()) {
        h.add("execute-app-arg", arg);
      }
      if (loops > 1) {
        h.add("loops", Integer.toString(loops));
      }
      if (eventLock) {
        h.add("event-lock", "true");
      }
      if (eventUuid != null) {
        h.add("Event-UUID", eventUuid);
      }
      return new SendMsg(uuid, h.build(), body);
    }

    public static SendMsg hangup(String uuid, String cause) {
      return new SendMsg(uuid, EslHeaders.of("call-command", "hangup", "hangup-cause", cause), null);
    }

    /** Streams the channel's media to/from a UDP or TCP address ({@code call-command: unicast}). */
    public static SendMsg unicast(String uuid, String localIp, int localPort, String remoteIp, int remotePort,
        String transport) {
      return new SendMsg(uuid, EslHeaders.of("call-command", "unicast",
          "local-ip", localIp, "local-port", Integer.toString(localPort),
          "remote-ip", remoteIp, "remote-port", Integer.toString(remotePort),
          "transport", transport), null);
    }

    public static SendMsg nomedia(String uuid, String nomediaUuid) {
      return new SendMsg(uuid, EslHeaders.of("call-command", "nomedia", "nomedia-uuid", nomediaUuid), null);
    }
  }

  /**
   * {@code event <format> <names...> [CUSTOM <subclasses...>]}. Every word after CUSTOM is a subclass
   * (fact 5), so CUSTOM is always written last, with the subclasses after it.
   */
  record Event(String format, List<String> names, List<String> customSubclasses) implements EslCommand {
    public Event {
      names = List.copyOf(names);
      customSubclasses = List.copyOf(customSubclasses);
    }
  }

  /** {@code myevents [<format>] [<uuid>]}: on an outbound socket, every event of its channel. */
  record MyEvents(String format, String uuid) implements EslCommand {}

  record NixEvent(List<String> names) implements EslCommand {
    public NixEvent {
      names = List.copyOf(names);
    }
  }

  record NoEvents() implements EslCommand {}

  /** {@code filter <header> <value>}; {@code delete=true} writes {@code filter delete ...}. */
  record Filter(String header, String value, boolean delete) implements EslCommand {}

  /** {@code linger [<seconds>]}: keep the socket after hangup to receive the last events (fact 53). */
  record Linger(Integer seconds) implements EslCommand {}

  record NoLinger() implements EslCommand {}

  /** {@code sendevent <name>} with headers and an optional body (fact 46: replied {@code +OK <uuid>}). */
  record SendEvent(String name, EslHeaders headers, String body) implements EslCommand {}

  record Log(int level) implements EslCommand {}

  record NoLog() implements EslCommand {}

  /** {@code exit}: {@code +OK bye}, then a disconnect notice and close (fact 46). */
  record Exit() implements EslCommand {}
}
