package dev.smtptestkit.internal.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The few DER (ITU-T X.690) encodings an X.509 certificate needs, each returning the complete
 * tag-length-value. Inputs are small and built here, so everything works on byte arrays.
 */
final class Der {

    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0C;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private static final DateTimeFormatter UTC_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on. */
    private static final Instant YEAR_2050 = Instant.parse("2050-01-01T00:00:00Z");

    private Der() {
    }

    /** A value of the given tag whose contents are the concatenated parts. */
    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream contents = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            contents.writeBytes(part);
        }
        byte[] body = contents.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 6);
        out.write(tag);
        writeLength(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return tlv(SEQUENCE, parts);
    }

    static byte[] set(byte[]... parts) {
        return tlv(SET, parts);
    }

    /** A context-specific constructed tag {@code [n] EXPLICIT}. */
    static byte[] explicit(int n, byte[] inner) {
        return tlv(0xA0 | n, inner);
    }

    /** A context-specific primitive tag {@code [n] IMPLICIT} over raw contents. */
    static byte[] implicit(int n, byte[] contents) {
        return tlv(0x80 | n, contents);
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray()); // two's complement, minimal: what DER asks for
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    /** X.690 8.2.2 and 11.1: DER encodes TRUE as 0xFF. */
    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {value ? (byte) 0xFF : 0});
    }

    static byte[] nullValue() {
        return tlv(NULL);
    }

    static byte[] octetString(byte[] contents) {
        return tlv(OCTET_STRING, contents);
    }

    /** A BIT STRING of whole octets (signatures, keys). */
    static byte[] bitString(byte[] octets) {
        return tlv(BIT_STRING, new byte[] {0}, octets);
    }

    /**
     * A named-bit BIT STRING (key usage): bit 0 is the most significant bit of the first octet;
     * X.690 11.2.2 drops trailing zero bits, and the first octet counts the unused ones.
     */
    static byte[] namedBits(int... bits) {
        int highest = 0;
        for (int bit : bits) {
            highest = Math.max(highest, bit);
        }
        byte[] octets = new byte[highest / 8 + 1];
        for (int bit : bits) {
            octets[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        int unused = 7 - highest % 8;
        return tlv(BIT_STRING, new byte[] {(byte) unused}, octets);
    }

    static byte[] utf8(String text) {
        return tlv(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 5280 4.1.2.5: seconds, always in UTC ("Z"). */
    static byte[] time(Instant instant) {
        return instant.isBefore(YEAR_2050)
                ? tlv(UTC_TIME, UTC_TIME_FORMAT.format(instant).getBytes(StandardCharsets.US_ASCII))
                : tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    /** X.690 8.19: the first two arcs in one subidentifier, each subidentifier base 128. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    /**
     * The contents of the subjectPublicKey BIT STRING inside a SubjectPublicKeyInfo (what
     * RFC 5280 4.2.1.2 hashes for a key identifier), without its unused-bits octet.
     */
    static byte[] subjectPublicKeyBits(byte[] subjectPublicKeyInfo) {
        int[] outer = header(subjectPublicKeyInfo, 0);            // SEQUENCE
        int[] algorithm = header(subjectPublicKeyInfo, outer[0]); // AlgorithmIdentifier
        int bitsTag = algorithm[0] + algorithm[1];
        if (subjectPublicKeyInfo[bitsTag] != BIT_STRING) {
            throw new IllegalArgumentException("not a SubjectPublicKeyInfo: no BIT STRING after the algorithm");
        }
        int[] bits = header(subjectPublicKeyInfo, bitsTag);
        int start = bits[0] + 1;
        int end = bits[0] + bits[1];
        byte[] key = new byte[end - start];
        System.arraycopy(subjectPublicKeyInfo, start, key, 0, key.length);
        return key;
    }

    /** Reads the tag and length at {@code offset}: returns {offset of contents, length of contents}. */
    private static int[] header(byte[] der, int offset) {
        int first = der[offset + 1] & 0xFF;
        if (first < 0x80) {
            return new int[] {offset + 2, first};
        }
        int count = first & 0x7F;
        if (count > 3) {
            throw new IllegalArgumentException("DER length of " + count + " octets is out of range");
        }
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (der[offset + 2 + i] & 0xFF);
        }
        return new int[] {offset + 2 + count, length};
    }

    /** X.690 8.1.3: short form below 128, otherwise the count of length octets, then big-endian. */
    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int octets = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        out.write(0x80 | octets);
        for (int i = octets - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        while (groups < 10 && value >>> (7 * groups) != 0) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((value >>> (7 * i)) & 0x7F);
            out.write(i == 0 ? group : group | 0x80);
        }
    }
}
