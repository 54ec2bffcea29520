package io.parley.core.account;

import java.util.concurrent.CompletionStage;

/**
 * Port: slow, salted password hashing. Implementations run the work off the caller's thread (it
 * takes tens of milliseconds by design) and encode parameters and salt into the returned string.
 */
public interface PasswordHasher {

  CompletionStage<String> hash(String password);

  CompletionStage<Boolean> verify(String password, String encodedHash);
}
