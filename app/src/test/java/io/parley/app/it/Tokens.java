package io.parley.app.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints HS256 tokens in tests: expired ones, and ones signed with the wrong key. */
public final class Tokens {

  private Tokens() {}

  public static String hs256(String secret, String userId, long expiresAtSeconds) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            ("{\"sub\":\"" + userId + "\",\"iss\":\"parley\",\"iat\":" + (expiresAtSeconds - 3600) + ",\"exp\":" + expiresAtSeconds + "}")
                .getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature =
          b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
      return header + "." + payload + "." + signature;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
