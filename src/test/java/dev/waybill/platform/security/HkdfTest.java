package dev.waybill.platform.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** HKDF-SHA256 against the test vectors of RFC 5869, appendix A. */
class HkdfTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void rfc5869TestCase1BasicSha256() {
    byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    byte[] salt = hex("000102030405060708090a0b0c");
    byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");
    byte[] prk = Hkdf.extract(salt, ikm);
    assertArrayEquals(hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
    assertArrayEquals(
        hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        Hkdf.expand(prk, info, 42));
  }

  @Test
  void rfc5869TestCase2LongerInputsAndOutput() {
    StringBuilder ikm = new StringBuilder();
    StringBuilder salt = new StringBuilder();
    StringBuilder info = new StringBuilder();
    for (int i = 0; i < 80; i++) {
      ikm.append(String.format("%02x", i));
      salt.append(String.format("%02x", 0x60 + i));
      info.append(String.format("%02x", 0xb0 + i));
    }
    assertArrayEquals(
        hex(
            "b11e398dc80327a1c8e7f78c596a4934"
                + "4f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09"
                + "da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f"
                + "1d87"),
        Hkdf.derive(hex(salt.toString()), hex(ikm.toString()), hex(info.toString()), 82));
  }

  @Test
  void rfc5869TestCase3NoSaltAndNoInfo() {
    byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    byte[] prk = Hkdf.extract(null, ikm);
    assertArrayEquals(hex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"), prk);
    assertArrayEquals(
        hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
        Hkdf.derive(new byte[0], ikm, new byte[0], 42));
  }

  @Test
  void outputLongerThan255BlocksIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Hkdf.expand(new byte[32], null, 255 * 32 + 1));
    assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[32], null, 0));
  }

  @Test
  void everyPurposeHasItsOwnKeyAndNoneIsTheMaster() {
    String master = "a-master-secret-of-at-least-32-characters";
    Set<String> keys = new HashSet<>();
    for (KeyPurpose purpose : KeyPurpose.values()) {
      byte[] key = purpose.key(master);
      assertEquals(KeyPurpose.KEY_BYTES, key.length);
      keys.add(HexFormat.of().formatHex(key));
    }
    keys.add(HexFormat.of().formatHex(master.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals(KeyPurpose.values().length + 1, keys.size());
  }
}
