package io.parley.app;

import io.parley.app.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HMAC key that signs login tokens: taken from configuration when given, otherwise generated
 * once (256 random bits) into {@code <data dir>/jwt.key}, readable by the owner only, and reused
 * on every start so tokens survive restarts. Never hard-coded, never logged.
 */
final class JwtSecret {

  static final int MIN_BYTES = 32;
  static final String FILE_NAME = "jwt.key";

  private JwtSecret() {}

  static byte[] resolve(String configured, Path dataDir) {
    if (configured != null) {
      byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < MIN_BYTES) {
        throw new ConfigException("auth.jwt-secret must be at least " + MIN_BYTES + " bytes");
      }
      return bytes;
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) create(file);
      byte[] decoded = Base64.getDecoder().decode(Files.readString(file).trim());
      if (decoded.length < MIN_BYTES) {
        throw new ConfigException(file + " holds fewer than " + MIN_BYTES + " bytes of key");
      }
      return decoded;
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read or create " + file + ": " + e.getMessage());
    }
  }

  private static void create(Path file) throws IOException {
    byte[] key = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(key);
    Files.createDirectories(file.getParent());
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          file, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException raced) {
      // Another process created it first: use theirs.
    }
  }
}
