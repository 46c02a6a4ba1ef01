package dev.smtptestkit.internal.protocol;

import java.util.ArrayList;
import java.util.List;

/** EHLO and HELO (RFC 5321 4.1.1.1): name the client, reset the session, list the extensions. */
final class HelloVerb {

    private HelloVerb() {
    }

    static Decision decide(String name, boolean ehlo, SessionState s) {
        Reply reply;
        if (ehlo) {
            List<String> keywords = new ArrayList<>();
            for (Extension extension : Extension.values()) { // declaration order: the order of the EHLO lines
                if (!s.config.extensions().contains(extension)) {
                    continue;
                }
                if (extension == Extension.STARTTLS) {
                    // RFC 3207 4.2: not offered again once TLS is active
                    if (s.config.tls().startTls() && !s.tlsActive) {
                        keywords.add("STARTTLS");
                    }
                } else if (extension == Extension.AUTH) {
                    s.config.auth().ehloKeyword(s.tlsActive).ifPresent(keywords::add);
                } else {
                    keywords.add(extension.keyword(s.config));
                }
            }
            reply = Replies.ehlo(s.config.serverName(), name, keywords);
        } else {
            reply = Replies.helo(s.config.serverName(), name);
        }
        return Decision.reply(reply).onAccept(() -> {
            // RFC 5321 4.1.4: EHLO/HELO in the middle of a session resets it like RSET.
            s.resetTransaction();
            s.extended = ehlo;
            s.heloName = name;
            s.state = Session.State.READY;
        });
    }
}
