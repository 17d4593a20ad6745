package dev.waybill.platform.security;

import java.security.SecureRandom;

/**
 * Cryptographically strong random values for tokens, keys and salts.
 *
 * <p>The generators are made at run time, one per thread on first use. Application classes are
 * initialized while a native image is built, so a generator held in a static field would be seeded
 * once, at build time, and every process started from the image would share that seed.
 */
public final class Randomness {

  private static final ThreadLocal<SecureRandom> GENERATOR =
      ThreadLocal.withInitial(SecureRandom::new);

  private Randomness() {}

  /** Fills {@code bytes} with random bytes. */
  public static void nextBytes(byte[] bytes) {
    GENERATOR.get().nextBytes(bytes);
  }

  /** A random int from 0 (inclusive) to {@code bound} (exclusive). */
  public static int nextInt(int bound) {
    return GENERATOR.get().nextInt(bound);
  }
}
