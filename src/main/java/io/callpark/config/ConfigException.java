package io.callpark.config;

/** A configuration error: names the file, the key and what is wrong. The node refuses to start. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String source, String key, String problem) {
    super(source + ": " + key + ": " + problem);
  }
}
