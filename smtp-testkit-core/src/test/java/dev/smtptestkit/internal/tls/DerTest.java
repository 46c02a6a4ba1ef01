package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known encodings from X.690 and RFC 5280 examples. */
class DerTest {

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void encodesObjectIdentifiersInBase128() {
        // X.690 8.19.5 example: the first two arcs 1.2 become 42 (0x2A); 840 = 0x86 0x48.
        assertThat(hex(Der.oid("1.2.840.113549"))).isEqualTo("06062a864886f70d");
        assertThat(hex(Der.oid("2.5.29.17"))).isEqualTo("0603551d11");
    }

    @Test
    void usesTheLongLengthFormFrom128Octets() {
        assertThat(hex(Der.octetString(new byte[127])).substring(0, 4)).isEqualTo("047f");
        assertThat(hex(Der.octetString(new byte[128])).substring(0, 6)).isEqualTo("048180");
        assertThat(hex(Der.octetString(new byte[300])).substring(0, 8)).isEqualTo("0482012c");
    }

    @Test
    void dropsTrailingZeroBitsOfNamedBitStrings() {
        assertThat(hex(Der.namedBits(0))).isEqualTo("03020780");      // digitalSignature
        assertThat(hex(Der.namedBits(0, 2))).isEqualTo("030205a0");   // + keyEncipherment
        assertThat(hex(Der.namedBits(5, 6))).isEqualTo("03020106");   // keyCertSign, cRLSign
        assertThat(hex(Der.namedBits(8))).isEqualTo("0303070080");    // decipherOnly needs a second octet
    }

    @Test
    void encodesIntegersAsMinimalTwosComplement() {
        assertThat(hex(Der.integer(0))).isEqualTo("020100");
        assertThat(hex(Der.integer(127))).isEqualTo("02017f");
        assertThat(hex(Der.integer(128))).isEqualTo("02020080");
        assertThat(hex(Der.bool(true))).isEqualTo("0101ff");
    }

    @Test
    void switchesFromUtcTimeToGeneralizedTimeIn2050() {
        // RFC 5280 4.1.2.5.1 / 4.1.2.5.2
        assertThat(hex(Der.time(Instant.parse("2049-12-31T23:59:59Z"))))
                .isEqualTo("170d" + hex("491231235959Z".getBytes(StandardCharsets.US_ASCII)));
        assertThat(hex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))))
                .isEqualTo("180f" + hex("20500101000000Z".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void findsTheKeyBitsInsideASubjectPublicKeyInfo() {
        byte[] spki = Der.sequence(Der.sequence(Der.oid("1.2.840.10045.2.1")), Der.bitString(new byte[] {4, 1, 2, 3}));
        assertThat(hex(Der.subjectPublicKeyBits(spki))).isEqualTo("04010203");
    }
}
