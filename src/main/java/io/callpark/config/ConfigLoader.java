package io.callpark.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.esl.outbound.OutboundOptions;
import io.callpark.management.ManagementOptions;
import io.callpark.parking.AccessList;
import io.callpark.parking.BoxSip;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkingContext;
import io.callpark.parking.SlotRange;
import io.callpark.presence.PresenceOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates {@code callpark.yaml} (see the file of that name at the repository root for every
 * key with its default). Every error names the file, the key and what is wrong; unknown keys are
 * errors. Passwords never sit in the file: each box names an environment variable
 * ({@code passwordEnv}) or a file ({@code passwordFile}) that holds it. Stateless.
 */
public final class ConfigLoader {
  private static final Duration MIN_TIMER = Duration.ofSeconds(1);
  private static final Duration MAX_TIMER = Duration.ofHours(24);
  /** Larger files are refused before they are read: a config is a few KiB, never megabytes. */
  static final long MAX_FILE_BYTES = 1 << 20;
  /** A password file holds one line. */
  static final long MAX_PASSWORD_FILE_BYTES = 4096;

  private final Function<String, String> env;

  public ConfigLoader(Function<String, String> env) {
    this.env = env;
  }

  public ConfigLoader() {
    this(System::getenv);
  }

  /** One node, one box at 127.0.0.1:8021 (password from CALLPARK_ESL_PASSWORD, else FreeSWITCH's stock one), lot default. */
  public CallparkConfig embeddedDefault() {
    String pw = env.apply("CALLPARK_ESL_PASSWORD");
    InboundOptions box = InboundOptions.of("fs1", "127.0.0.1", 8021, pw == null || pw.isEmpty() ? "ClueCon" : pw)
        .withEvents(BoxConfig.EVENTS, List.of());
    Lot lot = Lot.withDefaults("default", SlotRange.of(6001, 6099));
    return new CallparkConfig("node1", OutboundOptions.DEFAULT, ParkingContext.Dialplan.DEFAULT,
        List.of(new BoxConfig(box, "127.0.0.1")), Map.of("default", lot), "default", true, Duration.ofMillis(250), null);
  }

  public CallparkConfig load(Path file) {
    return parse(file.toString(), read(file), file.toAbsolutePath().getParent());
  }

  /**
   * Only the {@code management} section of {@code file}, validated as {@link #load} would: what the CLI needs to
   * reach a running node. Nothing else is read, so no password has to be at hand.
   */
  public ManagementOptions loadManagement(Path file) {
    String source = file.toString();
    return management(new Node(source, "", tree(source, read(file))).get("management"));
  }

