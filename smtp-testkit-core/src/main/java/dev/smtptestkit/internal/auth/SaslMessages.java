package dev.smtptestkit.internal.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** Decoding of the client's SASL messages: strict base64, then each mechanism's message shape. */
final class SaslMessages {

    /** A decoded message that does not have the shape its mechanism defines; the text says why. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /** PLAIN's three fields (RFC 4616 2). */
    record Plain(Optional<String> authorizationId, String user, String password) {
    }

    /** CRAM-MD5's answer (RFC 2195 2): the user name and the digest in lower-case hex. */
    record CramAnswer(String user, String digest) {
    }

    /** XOAUTH2's initial client response: the user name and the bearer token. */
    record Xoauth2(String user, String token) {
    }

    private SaslMessages() {
    }

    /**
     * Strict base64 (RFC 4648 4): the standard alphabet, padding required, no whitespace or line
     * breaks, and no stray bits in the last group (RFC 4648 3.5), so every value has exactly one
     * accepted spelling. RFC 4954 4 wants a 501 for anything that does not decode.
     */
    static Optional<byte[]> decodeBase64(String text) {
        if (text.length() % 4 != 0) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the JDK decoder ignores non-zero pad bits ("QR==" decodes like "QQ=="); re-encoding rejects them
        return Base64.getEncoder().encodeToString(decoded).equals(text) ? Optional.of(decoded) : Optional.empty();
    }

    /** Base64 of US-ASCII text, for the challenges the receiver sends. */
    static String encodeBase64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4616 2: {@code message = [authzid] UTF8NUL authcid UTF8NUL passwd}, authcid and passwd not empty. */
    static Plain plain(byte[] message) throws Malformed {
        int first = indexOf(message, 0, 0);
        int second = first < 0 ? -1 : indexOf(message, 0, first + 1);
        if (second < 0 || indexOf(message, 0, second + 1) >= 0) {
            throw new Malformed("PLAIN needs [authzid] NUL authcid NUL passwd (RFC 4616 2)");
        }
        String authorizationId = utf8(message, 0, first, "authorization identity");
        String user = userName(utf8(message, first + 1, second, "user name"));
        String password = utf8(message, second + 1, message.length, "password");
        if (password.isEmpty()) {
            throw new Malformed("empty password (RFC 4616 2)");
        }
        if (!authorizationId.isEmpty()) {
            userName(authorizationId);
        }
        return new Plain(authorizationId.isEmpty() ? Optional.empty() : Optional.of(authorizationId), user, password);
    }

    /** LOGIN's first answer: the user name. */
    static String loginUser(byte[] message) throws Malformed {
        return userName(utf8(message, 0, message.length, "user name"));
    }

    /** LOGIN's second answer: the password, which may be empty (the validator decides). */
    static String loginPassword(byte[] message) throws Malformed {
        return utf8(message, 0, message.length, "password");
    }

    /** RFC 2195 2: the user name, a space, and the 16-octet digest as 32 hexadecimal digits. */
    static CramAnswer cramAnswer(byte[] message) throws Malformed {
        String text = utf8(message, 0, message.length, "answer");
        int space = text.lastIndexOf(' ');
        String digest = space < 0 ? "" : text.substring(space + 1);
        if (space < 0 || digest.length() != 32 || !digest.chars().allMatch(SaslMessages::isHexDigit)) {
            throw new Malformed("CRAM-MD5 needs the user name, a space and 32 hex digits (RFC 2195 2)");
        }
        return new CramAnswer(userName(text.substring(0, space)), digest.toLowerCase(Locale.ROOT));
    }

    /**
     * XOAUTH2 (Google's SASL XOAUTH2 mechanism): {@code user=<name> ^A auth=Bearer <token> ^A ^A},
     * ^A being octet 0x01. Keys are matched case-insensitively, other keys ignored.
     */
    static Xoauth2 xoauth2(byte[] message) throws Malformed {
        String text = utf8(message, 0, message.length, "response");
        String shape = "XOAUTH2 needs user=<name>^Aauth=Bearer <token>^A^A";
        if (!text.endsWith("\u0001\u0001")) {
            throw new Malformed(shape);
        }
        String user = null;
        String token = null;
        for (String field : text.substring(0, text.length() - 2).split("\u0001", -1)) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : field.substring(eq + 1);
            if (key.equals("user")) {
                user = value;
            } else if (key.equals("auth") && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = value.substring(7);
            }
        }
        if (user == null || token == null || token.isEmpty()) {
            throw new Malformed(shape);
        }
        return new Xoauth2(userName(user), token);
    }

    // A user name is recorded in the envelope, events and transcripts, so it must be one printable line.
    private static String userName(String name) throws Malformed {
        if (name.isEmpty()) {
            throw new Malformed("empty user name");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new Malformed("control character in user name");
        }
        return name;
    }

    private static String utf8(byte[] message, int from, int to, String what) throws Malformed {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(what + " is not UTF-8");
        }
    }

    private static int indexOf(byte[] bytes, int value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
