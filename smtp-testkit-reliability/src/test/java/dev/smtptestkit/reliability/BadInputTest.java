package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven bad input ({@code bad-input.tsv}): each case gets exactly the replies (code and
 * enhanced code) RFC 5321 and RFC 3463 call for, records exactly the emails it should, and
 * afterwards the same receiver serves a clean transaction on a new connection.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputTest {

    private static SmtpReceiver receiver;

    @BeforeAll
    static void start() {
        // STARTTLS and AUTH offered, so their rows (RFC 3207, RFC 4954) run against the real units
        receiver = SmtpReceiver.builder().maxMessageSize(1024 * 1024).tls(TlsMode.STARTTLS)
                .auth(AuthPolicy.users(Map.of("ada", "s3cret"))).start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    static List<BadInputCase> cases() {
        return BadInputCase.load();
    }

    @Test
    void tableHasAtLeast150Cases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsTheExactReply(BadInputCase c) {
        Mailbox mailbox = receiver.mailbox();
        String session;
        try (RawClient smtp = RawClient.connect(receiver.port())) {
            session = Sessions.idOf(mailbox, smtp.socket().getLocalPort());
            prefix(smtp, c.prefix());
            smtp.send(c.bytes());
            List<String> got = new ArrayList<>();
            for (int k = 0; k < c.expected().size(); k++) {
                got.add(smtp.reply().status());
            }
            assertThat(got).as("replies to %s", c).isEqualTo(c.expected());
            if (c.closes()) {
                assertThat(smtp.closedByPeer()).as("connection closed after %s", c).isTrue();
            } else {
                // Nothing else is due: the next reply is QUIT's.
                assertThat(smtp.command("QUIT").code()).as("QUIT after %s", c).isEqualTo(221);
            }
        }
        Sessions.awaitEnd(mailbox, session);
        assertThat(Sessions.emailsOf(mailbox, session)).as("emails recorded by %s", c).hasSize(c.emails());
        // SMTP smuggling: no transaction from the injected commands, ever.
        assertThat(mailbox.emailsFrom("evil@smuggle.test")).isEmpty();
        assertThat(mailbox.emailsTo("victim@smuggle.test")).isEmpty();
        cleanTransaction(mailbox);
    }

    private static void prefix(RawClient smtp, String prefix) {
        smtp.expect(220);
        if (prefix.equals("greeted")) {
            return;
        }
        if (prefix.equals("helo")) {
            assertThat(smtp.command("HELO bad.test").code()).isEqualTo(250);
            return;
        }
        assertThat(smtp.command("EHLO bad.test").code()).isEqualTo(250);
        if (prefix.equals("ehlo")) {
            return;
        }
        assertThat(smtp.command("MAIL FROM:<sender@bad.test>").code()).isEqualTo(250);
        if (prefix.equals("mail")) {
            return;
        }
        assertThat(smtp.command("RCPT TO:<rcpt@bad.test>").code()).isEqualTo(250);
        if (prefix.equals("rcpt")) {
            return;
        }
        if (prefix.equals("data")) {
            assertThat(smtp.command("DATA").code()).isEqualTo(354);
            return;
        }
        throw new IllegalArgumentException("unknown prefix " + prefix);
    }

    private static void cleanTransaction(Mailbox mailbox) {
        TestMessage message = TestMessage.generate(42, 3, mailbox.size());
        try (RawClient smtp = RawClient.ready(receiver.port())) {
            SmtpReply accepted = LoadRun.sendData(smtp, message, false);
            assertThat(accepted.status()).isEqualTo("250 2.0.0");
            String id = accepted.lines().get(0).substring(accepted.lines().get(0).lastIndexOf(' ') + 1);
            ReceivedEmail email = mailbox.emails(e -> e.id().equals(id)).get(0);
            assertThat(email.rawBytes()).isEqualTo(message.content());
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
    }
}