  private static String read(Path file) {
    String source = file.toString();
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ConfigException(source, "(file)", "is " + size + " bytes; a config file may have at most "
            + MAX_FILE_BYTES);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(source, "(file)", "cannot be read: " + e.getMessage());
    }
  }

  private static JsonNode tree(String source, String yaml) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException(source, "(file)", "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** {@code management: {host, port}}; left out: 127.0.0.1:9090. */
  private static ManagementOptions management(Node m) {
    m.only("host", "port");
    String host = m.get("host").text(ManagementOptions.DEFAULT.host());
    if (host.isBlank() || !host.matches("[A-Za-z0-9.:_-]{1,253}")) {
      throw m.get("host").error("must be an address to bind, e.g. 127.0.0.1, got '" + Node.truncate(host) + "'");
    }
    return new ManagementOptions(host, m.get("port").integer(ManagementOptions.DEFAULT.port(), 0, 65535));
  }

  public CallparkConfig parse(String source, String yaml, Path baseDir) {
    JsonNode root = tree(source, yaml);
    Node top = new Node(source, "", root)
        .only("node", "boxes", "lots", "defaultLot", "cluster", "presence", "management", "http");
    CallparkConfig def = embeddedDefault();

    Node node = top.get("node").only("id", "outbound", "dialplan", "messageParker", "timerPeriod");
    String nodeId = node.get("id").text("node1");
    if (!nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw node.get("id").error("must be 1-64 letters, digits, '.', '_' or '-', got '" + Node.truncate(nodeId) + "'");
    }
    Node out = node.get("outbound").only("host", "port", "allowedPeers");
    OutboundOptions outbound;
    try {
      Set<String> peers = new HashSet<>();
      out.get("allowedPeers").list().forEach(n -> peers.add(n.required()));
      outbound = new OutboundOptions(out.get("host").text("127.0.0.1"), out.get("port").integer(8084, 0, 65535), peers,
          Duration.ofSeconds(10), 256);
    } catch (IllegalArgumentException e) {
      throw out.error(e.getMessage());
    }
    Node dp = node.get("dialplan").only("context", "parkExtension");
    ParkingContext.Dialplan dialplan = new ParkingContext.Dialplan(
        extension(dp.get("context"), "default"), extension(dp.get("parkExtension"), "park"));

    List<BoxConfig> boxes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<Node> boxNodes = top.get("boxes").list();
    for (Node b : boxNodes) {
      b.only("id", "host", "port", "domain", "passwordEnv", "passwordFile", "sipAddress", "sipPrefix");
      String id = b.get("id").required();
      if (!ids.add(id)) {
        throw b.get("id").error("two boxes have the id '" + Node.truncate(id) + "'");
      }
      String password = password(b, baseDir);
      try {
        InboundOptions o = InboundOptions.of(id, b.get("host").text("127.0.0.1"), b.get("port").integer(8021, 1, 65535),
            password).withEvents(BoxConfig.EVENTS, List.of());
        boxes.add(new BoxConfig(o, b.get("domain").text(o.host()), sip(b, o.host())));
      } catch (IllegalArgumentException e) {
        throw b.error(e.getMessage());
      }
    }
    boxes = checkSipAddresses(boxNodes, boxes);
    if (top.get("boxes").isMissing()) {
      boxes.addAll(def.boxes());
    } else if (boxes.isEmpty()) {
      throw top.get("boxes").error("lists no FreeSWITCH box");
    }

    Map<String, Lot> lots = new LinkedHashMap<>();
    for (Node l : top.get("lots").list()) {
      Lot lot = lot(l);
      if (lots.put(lot.name(), lot) != null) {
        throw l.get("name").error("two lots are named '" + lot.name() + "'");
      }
    }
    if (top.get("lots").isMissing()) {
      lots.putAll(def.lots());
    } else if (lots.isEmpty()) {
      throw top.get("lots").error("lists no lot");
    }
    checkOverlaps(top.get("lots"), lots);
    String defaultLot = top.get("defaultLot").text(lots.keySet().iterator().next());
    if (!lots.containsKey(defaultLot)) {
      throw top.get("defaultLot").error("names no lot: '" + Node.truncate(defaultLot) + "' (lots: " + lots.keySet() + ")");
    }
    Node cluster = top.get("cluster").only("config");
    String clusterFile = cluster.get("config").text(null);
    Path clusterPath = clusterFile == null ? null : baseDir == null ? Path.of(clusterFile) : baseDir.resolve(clusterFile);
    if (clusterPath != null && !Files.isReadable(clusterPath)) {
      throw cluster.get("config").error("file not readable: " + clusterPath);
    }
    ManagementOptions management = management(top.get("management"));
    if (management.port() != 0 && management.port() == outbound.port()
        && (management.host().equals(outbound.host()) || "0.0.0.0".equals(management.host()))) {
      throw top.get("management").get("port").error("is the outbound listener's port too (" + outbound.host() + ":"
          + outbound.port() + "); give the management listener its own");
    }
    return new CallparkConfig(nodeId, outbound, dialplan, boxes, lots, defaultLot, node.get("messageParker").bool(true),
        node.get("timerPeriod").duration(Duration.ofMillis(250), Duration.ofMillis(10), Duration.ofSeconds(10)),
        clusterPath, presence(top.get("presence")), management, HttpReader.read(top.get("http"), env, baseDir));
  }

  /** {@code presence:} recallLamp (ringing | held), reconcileEvery (0 = off, else 10s-24h), reconcileRate (events/s). */
  private static PresenceOptions presence(Node p) {
    p.only("recallLamp", "reconcileEvery", "reconcileRate");
    PresenceOptions def = PresenceOptions.DEFAULT;
    Node every = p.get("reconcileEvery");
    Duration period = every.duration(def.reconcileEvery(), Duration.ZERO, PresenceOptions.MAX_RECONCILE_EVERY);
    if (!period.isZero() && period.compareTo(PresenceOptions.MIN_RECONCILE_EVERY) < 0) {
      throw every.error("must be 0 (off) or at least " + PresenceOptions.MIN_RECONCILE_EVERY.toSeconds() + " s, got "
          + period.toMillis() + " ms");
    }
    return new PresenceOptions(
        p.get("recallLamp").choice(def.recallLamp(), PresenceOptions.RecallLamp.class),
        period,
        p.get("reconcileRate").integer(def.reconcileRate(), PresenceOptions.MIN_RATE, PresenceOptions.MAX_RATE));
  }

  private Lot lot(Node l) {
    l.only("name", "slots", "allocation", "parkingTime", "recallTime", "holdMusic", "announce", "occupied",
        "retrieveAccess", "fallback", "attendedGrace", "emptySlotPrompt", "fullPrompt", "occupiedPrompt",
        "escalation", "holdingPrompt", "holdingEvery");
    String name = l.get("name").required();
    if (!name.matches("[A-Za-z0-9_.+-]{1,64}")) {
      throw l.get("name").error("must be 1-64 letters, digits, '.', '_', '+' or '-', got '" + Node.truncate(name) + "'");
    }
    if (l.get("slots").isMissing()) {
      throw l.get("slots").error("is required, e.g. 6001-6099");
    }
    SlotRange slots = l.get("slots").parse(SlotRange::parse, null);
    List<String> access = new ArrayList<>();
    l.get("retrieveAccess").list().forEach(n -> access.add(n.required()));
    AccessList acl;
    try {
      acl = new AccessList(access);
    } catch (IllegalArgumentException e) {
      throw l.get("retrieveAccess").error(e.getMessage());
    }
    String fallback = l.get("fallback").isMissing() ? null : extension(l.get("fallback"), null);
    Duration parkingTime = l.get("parkingTime").duration(Duration.ofSeconds(60), MIN_TIMER, MAX_TIMER);
    Duration recallTime = l.get("recallTime").duration(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMinutes(10));
    return new Lot(name, slots,
        l.get("allocation").choice(Lot.Allocation.FIRST_FREE, Lot.Allocation.class),
        parkingTime, recallTime,
        media(l.get("holdMusic"), Lot.DEFAULT_HOLD_MUSIC),
        l.get("announce").bool(true),
        l.get("occupied").choice(Lot.OccupiedPolicy.REFUSE, Lot.OccupiedPolicy.class),
        acl, fallback,
        l.get("attendedGrace").duration(Duration.ofSeconds(10), MIN_TIMER, Duration.ofMinutes(5)),
        media(l.get("emptySlotPrompt"), Lot.DEFAULT_EMPTY_PROMPT),
        media(l.get("fullPrompt"), Lot.DEFAULT_FULL_PROMPT),
        media(l.get("occupiedPrompt"), Lot.DEFAULT_OCCUPIED_PROMPT),
        EscalationReader.read(l, parkingTime, recallTime, fallback != null));
  }

  /**
   * A box's SIP address for cross-box retrieval: {@code sipAddress} (IP:port; an IP because a fetch leg's
   * source is checked against it) and {@code sipPrefix}. Left out: the event socket host (when it is an
   * IP), port 5060, {@code sofia/internal}; null when that host is a name and no address is given.
   */
  private static BoxSip sip(Node b, String eslHost) {
    Node address = b.get("sipAddress");
    Node prefix = b.get("sipPrefix");
    String p = prefix.text(BoxSip.DEFAULT_PREFIX);
    try {
      BoxSip.checkPrefix(p);
    } catch (IllegalArgumentException e) {
      throw prefix.error(e.getMessage());
    }
    if (address.isMissing()) {
      BoxSip def = BoxSip.defaultFor(eslHost);
      return def == null ? null : def.withDialPrefix(p);
    }
    try {
      return BoxSip.parse(address.required(), p);
    } catch (IllegalArgumentException e) {
      throw address.error(e.getMessage());
    }
  }

  /**
   * Two boxes at one SIP address cannot fetch from each other: given explicitly, that is an error; when
   * both came from the defaults (two boxes on one host), those boxes just get no SIP address, and a
   * cross-box retrieval involving them is refused with a log line naming {@code sipAddress}.
   */
  private static List<BoxConfig> checkSipAddresses(List<Node> nodes, List<BoxConfig> boxes) {
    List<BoxConfig> out = new ArrayList<>(boxes);
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        BoxSip a = boxes.get(i).sip();
        BoxSip b = boxes.get(j).sip();
        if (a == null || b == null || !a.address().equals(b.address())) {
          continue;
        }
        boolean explicitA = !nodes.get(i).get("sipAddress").isMissing();
        boolean explicitB = !nodes.get(j).get("sipAddress").isMissing();
        if (explicitA && explicitB) {
          throw nodes.get(j).get("sipAddress").error("is the same as box '" + boxes.get(i).id() + "' ("
              + a.address() + "); each box needs its own");
        }
        if (!explicitA) {
          out.set(i, new BoxConfig(boxes.get(i).options(), boxes.get(i).domain(), null));
        }
        if (!explicitB) {
          out.set(j, new BoxConfig(boxes.get(j).options(), boxes.get(j).domain(), null));
        }
      }
    }
    return out;
  }

  /** Two lots sharing a slot number would make "dial 6001" ambiguous. */
  private static void checkOverlaps(Node where, Map<String, Lot> lots) {
    List<Lot> all = new ArrayList<>(lots.values());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        SlotRange a = all.get(i).slots();
        SlotRange b = all.get(j).slots();
        if (a.from() <= b.to() && b.from() <= a.to()) {
          throw where.error("lots '" + all.get(i).name() + "' (" + a + ") and '" + all.get(j).name() + "' (" + b
              + ") share slots");
        }
      }
    }
  }

  private String password(Node b, Path baseDir) {
    String var = b.get("passwordEnv").text(null);
    String file = b.get("passwordFile").text(null);
    if (var == null && file == null) {
      throw b.error("needs passwordEnv (an environment variable) or passwordFile; passwords never go in this file");
    }
    if (var != null) {
      String v = env.apply(var);
      if (v == null || v.isEmpty()) {
        throw b.get("passwordEnv").error("environment variable " + Node.truncate(var) + " is not set");
      }
      return checkedPassword(b.get("passwordEnv"), v, "environment variable " + Node.truncate(var));
    }
    Path p = baseDir == null ? Path.of(file) : baseDir.resolve(file);
    try {
      if (Files.size(p) > MAX_PASSWORD_FILE_BYTES) {
        throw b.get("passwordFile").error("file " + p + " is larger than " + MAX_PASSWORD_FILE_BYTES
            + " bytes: not a password file");
      }
      String v = Files.readString(p, StandardCharsets.UTF_8).strip();
      if (v.isEmpty()) {
        throw b.get("passwordFile").error("file " + p + " is empty");
      }
      return checkedPassword(b.get("passwordFile"), v, "file " + p);
    } catch (IOException e) {
      throw b.get("passwordFile").error("cannot read " + p + ": " + e.getClass().getSimpleName());
    }
  }

  /**
   * The password goes on the wire as {@code auth <password>}: a line break in it would end the command
   * early (and the encoder would refuse it at connect time, far from the cause). The error never shows
   * the password.
   */
  private static String checkedPassword(Node where, String password, String from) {
    for (int i = 0; i < password.length(); i++) {
      if (password.charAt(i) < 0x20 || password.charAt(i) == 0x7F) {
        throw where.error(from + " holds a line break or control character (character " + (i + 1)
            + "); the event socket password is one line");
      }
    }
    return password;
  }

  static String extension(Node n, String def) {
    String s = n.text(def);
    if (s != null && !s.matches("[A-Za-z0-9_.+-]{1,64}")) {
      throw n.error("must be a dialplan extension (letters, digits, '.', '_', '+', '-'), got '" + Node.truncate(s) + "'");
    }
    return s;
  }

  static String media(Node n, String def) {
    String s = n.text(def);
    if (s.isBlank() || s.contains(" ") && !s.startsWith("tone_stream://")) {
      throw n.error("must be a file or stream URL without spaces, got '" + Node.truncate(s) + "'");
    }
    return s;
  }
}
