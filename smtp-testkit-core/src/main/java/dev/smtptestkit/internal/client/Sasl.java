package dev.smtptestkit.internal.client;

import dev.smtptestkit.internal.auth.CramMd5;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The client's SASL messages, base64 as RFC 4954 4 sends them. */
final class Sasl {

    private Sasl() {
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4616 2: [authzid] NUL authcid NUL passwd; no authorization identity. */
    static String plain(String user, String password) {
        return base64("\0" + user + "\0" + password);
    }

    /** RFC 2195 2: the user name, a space and the keyed digest of the decoded challenge. */
    static String cramMd5(String user, String password, String base64Challenge) {
        String challenge = new String(Base64.getMimeDecoder().decode(base64Challenge), StandardCharsets.UTF_8);
        return base64(user + " " + CramMd5.digest(password, challenge));
    }

    /** Google's XOAUTH2: "user=" user ^A "auth=Bearer " token ^A ^A. */
    static String xoauth2(String user, String token) {
        return base64("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001");
    }
}
