package io.callpark.sim;

import java.time.Instant;

/**
 * A message sent with {@code api chat <proto>|<from>|<to>|<body>[|<type>]} (mod_dptools' chat API, which
 * hands it to mod_sms / the chat interface). The fake records it instead of delivering it.
 *
 * <p>Immutable; thread-safe.
 */
public record ChatMessage(String proto, String from, String to, String body, String type, Instant sentAt) {}
