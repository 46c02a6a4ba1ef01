package dev.smtptestkit.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 2195 CRAM-MD5: the challenge's shape and the keyed digest. */
public final class CramMd5 {

    private CramMd5() {
    }

    /**
     * A challenge in the form RFC 2195 2 asks for, a msg-id {@code <random.timestamp@hostname>}. The
     * caller supplies the random number and the time, so this package reads neither.
     *
     * @param random      a random number, printed unsigned
     * @param epochMillis the current time
     * @param serverName  the receiver's name
     * @return for example {@code <1896.697170952@postoffice.reston.mci.net>}
     */
    public static String challenge(long random, long epochMillis, String serverName) {
        return "<" + Long.toUnsignedString(random) + "." + epochMillis + "@" + serverName + ">";
    }

    /**
     * RFC 2195 2: HMAC-MD5 (RFC 2104) of the challenge keyed with the password, as 32 lower-case
     * hexadecimal digits.
     *
     * @param password  the shared secret
     * @param challenge the challenge exactly as sent (before base64)
     * @return the digest in lower-case hex
     */
    public static String digest(String password, String challenge) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            byte[] key = password.getBytes(StandardCharsets.UTF_8);
            // SecretKeySpec refuses an empty key; HMAC pads any key to the block size with zeros, so one zero octet is the same key
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacMD5"));
            return HexFormat.of().formatHex(mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is not available in this JVM, so CRAM-MD5 cannot be checked", e);
        }
    }
}
